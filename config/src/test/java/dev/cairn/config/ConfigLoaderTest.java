package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cairn.config.OspfConfig.Area;
import dev.cairn.config.OspfConfig.AreaType;
import dev.cairn.config.OspfConfig.Auth;
import dev.cairn.config.OspfConfig.AuthType;
import dev.cairn.config.OspfConfig.Interface;
import dev.cairn.config.OspfConfig.Key;
import dev.cairn.config.OspfConfig.NetworkType;
import dev.cairn.config.Policy.Action;
import dev.cairn.config.Policy.Match;
import dev.cairn.config.Policy.SetActions;
import dev.cairn.config.Policy.Term;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  /** The example of DESIGN.md §6, verbatim. */
  static final String DESIGN_EXAMPLE =
      String.join(
          "\n",
          "router-id: 192.0.2.1",
          "control: { socket: /run/cairn/cairn.sock }      # what `cairn` talks to",
          "metrics: { listen: \"127.0.0.1:9179\" }          # Prometheus /metrics",
          "kernel:",
          "  enabled: true",
          "  table: main",
          "  ecmp: { max-paths: 16, resilient: { buckets: 128, idle-timer: 120s } }",
          "  export: [bgp, ospf, static, kubernetes]      # which protocols' routes go to the FIB",
          "static:",
          "  - { prefix: 198.51.100.0/24, via: [192.0.2.254] }",
          "bgp:",
          "  asn: 65001",
          "  listen: { address: \"::\", port: 179 }",
          "  multipath: { ebgp: 16, ibgp: 16, as-path-relax: true }",
          "  redistribute: [kubernetes, static]             # RIB routes offered to export policies",
          "  announce: [198.51.100.0/24]                    # prefixes originated as they are",
          "  route-reflector: { cluster-id: 192.0.2.1 }",
          "  neighbors:",
          "    - address: 192.0.2.2",
          "      asn: 65002",
          "      password: \"secret\"                         # TCP-MD5 (RFC 2385)",
          "      families: [ipv4-unicast, ipv6-unicast]",
          "      route-reflector-client: false",
          "      next-hop-self: false",
          "      timers: { hold: 90s, keepalive: 30s, connect-retry: 5s }",
          "      max-prefixes: 1000000",
          "      import: accept-all                         # or a policy name",
          "      export: default-out",
          "ospf:",
          "  areas:",
          "    - id: 0.0.0.0",
          "      interfaces:",
          "        - { name: eth0, cost: 10, hello: 10s, dead: 40s, auth: { type: md5, key-id: 1,"
              + " key: \"k\" } }",
          "  redistribute: [kubernetes, static]",
          "kubernetes:",
          "  kubeconfig: /etc/cairn/kubeconfig              # absent: in-cluster service account",
          "  node-name: node-1",
          "  advertise: { pod-cidrs: true, cluster-ips: true, external-ips: true,"
              + " load-balancer-ips: true }",
          "  node-mesh: true                                # iBGP with every other node found in"
              + " the API",
          "policies:",
          "  default-out:",
          "    - { match: { prefix: [\"10.0.0.0/8 le 32\"] }, action: accept, set: { community-add:"
              + " [\"65001:100\"] } }",
          "    - { action: reject }",
          "");

  static IpAddress ip(String s) {
    return IpAddress.parse(s);
  }

  static Ipv4Address v4(String s) {
    return Ipv4Address.parse(s);
  }

  static IpPrefix pfx(String s) {
    return IpPrefix.parse(s);
  }

  static CairnConfig expectedDesignExample() {
    NeighborConfig n =
        new NeighborConfig(
            ip("192.0.2.2"),
            65002,
            Optional.empty(),
            Optional.of("secret"),
            List.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST),
            false,
            false,
            false,
            Optional.empty(),
            OptionalInt.empty(),
            OptionalInt.empty(),
            new NeighborConfig.Timers(
                Duration.ofSeconds(90), Duration.ofSeconds(30), Duration.ofSeconds(5)),
            Optional.of(new NeighborConfig.MaxPrefixes(1_000_000, Optional.empty())),
            Optional.of("accept-all"),
            Optional.of("default-out"),
            false,
            Optional.empty());
    BgpConfig bgp =
        new BgpConfig(
            65001,
            Optional.empty(),
            new Endpoint(ip("::"), 179),
            new BgpConfig.Multipath(16, 16, true),
            EnumSet.of(Protocol.KUBERNETES, Protocol.STATIC),
            List.of(pfx("198.51.100.0/24")),
            Optional.of(v4("192.0.2.1")),
            new BgpConfig.GracefulRestart(false, Duration.ofSeconds(120)),
            List.of(n));
    OspfConfig ospf =
        new OspfConfig(
            List.of(
                new Area(
                    v4("0.0.0.0"),
                    AreaType.NORMAL,
                    List.of(
                        new Interface(
                            "eth0",
                            10,
                            Duration.ofSeconds(10),
                            Duration.ofSeconds(40),
                            1,
                            NetworkType.BROADCAST,
                            false,
                            new Auth(AuthType.MD5, List.of(new Key(1, "k"))))))),
            EnumSet.of(Protocol.KUBERNETES, Protocol.STATIC));
    KubernetesConfig k8s =
        new KubernetesConfig(
            Optional.of(Path.of("/etc/cairn/kubeconfig")),
            Optional.of("node-1"),
            new KubernetesConfig.Advertise(true, true, true, true),
            true,
            Optional.of(KubernetesConfig.DEFAULT_REFLECTOR_SELECTOR));
    Policy defaultOut =
        new Policy(
            "default-out",
            List.of(
                new Term(
                    new Match(
                        List.of(new PrefixMatch(pfx("10.0.0.0/8"), 8, 32)),
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of()),
                    Action.ACCEPT,
                    new SetActions(
                        OptionalLong.empty(),
                        OptionalLong.empty(),
                        List.of(Community.parse("65001:100")),
                        List.of(),
                        Optional.empty(),
                        List.of(),
                        Optional.empty(),
                        Optional.empty())),
                new Term(Match.ANY, Action.REJECT, SetActions.NONE)));
    return new CairnConfig(
        v4("192.0.2.1"),
        Path.of("/run/cairn/cairn.sock"),
        new Endpoint(ip("127.0.0.1"), 9179),
        new KernelConfig(
            true,
            254,
            16,
            Optional.of(new KernelConfig.Resilient(128, Duration.ofSeconds(120))),
            EnumSet.allOf(Protocol.class)),
        List.of(new StaticRoute(pfx("198.51.100.0/24"), List.of(ip("192.0.2.254")), false)),
        Optional.of(bgp),
        Optional.of(ospf),
        Optional.of(k8s),
        Map.of("default-out", defaultOut));
  }

  @Test
  void designExampleParsesToTheExpectedRecords() throws Exception {
    CairnConfig c = ConfigLoader.parse(DESIGN_EXAMPLE, "cairn.yaml");
    assertThat(c).isEqualTo(expectedDesignExample());
    assertThat(c.bgpRouterId()).isEqualTo(v4("192.0.2.1"));
  }

  @Test
  void kernelMetricAndScanTime() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            "router-id: 192.0.2.1\nkernel: { metric: 30, scan-time: 10s }\n", "k.yaml");
    assertThat(c.kernel().metric()).isEqualTo(30);
    assertThat(c.kernel().scanTime()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void defaults() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            "router-id: 192.0.2.1\n"
                + "bgp:\n  asn: 65001\n  neighbors:\n"
                + "    - { address: 192.0.2.2, asn: 65002 }\n"
                + "    - { address: \"2001:db8::2\", asn: 65002 }\n"
                + "ospf:\n  areas:\n    - { id: 0, interfaces: [{ name: eth0, hello: 5s }] }\n"
                + "kubernetes: {}\n",
            "d.yaml");
    assertThat(c.controlSocket()).isEqualTo(Path.of("/run/cairn/cairn.sock"));
    assertThat(c.metricsListen().toString()).isEqualTo("127.0.0.1:9179");
    assertThat(c.kernel()).isEqualTo(KernelConfig.DEFAULT);
    assertThat(c.kernel().enabled()).isTrue();
    assertThat(c.kernel().table()).isEqualTo(254);
    assertThat(c.kernel().maxPaths()).isEqualTo(16);
    assertThat(c.kernel().metric()).isEqualTo(20);
    assertThat(c.kernel().scanTime()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.staticRoutes()).isEmpty();
    assertThat(c.policies()).isEmpty();
    BgpConfig b = c.bgp().orElseThrow();
    assertThat(b.listen()).isEqualTo(new Endpoint(ip("::"), 179));
    assertThat(b.multipath()).isEqualTo(BgpConfig.Multipath.DEFAULT);
    assertThat(b.gracefulRestart()).isEqualTo(BgpConfig.GracefulRestart.DEFAULT);
    assertThat(b.clusterId()).isEmpty();
    NeighborConfig v4n = b.neighbors().get(0);
    assertThat(v4n.families()).containsExactly(Family.IPV4_UNICAST);
    assertThat(v4n.timers().hold()).isEqualTo(Duration.ofSeconds(90));
    assertThat(v4n.timers().keepalive()).isEqualTo(Duration.ofSeconds(30));
    assertThat(v4n.timers().connectRetry()).isEqualTo(Duration.ofSeconds(5));
    assertThat(v4n.importPolicy()).isEmpty(); // absent: RFC 8212, not accept-all
    assertThat(v4n.exportPolicy()).isEmpty();
    assertThat(v4n.passive()).isFalse();
    assertThat(v4n.shutdown()).isFalse();
    assertThat(b.neighbors().get(1).families()).containsExactly(Family.IPV6_UNICAST);
    Interface i = c.ospf().orElseThrow().areas().get(0).interfaces().get(0);
    assertThat(c.ospf().orElseThrow().areas().get(0).id()).isEqualTo(v4("0.0.0.0"));
    assertThat(i.cost()).isEqualTo(10);
    assertThat(i.dead()).isEqualTo(Duration.ofSeconds(20)); // 4 × hello
    assertThat(i.priority()).isEqualTo(1);
    assertThat(i.networkType()).isEqualTo(NetworkType.BROADCAST);
    assertThat(i.auth()).isEqualTo(Auth.NONE);
    KubernetesConfig k = c.kubernetes().orElseThrow();
    assertThat(k.nodeMesh()).isTrue();
    assertThat(k.advertise()).isEqualTo(KubernetesConfig.Advertise.DEFAULT);
    assertThat(k.kubeconfig()).isEmpty();
  }

  @Test
  void keepaliveDefaultsToAThirdOfAnExplicitHold() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            "router-id: 192.0.2.1\nbgp:\n  asn: 65001\n  neighbors:\n"
                + "    - { address: 192.0.2.2, asn: 65002, timers: { hold: 9s } }\n"
                + "    - { address: 192.0.2.3, asn: 65002, timers: { hold: 0s } }\n",
            "k.yaml");
    List<NeighborConfig> ns = c.bgp().orElseThrow().neighbors();
    assertThat(ns.get(0).timers().keepalive()).isEqualTo(Duration.ofSeconds(3));
    assertThat(ns.get(1).timers().keepalive()).isEqualTo(Duration.ZERO);
  }

  @Test
  void asnAcceptsAsdotAnd4Octet() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            "router-id: 192.0.2.1\nbgp:\n  asn: 1.10\n  neighbors:\n"
                + "    - { address: 192.0.2.2, asn: 4200000001 }\n",
            "a.yaml");
    assertThat(c.bgp().orElseThrow().asn()).isEqualTo(65546);
    assertThat(c.bgp().orElseThrow().neighbors().get(0).asn()).isEqualTo(4_200_000_001L);
  }

  @Test
  void absentImportIsDistinctFromAcceptAll() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            "router-id: 192.0.2.1\nbgp:\n  asn: 65001\n  neighbors:\n"
                + "    - { address: 192.0.2.2, asn: 65002, import: accept-all }\n"
                + "    - { address: 192.0.2.3, asn: 65002 }\n",
            "p.yaml");
    List<NeighborConfig> ns = c.bgp().orElseThrow().neighbors();
    assertThat(ns.get(0).importPolicy()).contains(Policy.ACCEPT_ALL);
    assertThat(ns.get(1).importPolicy()).isEmpty();
    assertThat(ns.get(0)).isNotEqualTo(ns.get(1));
  }

  @Test
  void policyDetails() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            "router-id: 192.0.2.1\npolicies:\n  p:\n"
                + "    - match:\n"
                + "        prefix: [\"10.0.0.0/8 ge 24 le 28\", \"192.0.2.0/24 ge 30\","
                + " 198.51.100.0/24]\n"
                + "        as-path: \"^65001( |$)\"\n"
                + "        community: [\"65001:10\", no-export]\n"
                + "        large-community: [\"4200000001:1:2\"]\n"
                + "        ext-community: [\"rt:65001:100\", \"soo:192.0.2.1:7\"]\n"
                + "        next-hop: [192.0.2.9, \"2001:db8::/32\"]\n"
                + "        neighbor: [192.0.2.2]\n"
                + "      set:\n"
                + "        local-pref: 200\n"
                + "        med: 0\n"
                + "        community-remove: [\"65001:10\"]\n"
                + "        large-community-add: [\"64512:1:1\"]\n"
                + "        as-path-prepend: { asn: 64512, count: 3 }\n"
                + "        next-hop: self\n"
                + "    - set: { community-replace: [], next-hop: 192.0.2.7 }\n"
                + "      action: accept\n",
            "p.yaml");
    Term t = c.policies().get("p").terms().get(0);
    assertThat(t.action()).isEqualTo(Action.NEXT);
    assertThat(t.match().prefixes())
        .containsExactly(
            new PrefixMatch(pfx("10.0.0.0/8"), 24, 28),
            new PrefixMatch(pfx("192.0.2.0/24"), 30, 32),
            new PrefixMatch(pfx("198.51.100.0/24"), 24, 24));
    assertThat(t.match().prefixes().get(0).matches(pfx("10.1.2.0/24"))).isTrue();
    assertThat(t.match().prefixes().get(0).matches(pfx("10.1.0.0/16"))).isFalse();
    assertThat(t.match().asPath()).contains("^65001( |$)");
    assertThat(t.match().communities())
        .containsExactly(new Community(65001L << 16 | 10), new Community(0xFFFFFF01L));
    assertThat(t.match().communities().get(1).toString()).isEqualTo("no-export");
    assertThat(t.match().largeCommunities())
        .containsExactly(new LargeCommunity(4_200_000_001L, 1, 2));
    assertThat(t.match().extCommunities())
        .containsExactly(
            new ExtCommunity("rt", "65001", 100), new ExtCommunity("soo", "192.0.2.1", 7));
    assertThat(t.match().nextHops()).containsExactly(pfx("192.0.2.9/32"), pfx("2001:db8::/32"));
    assertThat(t.set().localPref()).hasValue(200);
    assertThat(t.set().med()).hasValue(0);
    assertThat(t.set().asPathPrepend()).contains(new Policy.AsPathPrepend(64512, 3));
    assertThat(t.set().nextHop()).contains(Policy.NextHop.SELF);
    Term t2 = c.policies().get("p").terms().get(1);
    assertThat(t2.set().communityReplace()).contains(List.of());
    assertThat(t2.set().nextHop().orElseThrow().address()).contains(ip("192.0.2.7"));
  }

  @Test
  void largeAndExtendedCommunitySetActionsParseAndPrintBack() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            "router-id: 192.0.2.1\npolicies:\n  p:\n"
                + "    - set:\n"
                + "        large-community-add: [\"64512:1:1\"]\n"
                + "        large-community-remove: [\"64512:9:9\"]\n"
                + "        ext-community-add: [\"rt:65001:100\", \"soo:192.0.2.1:7\"]\n"
                + "        ext-community-remove: [\"rt:4200000001:5\"]\n"
                + "        next-hop: \"2001:db8::7\"\n"
                + "    - set: { large-community-replace: [], ext-community-replace: [\"rt:1:2\"] }\n"
                + "      action: accept\n",
            "p.yaml");
    Policy.SetActions s = c.policies().get("p").terms().get(0).set();
    assertThat(s.largeCommunityAdd()).containsExactly(new LargeCommunity(64512, 1, 1));
    assertThat(s.largeCommunityRemove()).containsExactly(new LargeCommunity(64512, 9, 9));
    assertThat(s.extCommunityAdd())
        .containsExactly(
            new ExtCommunity("rt", "65001", 100), new ExtCommunity("soo", "192.0.2.1", 7));
    assertThat(s.extCommunityRemove()).containsExactly(new ExtCommunity("rt", "4200000001", 5));
    assertThat(s.nextHop().orElseThrow().address()).contains(ip("2001:db8::7"));
    Policy.SetActions s2 = c.policies().get("p").terms().get(1).set();
    assertThat(s2.largeCommunityReplace()).contains(List.of());
    assertThat(s2.extCommunityReplace()).contains(List.of(new ExtCommunity("rt", "1", 2)));
    assertThat(ConfigLoader.parse(ConfigPrinter.print(c), "printed.yaml")).isEqualTo(c);
  }

  @Test
  void extendedCommunityValuesAreTheWireOctets() {
    // type 0x00 (two-octet AS), 0x01 (IPv4 address), 0x02 (four-octet AS, RFC 5668)
    assertThat(ExtCommunity.parse("rt:65001:100").value()).isEqualTo(0x0002_FDE9_0000_0064L);
    assertThat(ExtCommunity.parse("soo:192.0.2.1:7").value()).isEqualTo(0x0103_C000_0201_0007L);
    assertThat(ExtCommunity.parse("rt:4200000001:5").value()).isEqualTo(0x0202_FA56_EA01_0005L);
  }

  @Test
  void severalErrorsAreAllReportedInPositionOrder() {
    String yaml =
        "router-id: 192.0.2.1\n"
            + "kernel:\n"
            + "  ecmp: { max-paths: 0 }\n"
            + "  tabel: main\n"
            + "bgp:\n"
            + "  asn: 65001\n"
            + "  neighbors:\n"
            + "    - address: 192.0.2.2\n"
            + "      asn: 65002\n"
            + "      timers: { hold: 1s }\n"
            + "      export: nope\n"
            + "    - address: 192.0.2.2\n"
            + "      asn: 65003\n"
            + "static:\n"
            + "  - { prefix: 10.0.0.1/8, via: [192.0.2.1] }\n";
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, "m.yaml"));
    assertThat(e.toString())
        .isEqualTo(
            String.join(
                "\n",
                "m.yaml:3:22: max-paths must be between 1 and 256, found 0",
                "m.yaml:4:3: unknown key 'tabel' in kernel (did you mean 'table'?)",
                "m.yaml:10:23: hold must be 0 or between 3s and 65535s, found 1s",
                "m.yaml:11:15: policy 'nope' is not defined",
                "m.yaml:12:16: duplicate neighbor 192.0.2.2 (first at line 8)",
                "m.yaml:15:15: invalid prefix '10.0.0.1/8': host bits are set"
                    + " (did you mean 10.0.0.0/8?)"));
    assertThat(e.errors()).hasSize(6).isSorted();
    assertThat(e.errors().get(0))
        .isEqualTo(
            new ConfigError("m.yaml", 3, 22, "max-paths must be between 1 and 256, found 0"));
  }

  @Test
  void durations() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Durations.parse("90"))
        .hasMessage("duration '90' needs a unit (did you mean 90s?)");
    assertThatThrownBy(() -> Durations.parse("5 m"))
        .hasMessage("invalid duration '5 m' (expected e.g. 90s, 5m, 500ms, 1h)");
    assertThatThrownBy(() -> Durations.parse("-5s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("1.5s")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(5))).isEqualTo("5m");
    assertThat(Durations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(Durations.format(Duration.ofHours(1))).isEqualTo("1h");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
  }

  @Test
  void loadReportsTheFileNameAndMissingFiles(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("cairn.yaml");
    Files.writeString(f, "router-id: 192.0.2.1\nbgp: { asn: 0 }\n");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(f));
    assertThat(e.toString()).isEqualTo(f + ":2:13: ASN 0 is reserved (RFC 7607)");
    ConfigException missing =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.load(dir.resolve("none.yaml")));
    assertThat(missing.toString()).startsWith(dir.resolve("none.yaml") + ": cannot read file");
    Files.writeString(f, "router-id: 192.0.2.1\n");
    assertThat(ConfigLoader.load(f).routerId()).isEqualTo(v4("192.0.2.1"));
  }

  @Test
  void noArbitraryTypes() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "router-id: 192.0.2.1\n"
                        + "control: { socket: !!javax.script.ScriptEngineManager [] }\n",
                    "t.yaml"));
    assertThat(e.toString())
        .isEqualTo(
            "t.yaml:2:20: Global tag is not allowed:"
                + " tag:yaml.org,2002:javax.script.ScriptEngineManager");
    ConfigException local =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "router-id: 192.0.2.1\nbgp: { asn: !!binary AAAA }\n", "t.yaml"));
    assertThat(local.errors().get(0).toString())
        .isEqualTo("t.yaml:2:13: YAML tag tag:yaml.org,2002:binary is not allowed here");
  }

  @Test
  void aliasBombIsRefused() {
    StringBuilder y = new StringBuilder("router-id: 192.0.2.1\n");
    y.append("a: &a [x, x, x, x, x, x, x, x, x]\n");
    char prev = 'a';
    for (char c = 'b'; c <= 'k'; c++) {
      y.append(c).append(": &").append(c).append(" [");
      for (int i = 0; i < 9; i++) {
        y.append(i == 0 ? "" : ", ").append('*').append(prev);
      }
      y.append("]\n");
      prev = c;
    }
    assertThatThrownBy(() -> ConfigLoader.parse(y.toString(), "bomb.yaml"))
        .isInstanceOf(ConfigException.class);
  }

  @Test
  void aDurationBeyondJavasRangeIsAConfigError() {
    // 110,000 x 999999999d overflows java.time.Duration: ArithmeticException escaped the loader
    String huge = "999999999d".repeat(110_000);
    String y =
        "router-id: 192.0.2.1\nbgp:\n  asn: 65001\n  graceful-restart: { restart-time: "
            + huge
            + " }\n";
    assertThatThrownBy(() -> ConfigLoader.parse(y, "t.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("t.yaml:4:")
        .hasMessageContaining("duration is too long");
  }

  @Test
  void recordsAreImmutable() throws Exception {
    CairnConfig c = ConfigLoader.parse(DESIGN_EXAMPLE, "cairn.yaml");
    assertThatThrownBy(() -> c.staticRoutes().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.policies().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> c.bgp().orElseThrow().neighbors().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(c.bgp().orElseThrow().neighbors().get(0).toString())
        .doesNotContain("secret")
        .contains("<redacted>");
  }
}
