package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.config.BgpConfig;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.KubernetesConfig;
import dev.cairn.config.NeighborConfig;
import dev.cairn.k8s.MeshImport;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The settings and the import policy of a node-mesh neighbor, without sessions. */
class KubernetesLinkTest {
  static final IpAddress PEER = IpAddress.parse("192.0.2.2");

  static KubernetesConfig config(String mesh) throws Exception {
    return ConfigLoader.parse(
            "router-id: 192.0.2.1\nbgp: { asn: 65001 }\nkubernetes:\n  node-mesh: " + mesh + "\n",
            "k.yaml")
        .kubernetes()
        .orElseThrow();
  }

  static BgpConfig bgp() throws Exception {
    return ConfigLoader.parse("router-id: 192.0.2.1\nbgp: { asn: 65001 }\n", "b.yaml")
        .bgp()
        .orElseThrow();
  }

  @Test
  void meshNeighborsCarryTheMeshPasswordGtsmAndMaxPrefix() throws Exception {
    KubernetesConfig k =
        config("{ enabled: true, password: mesh-key, ttl-security: 1, max-prefixes: 50 }");
    NeighborConfig n = KubernetesLink.meshNeighbor(bgp(), k.mesh(), PEER, false);
    assertThat(n.asn()).isEqualTo(65001);
    assertThat(n.password()).contains("mesh-key");
    assertThat(n.ttlSecurity()).isEqualTo(OptionalInt.of(1));
    assertThat(n.maxPrefixes())
        .contains(
            new NeighborConfig.MaxPrefixes(50, Optional.of(KubernetesLink.MAX_PREFIX_RESTART)));
    assertThat(n.importPolicy()).contains(MeshImportPolicy.NAME);

    NeighborConfig dflt = KubernetesLink.meshNeighbor(bgp(), config("true").mesh(), PEER, false);
    assertThat(dflt.password()).isEmpty();
    assertThat(dflt.ttlSecurity()).isEmpty();
    assertThat(dflt.maxPrefixes().orElseThrow().limit()).isEqualTo(1000);
    NeighborConfig unlimited =
        KubernetesLink.meshNeighbor(bgp(), config("{ max-prefixes: 0 }").mesh(), PEER, false);
    assertThat(unlimited.maxPrefixes()).isEmpty();
  }

  @Test
  void theMeshImportPolicyPassesOnlyWhatTheNodeMayAnnounce() {
    PathAttributes a = PathAttributes.EMPTY;
    MeshImportPolicy p =
        new MeshImportPolicy(
            new MeshImport(
                List.of(IpPrefix.parse("198.51.100.64/26")),
                List.of(IpPrefix.parse("203.0.113.0/24"))));
    assertThat(p.apply(IpPrefix.parse("198.51.100.64/26"), a, PEER)).isSameAs(a);
    assertThat(p.apply(IpPrefix.parse("203.0.113.9/32"), a, PEER)).isSameAs(a);
    assertThat(p.apply(IpPrefix.parse("198.51.100.0/26"), a, PEER)).isNull();
    assertThat(p.apply(IpPrefix.parse("0.0.0.0/0"), a, PEER)).isNull();
    // no import known for the peer (it is not a node the adapter reported): nothing
    assertThat(new MeshImportPolicy(null).apply(IpPrefix.parse("198.51.100.64/26"), a, PEER))
        .isNull();
    // equal imports, equal policies: no route refresh when nothing changed
    assertThat(p)
        .isEqualTo(
            new MeshImportPolicy(
                new MeshImport(
                    List.of(IpPrefix.parse("198.51.100.64/26")),
                    List.of(IpPrefix.parse("203.0.113.0/24")))));
  }
}
