package dev.cairn.k8s;

import static dev.cairn.k8s.Objects8s.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.config.KubernetesConfig;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Mesh peer sets and label selectors, without a server. */
class PeerModelTest {
  static Node labelled(String name, String ip, Map<String, String> labels) {
    Node n = node(name, List.of(), List.of(ip));
    n.getMetadata().setLabels(labels);
    return n;
  }

  @Test
  void fullMeshAndReflectors() {
    Node n1 = labelled("n1", "192.0.2.1", Map.of());
    Node n2 = labelled("n2", "2001:db8::2", Map.of("rr", "yes"));
    Node n3 = labelled("n3", "192.0.2.3", Map.of());
    List<Node> all = List.of(n1, n2, n3);
    assertThat(new PeerModel("n1", Optional.empty()).compute(all))
        .containsExactly(IpAddress.parse("192.0.2.3"), IpAddress.parse("2001:db8::2"));
    Optional<LabelSelector> rr = Optional.of(LabelSelector.parse("rr in (yes, true)"));
    assertThat(new PeerModel("n1", rr).compute(all))
        .containsExactly(IpAddress.parse("2001:db8::2"));
    assertThat(new PeerModel("n2", rr).compute(all))
        .containsExactly(IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.3"));
    assertThat(new PeerModel("n2", rr).selfIsReflector(all)).isTrue();
    assertThat(new PeerModel("n1", rr).selfIsReflector(all)).isFalse();
  }

  @Test
  void aSelectorThatMatchesNoNodeKeepsTheFullMesh() {
    Node n1 = labelled("n1", "192.0.2.1", Map.of());
    Node n2 = labelled("n2", "192.0.2.2", Map.of("rr", "no"));
    Node n3 = labelled("n3", "192.0.2.3", Map.of());
    Optional<LabelSelector> rr = Optional.of(LabelSelector.parse("rr=yes"));
    PeerModel m = new PeerModel("n1", rr);
    assertThat(m.reflectorMode(List.of(n1, n2, n3))).isFalse();
    assertThat(m.compute(List.of(n1, n2, n3)))
        .containsExactly(IpAddress.parse("192.0.2.2"), IpAddress.parse("192.0.2.3"));
    assertThat(m.selfIsReflector(List.of(n1, n2, n3))).isFalse();
  }

  @Test
  void selectorTerms() {
    Map<String, String> l = Map.of("a", "1", "b", "2");
    assertThat(LabelSelector.parse("a=1").matches(l)).isTrue();
    assertThat(LabelSelector.parse("a==1,b=2").matches(l)).isTrue();
    assertThat(LabelSelector.parse("a!=1").matches(l)).isFalse();
    assertThat(LabelSelector.parse("c!=1").matches(l)).isTrue();
    assertThat(LabelSelector.parse("a,b").matches(l)).isTrue();
    assertThat(LabelSelector.parse("!c").matches(l)).isTrue();
    assertThat(LabelSelector.parse("!a").matches(l)).isFalse();
    assertThat(LabelSelector.parse("a in (1,3),b notin (3)").matches(l)).isTrue();
    assertThat(LabelSelector.parse("a notin (1)").matches(l)).isFalse();
    assertThat(LabelSelector.parse("c in (1)").matches(l)).isFalse();
    assertThat(LabelSelector.parse("a=1").matches(null)).isFalse();
    assertThatThrownBy(() -> LabelSelector.parse("a=1,"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LabelSelector.parse("a within (1)"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultReflectorLabelIsOneAKubeletCannotSetAndTheOldOneMeansNothing() {
    Optional<LabelSelector> dflt =
        Optional.of(LabelSelector.parse(KubernetesConfig.DEFAULT_REFLECTOR_SELECTOR));
    Node n1 = labelled("n1", "192.0.2.1", Map.of("cairn.dev/route-reflector", "true"));
    Node n2 = labelled("n2", "192.0.2.2", Map.of());
    Node n3 = labelled("n3", "192.0.2.3", Map.of());
    // a node labelling itself with the old default does not become a reflector
    assertThat(new PeerModel("n1", dflt).selfIsReflector(List.of(n1, n2, n3))).isFalse();
    assertThat(new PeerModel("n2", dflt).compute(List.of(n1, n2, n3)))
        .containsExactly(IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.3"));
    assertThat(KubernetesConfig.DEFAULT_REFLECTOR_SELECTOR)
        .startsWith("node-restriction.kubernetes.io/");
    n3.getMetadata()
        .setLabels(Map.of("node-restriction.kubernetes.io/cairn-route-reflector", "true"));
    assertThat(new PeerModel("n2", dflt).compute(List.of(n1, n2, n3)))
        .containsExactly(IpAddress.parse("192.0.2.3"));
  }

  static Node withPods(String name, List<String> pods, List<String> ips, Map<String, String> l) {
    Node n = node(name, pods, ips);
    n.getMetadata().setLabels(l);
    return n;
  }

  @Test
  void meshImportsAcceptAPeersOwnPodCidrsAndTheServiceRangesOnly() {
    Node n1 = withPods("n1", List.of("198.51.100.0/26"), List.of("192.0.2.1"), Map.of());
    Node n2 =
        withPods(
            "n2",
            List.of("198.51.100.64/26", "2001:db8:2::/64"),
            List.of("192.0.2.2", "2001:db8::2"),
            Map.of());
    Node n3 = withPods("n3", List.of("198.51.100.128/26"), List.of("192.0.2.3"), Map.of());
    List<IpPrefix> services = List.of(IpPrefix.parse("203.0.113.0/24"));
    Map<IpAddress, MeshImport> im =
        new PeerModel("n1", Optional.empty()).imports(List.of(n1, n2, n3), services);
    assertThat(im.keySet())
        .containsExactly(
            IpAddress.parse("192.0.2.2"),
            IpAddress.parse("192.0.2.3"),
            IpAddress.parse("2001:db8::2"));
    MeshImport from2 = im.get(IpAddress.parse("192.0.2.2"));
    assertThat(im.get(IpAddress.parse("2001:db8::2"))).isEqualTo(from2);
    assertThat(from2.accepts(IpPrefix.parse("198.51.100.64/26"))).isTrue(); // its own
    assertThat(from2.accepts(IpPrefix.parse("198.51.100.64/27"))).isTrue(); // inside its own
    assertThat(from2.accepts(IpPrefix.parse("2001:db8:2::/64"))).isTrue();
    assertThat(from2.accepts(IpPrefix.parse("203.0.113.7/32"))).isTrue(); // a service address
    assertThat(from2.accepts(IpPrefix.parse("198.51.100.128/26"))).isFalse(); // n3's
    assertThat(from2.accepts(IpPrefix.parse("198.51.100.0/26"))).isFalse(); // ours
    assertThat(from2.accepts(IpPrefix.parse("198.51.100.0/24"))).isFalse(); // a covering one
    assertThat(from2.accepts(IpPrefix.parse("0.0.0.0/0"))).isFalse();
    assertThat(from2.accepts(IpPrefix.parse("::/0"))).isFalse();
    assertThat(from2.accepts(IpPrefix.parse("203.0.112.0/23"))).isFalse();

    // n2 the reflector: n1 (its client) accepts every other node's pod CIDRs from it, not its own
    n2.getMetadata().setLabels(Map.of("rr", "yes"));
    Map<IpAddress, MeshImport> client =
        new PeerModel("n1", Optional.of(LabelSelector.parse("rr=yes")))
            .imports(List.of(n1, n2, n3), services);
    assertThat(client.keySet())
        .containsExactly(IpAddress.parse("192.0.2.2"), IpAddress.parse("2001:db8::2"));
    MeshImport fromReflector = client.get(IpAddress.parse("192.0.2.2"));
    assertThat(fromReflector.accepts(IpPrefix.parse("198.51.100.128/26"))).isTrue();
    assertThat(fromReflector.accepts(IpPrefix.parse("198.51.100.64/26"))).isTrue();
    assertThat(fromReflector.accepts(IpPrefix.parse("198.51.100.0/26"))).isFalse();
    assertThat(fromReflector.accepts(IpPrefix.parse("0.0.0.0/0"))).isFalse();
    // and the reflector accepts from each client only that client's own
    Map<IpAddress, MeshImport> atReflector =
        new PeerModel("n2", Optional.of(LabelSelector.parse("rr=yes")))
            .imports(List.of(n1, n2, n3), services);
    assertThat(
            atReflector
                .get(IpAddress.parse("192.0.2.3"))
                .accepts(IpPrefix.parse("198.51.100.0/26")))
        .isFalse();
    assertThat(
            atReflector
                .get(IpAddress.parse("192.0.2.1"))
                .accepts(IpPrefix.parse("198.51.100.0/26")))
        .isTrue();
  }
}
