package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigLoader;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Channel;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redistribution as the daemon wires it from the configuration: each protocol's channel exports
 * what {@code bgp.redistribute}, {@code ospf.redistribute} (with its policy) and {@code
 * kernel.export} name, and nothing else.
 */
class RedistributionTest {
  @TempDir Path dir;

  static final IpPrefix STATIC = IpPrefix.parse("192.0.2.128/25");

  static Route route(String prefix, Protocol p) {
    return Route.of(IpPrefix.parse(prefix), p, List.of(new NextHop(null, "eth0")), 0);
  }

  @Test
  void staticRoutesReachABgpNeighborOnlyWhileRedistributedAndAReloadMovesThem() throws Exception {
    try (TwoDaemons lab = new TwoDaemons(dir, "accept-all")) {
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> ReloadTest.neighbor(lab.a).toString(),
          () -> ReloadTest.neighbor(lab.a).prefixesAccepted() == 2);
      assertThat(lab.run("show ip route")).contains("192.0.2.128/25"); // in a's RIB
      assertThat(lab.b.onBgp(lab.b.speaker::bestRoutes)).doesNotContainKey(STATIC);

      // bgp.redistribute: [static]: the static route goes to b
      String plain = Files.readString(lab.configA);
      Files.writeString(
          lab.configA, plain.replace("  asn: 65001\n", "  asn: 65001\n  redistribute: [static]\n"));
      assertThat(lab.run("reload")).contains("bgp redistribute [static]");
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> lab.b.onBgp(lab.b.speaker::bestRoutes).toString(),
          () -> lab.b.onBgp(lab.b.speaker::bestRoutes).containsKey(STATIC));

      // and out again
      Files.writeString(lab.configA, plain);
      assertThat(lab.run("reload")).contains("bgp redistribute []");
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> lab.b.onBgp(lab.b.speaker::bestRoutes).toString(),
          () -> !lab.b.onBgp(lab.b.speaker::bestRoutes).containsKey(STATIC));
    }
  }

  @Test
  void kernelExportWithoutKubernetesKeepsKubernetesRoutesOutOfTheFib() throws Exception {
    CairnConfig c =
        ConfigLoader.parse("router-id: 192.0.2.1\nkernel: { export: [bgp, static] }\n", "k.yaml");
    Channel.Export fib = KernelSync.exportFilter(c.kernel().export());
    assertThat(fib.accepts(route("203.0.113.50/32", Protocol.KUBERNETES))).isFalse();
    assertThat(fib.accepts(route("198.51.100.0/24", Protocol.STATIC))).isTrue();
    assertThat(fib.accepts(route("198.51.100.0/24", Protocol.EBGP))).isTrue();
    assertThat(fib.accepts(route("198.51.100.0/24", Protocol.IBGP))).isTrue();
    assertThat(fib.accepts(route("198.51.100.0/24", Protocol.OSPF_INTRA_AREA))).isFalse();
    assertThat(fib.accepts(route("192.0.2.0/24", Protocol.CONNECTED))).isFalse();
    CairnConfig all = ConfigLoader.parse("router-id: 192.0.2.1\n", "d.yaml");
    assertThat(KernelSync.exportFilter(all.kernel().export()).sources())
        .as("the default kernel.export")
        .containsExactlyInAnyOrderElementsOf(
            dev.cairn.config.Protocol.sources(all.kernel().export()));
  }

  @Test
  void ospfExportsTheStaticRoutesItsPolicyAcceptsAndNothingElse() throws Exception {
    CairnConfig c =
        ConfigLoader.parse(
            """
            router-id: 192.0.2.1
            ospf:
              redistribute: [static]
              redistribute-policy: to-ospf
              areas:
                - id: 0
                  interfaces:
                    - name: eth0
            policies:
              to-ospf:
                - match: { prefix: [203.0.113.0/24] }
                  action: accept
                - action: reject
            """,
            "o.yaml");
    Channel.Export toOspf = OspfLink.exportFilter(c.ospf().get(), c.policies());
    assertThat(toOspf.accepts(route("203.0.113.0/24", Protocol.STATIC))).isTrue();
    assertThat(toOspf.accepts(route("203.0.113.128/25", Protocol.STATIC))).isFalse(); // policy
    assertThat(toOspf.accepts(route("203.0.113.0/24", Protocol.EBGP))).isFalse(); // not listed
    assertThat(toOspf.accepts(route("203.0.113.0/24", Protocol.KUBERNETES))).isFalse();
    assertThat(toOspf.accepts(route("2001:db8::/32", Protocol.STATIC))).isFalse(); // OSPFv2
  }
}
