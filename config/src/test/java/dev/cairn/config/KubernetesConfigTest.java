package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code kubernetes:} section's input-safety keys: defaults, errors, printing, diffs. */
class KubernetesConfigTest {
  static final String R = "router-id: 192.0.2.1\n";

  static KubernetesConfig k8s(String section) throws ConfigException {
    return ConfigLoader.parse(R + "kubernetes:\n" + section, "k.yaml").kubernetes().orElseThrow();
  }

  static IpPrefix p(String s) {
    return IpPrefix.parse(s);
  }

  @Test
  void defaultsAnnounceNoExternalIpAndAllowNoCommunity() throws Exception {
    KubernetesConfig k = k8s("  node-name: n1\n");
    KubernetesConfig.Advertise a = k.advertise();
    assertThat(a.externalIpRanges()).isEmpty();
    assertThat(a.externalIpAllowed(IpAddress.parse("203.0.113.1"))).isFalse();
    assertThat(a.loadBalancerIpRanges()).isEmpty();
    assertThat(a.loadBalancerIpAllowed(IpAddress.parse("203.0.113.1"))).isTrue();
    assertThat(a.clusterIpAllowed(IpAddress.parse("192.0.2.9"))).isTrue();
    assertThat(a.serviceRanges()).isEmpty();
    assertThat(k.allowedCommunities()).isEqualTo(KubernetesConfig.AllowedCommunities.NONE);
    assertThat(k.mesh()).isEqualTo(KubernetesConfig.NodeMesh.DEFAULT);
    assertThat(k.mesh().maxPrefixes()).isEqualTo(1000);
    assertThat(k.nodeMesh()).isTrue();
    assertThat(k.routeReflectorSelector())
        .contains("node-restriction.kubernetes.io/cairn-route-reflector=true");
  }

  @Test
  void rangesCommunitiesAndMeshSettings() throws Exception {
    KubernetesConfig k =
        k8s(
            """
              advertise:
                external-ips: true
                external-ip-ranges: [203.0.113.0/25, "2001:db8:e::/48"]
                load-balancer-ip-ranges: [198.51.100.0/24]
                cluster-ip-ranges: [192.0.2.0/24]
              allowed-communities: ["65000:100", no-export, "65000:1:2"]
              node-mesh: { password: s3cret, ttl-security: 1, max-prefixes: 50 }
              route-reflector-selector: "cairn.dev/rr=yes"
            """);
    KubernetesConfig.Advertise a = k.advertise();
    assertThat(a.externalIpRanges()).containsExactly(p("203.0.113.0/25"), p("2001:db8:e::/48"));
    assertThat(a.externalIpAllowed(IpAddress.parse("203.0.113.127"))).isTrue();
    assertThat(a.externalIpAllowed(IpAddress.parse("203.0.113.128"))).isFalse();
    assertThat(a.loadBalancerIpAllowed(IpAddress.parse("198.51.100.7"))).isTrue();
    assertThat(a.loadBalancerIpAllowed(IpAddress.parse("203.0.113.7"))).isFalse();
    assertThat(a.clusterIpAllowed(IpAddress.parse("198.51.100.7"))).isFalse();
    assertThat(a.serviceRanges())
        .containsExactly(
            p("192.0.2.0/24"), p("203.0.113.0/25"), p("2001:db8:e::/48"), p("198.51.100.0/24"));
    assertThat(k.allowedCommunities().standard())
        .containsExactly(new Community(65000L << 16 | 100), Community.parse("no-export"));
    assertThat(k.allowedCommunities().large()).containsExactly(new LargeCommunity(65000, 1, 2));
    assertThat(k.mesh())
        .isEqualTo(
            new KubernetesConfig.NodeMesh(true, Optional.of("s3cret"), OptionalInt.of(1), 50));
    assertThat(k.mesh().toString()).doesNotContain("s3cret");
    assertThat(k.routeReflectorSelector()).contains("cairn.dev/rr=yes");
  }

  @Test
  void theBooleanMeshFormStillWorks() throws Exception {
    assertThat(k8s("  node-mesh: false\n").mesh())
        .isEqualTo(KubernetesConfig.NodeMesh.DEFAULT.withEnabled(false));
    assertThat(k8s("  node-mesh: true\n").mesh()).isEqualTo(KubernetesConfig.NodeMesh.DEFAULT);
    assertThat(k8s("  node-mesh: { enabled: false }\n").nodeMesh()).isFalse();
  }

  @Test
  void printedAndParsedBackEqualWithThePasswordRedacted() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            R
                + """
                kubernetes:
                  advertise: { external-ip-ranges: [203.0.113.0/24], load-balancer-ip-ranges: [] }
                  allowed-communities: ["65000:100", graceful-shutdown, "1:2:3"]
                  node-mesh: { password: s3cret, ttl-security: 2, max-prefixes: 0 }
                """,
            "k.yaml");
    String yaml = ConfigPrinter.print(c);
    assertThat(ConfigLoader.parse(yaml, "printed.yaml")).as(yaml).isEqualTo(c);
    assertThat(yaml).contains("load-balancer-ip-ranges: []");
    assertThat(ConfigPrinter.printRedacted(c)).doesNotContain("s3cret").contains("<redacted>");
    CairnConfig d = ConfigLoader.parse(R + "kubernetes: {}\n", "d.yaml");
    assertThat(ConfigLoader.parse(ConfigPrinter.print(d), "printed.yaml")).isEqualTo(d);
  }

  @Test
  void aChangedRangeOrCommunityListIsAKubernetesChange() throws Exception {
    CairnConfig a =
        ConfigLoader.parse(R + "kubernetes: { allowed-communities: [\"1:1\"] }\n", "a.yaml");
    for (String other :
        List.of(
            "kubernetes: { allowed-communities: [\"1:2\"] }\n",
            "kubernetes: { allowed-communities: [\"1:1\"],"
                + " advertise: { external-ip-ranges: [203.0.113.0/24] } }\n",
            "kubernetes: { allowed-communities: [\"1:1\"], node-mesh: { max-prefixes: 5 } }\n")) {
      ConfigDiff d = ConfigDiff.between(a, ConfigLoader.parse(R + other, "b.yaml"));
      assertThat(d.sections()).as(other).containsExactly(ConfigDiff.Section.KUBERNETES);
    }
  }

  static Stream<Arguments> bad() {
    return Stream.of(
        Arguments.of(
            "  advertise: { external-ip-ranges: [203.0.113.1/24] }\n",
            "c.yaml:3:37: invalid prefix '203.0.113.1/24': host bits are set"
                + " (did you mean 203.0.113.0/24?)"),
        Arguments.of(
            "  advertise: { external-ip-ranges: 203.0.113.0/24 }\n",
            "c.yaml:3:36: external-ip-ranges must be a list, found '203.0.113.0/24'"),
        Arguments.of(
            "  advertise:\n    load-balancer-ip-ranges: [198.51.100.0/24, 198.51.100.0/24]\n",
            "c.yaml:4:48: duplicate load-balancer-ip-ranges 198.51.100.0/24 (first at line 4)"),
        Arguments.of(
            "  allowed-communities: [\"65000:70000\"]\n",
            "c.yaml:3:25: invalid community '65000:70000': both parts must be at most 65535;"
                + " allowed-communities lists standard (ASN:VALUE, well-known names) and large"
                + " (GLOBAL:DATA1:DATA2) communities, the ones Service annotations can carry"),
        Arguments.of(
            "  allowed-communities: [\"rt:65000:1\"]\n",
            "c.yaml:3:25: invalid large community 'rt:65000:1' (expected GLOBAL:DATA1:DATA2)"),
        Arguments.of(
            "  node-mesh: { ttl-security: 0 }\n",
            "c.yaml:3:30: ttl-security must be between 1 and 254, found 0"),
        Arguments.of(
            "  node-mesh: { max-prefixes: -1 }\n",
            "c.yaml:3:30: max-prefixes must be between 0 and 4294967295, found -1"),
        Arguments.of(
            "  node-mesh: { passwd: x }\n",
            "c.yaml:3:16: unknown key 'passwd' in node-mesh (did you mean 'password'?)"),
        Arguments.of(
            "  node-mesh: yes\n", "c.yaml:3:14: node-mesh must be true or false, found 'yes'"),
        Arguments.of(
            "  node-mesh: { password: \"\" }\n",
            "c.yaml:3:26: password must not be empty (remove the key for no password)"),
        Arguments.of(
            "  route-reflector-selector: \"a in b\"\n",
            null)); // the selector's own message: checked only for its position
  }

  @ParameterizedTest
  @MethodSource("bad")
  void badValuesPointAtFileLineColumn(String section, String expected) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () -> ConfigLoader.parse(R + "kubernetes:\n" + section, "c.yaml"));
    assertThat(e).as(section).isNotNull();
    assertThat(e.errors()).hasSize(1);
    if (expected != null) {
      assertThat(e.toString()).isEqualTo(expected);
    } else {
      assertThat(e.toString()).startsWith("c.yaml:3:29: ");
    }
  }
}
