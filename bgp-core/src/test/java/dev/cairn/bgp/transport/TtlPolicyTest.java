package dev.cairn.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TtlPolicyTest {
  static final OptionalInt NONE = OptionalInt.empty();

  @Test
  void ebgpIsOneHopUnlessMultihop() {
    assertThat(TtlPolicy.forNeighbor(true, NONE, NONE)).isEqualTo(new TtlPolicy(1, 0));
    assertThat(TtlPolicy.forNeighbor(true, OptionalInt.of(2), NONE)).isEqualTo(new TtlPolicy(2, 0));
    assertThat(TtlPolicy.forNeighbor(true, OptionalInt.of(255), NONE))
        .isEqualTo(new TtlPolicy(255, 0));
  }

  @Test
  void ibgpKeepsTheSystemDefault() {
    assertThat(TtlPolicy.forNeighbor(false, NONE, NONE)).isEqualTo(TtlPolicy.DEFAULT);
    assertThat(TtlPolicy.DEFAULT.sendTtl()).isEqualTo(TtlPolicy.SYSTEM_DEFAULT);
    assertThat(TtlPolicy.DEFAULT.gtsm()).isFalse();
  }

  @Test
  void gtsmSends255AndAcceptsOnlyTheLastHops() {
    assertThat(TtlPolicy.forNeighbor(true, NONE, OptionalInt.of(1)))
        .isEqualTo(new TtlPolicy(255, 255));
    assertThat(TtlPolicy.forNeighbor(false, NONE, OptionalInt.of(3)))
        .isEqualTo(new TtlPolicy(255, 253));
    assertThat(TtlPolicy.gtsm(254).minTtl()).isEqualTo(2);
    assertThat(TtlPolicy.gtsm(1).gtsm()).isTrue();
  }

  @Test
  void outOfRangeValuesAreRefused() {
    assertThatThrownBy(() -> new TtlPolicy(0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TtlPolicy(256, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TtlPolicy.gtsm(255)).isInstanceOf(IllegalArgumentException.class);
  }
}
