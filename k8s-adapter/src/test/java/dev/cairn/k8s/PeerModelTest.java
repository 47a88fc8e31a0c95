package dev.cairn.k8s;

import static dev.cairn.k8s.Objects8s.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.net.IpAddress;
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
}
