package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
  static final String GOOD =
      """
      router-id: 192.0.2.1
      bgp:
        asn: 65001
        listen: { address: "::", port: 179 }
        multipath: { ebgp: 16, ibgp: 16, as-path-relax: true }
        announce: [198.51.100.0/24, 2001:db8:100::/48]
        neighbors:
          - address: 192.0.2.2
            asn: 65002
            password: "secret"
            timers: { hold: 30s, keepalive: 10s, connect-retry: 2s }
            import: accept-all
            export: accept-all
          - { address: 2001:db8::2, asn: 4200000000, passive: true }
      """;

  @Test
  void theExampleParses() throws ConfigException {
    CairnConfig c = ConfigLoader.parse(GOOD, "cairn.yaml");
    assertThat(c.routerId()).hasToString("192.0.2.1");
    assertThat(c.bgp().asn()).isEqualTo(65001);
    assertThat(c.bgp().ebgpMaxPaths()).isEqualTo(16);
    assertThat(c.bgp().asPathRelax()).isTrue();
    assertThat(c.bgp().announce())
        .containsExactly(IpPrefix.parse("198.51.100.0/24"), IpPrefix.parse("2001:db8:100::/48"));
    CairnConfig.Neighbor n = c.bgp().neighbors().get(0);
    assertThat(n.password()).isEqualTo("secret");
    assertThat(n.holdTime()).isEqualTo(Duration.ofSeconds(30));
    assertThat(n.importPolicy()).isEqualTo("accept-all");
    CairnConfig.Neighbor v6 = c.bgp().neighbors().get(1);
    assertThat(v6.address()).isEqualTo(IpAddress.parse("2001:db8::2"));
    assertThat(v6.asn()).isEqualTo(4200000000L);
    assertThat(v6.passive()).isTrue();
    assertThat(v6.importPolicy()).isNull(); // RFC 8212: no policy configured
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "router-id: 192.0.2.300|f.yaml:1:12: invalid IPv4 address '192.0.2.300': octet 300 is greater than 255",
        "router-id: 2001:db8::1|f.yaml:1:12: router-id must be an IPv4 address",
        "routerid: 192.0.2.1|f.yaml:1:1: unknown key 'routerid' (did you mean 'router-id'?)",
        "router-id: 192.0.2.1\\nbgp:\\n  asn: 70000000000|f.yaml:3:8: value 70000000000 is out of range 1..4294967295",
        "router-id: 192.0.2.1\\nbgp:\\n  asn: 1\\n  announce: [192.0.2.1/24]|f.yaml:4:14: invalid prefix '192.0.2.1/24': host bits are set (did you mean 192.0.2.0/24?)",
        "router-id: 192.0.2.1\\nbgp:\\n  asn: 1\\n  neighbors:\\n    - {address: 192.0.2.2, asn: 2, timers: {hold: 2s}}|f.yaml:5:51: hold time must be 0 or 3..65535 seconds",
        "router-id: 192.0.2.1\\nbgp:\\n  asn: 1\\n  neighbors:\\n    - {address: 192.0.2.2, asn: 2, import: mine}|f.yaml:5:44: policy 'mine' does not exist (named policies are not implemented yet; use accept-all or reject-all)",
        "router-id: 192.0.2.1\\nbgp:\\n  asn: 1\\n  neighbors:\\n    - {address: 192.0.2.2, asn: 2}\\n    - {address: 192.0.2.2, asn: 3}|f.yaml:6:7: duplicate neighbor 192.0.2.2",
        "router-id: 192.0.2.1\\nbgp:\\n  asn: 1\\n  multipath: {ebgp: 0}|f.yaml:4:21: value 0 is out of range 1..256",
        "router-id: [1]|f.yaml:1:12: expected a value, not a list",
        "router-id: 192.0.2.1\\nrouter-id: 192.0.2.2|f.yaml:2:1: duplicate key 'router-id'",
      })
  void badFilesSayWhereAndWhat(String text, String message) {
    assertThatThrownBy(() -> ConfigLoader.parse(text.replace("\\n", "\n"), "f.yaml"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors()).contains(message));
  }

  @Test
  void everyProblemIsReportedAtOnceInFileOrder() {
    String text = "routr-id: 192.0.2.1\nbgp:\n  asn: x\n  announce: [192.0.2.0/33]\n";
    assertThatThrownBy(() -> ConfigLoader.parse(text, "f.yaml"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).errors())
                    .containsExactly(
                        "f.yaml:1:1: unknown key 'routr-id' (did you mean 'router-id'?)",
                        "f.yaml:1:1: router-id is required",
                        "f.yaml:3:8: 'x' is not a number",
                        "f.yaml:4:14: invalid prefix '192.0.2.0/33': length 33 is greater than 32"));
  }
}
