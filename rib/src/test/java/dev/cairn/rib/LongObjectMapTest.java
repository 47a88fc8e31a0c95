package dev.cairn.rib;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {

  @Provide
  Arbitrary<List<Tuple2<Boolean, Long>>> ops() {
    // a small key space forces collisions, long probe chains and backward shifts
    Arbitrary<Long> keys =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 64),
            Arbitraries.longs().between(0, 64).map(k -> k << 32),
            Arbitraries.longs());
    return Arbitraries.integers()
        .between(0, 2)
        .flatMap(put -> keys.map(k -> Tuple.of(put != 0, k)))
        .list()
        .ofMaxSize(400);
  }

  @Property(tries = 500)
  void behavesLikeHashMap(@ForAll("ops") List<Tuple2<Boolean, Long>> ops) {
    LongObjectMap<String> map = new LongObjectMap<>(4);
    Map<Long, String> ref = new HashMap<>();
    int n = 0;
    for (Tuple2<Boolean, Long> op : ops) {
      long k = op.get2();
      if (op.get1()) {
        String v = "v" + n++;
        assertThat(map.put(k, v)).isEqualTo(ref.put(k, v));
      } else {
        assertThat(map.remove(k)).isEqualTo(ref.remove(k));
      }
      assertThat(map.size()).isEqualTo(ref.size());
    }
    for (Map.Entry<Long, String> e : ref.entrySet()) {
      assertThat(map.get(e.getKey())).isEqualTo(e.getValue());
    }
    Map<Long, String> seen = new HashMap<>();
    map.forEach((k, v) -> seen.put(k, v));
    assertThat(seen).isEqualTo(ref);
    assertThat(map.keys()).hasSize(ref.size());
  }

  @Test
  void growsAndShrinksToEmpty() {
    LongObjectMap<Integer> map = new LongObjectMap<>();
    for (int i = 0; i < 100_000; i++) {
      map.put(i * 256L + 24, i);
    }
    assertThat(map.size()).isEqualTo(100_000);
    assertThat(map.get(4242 * 256L + 24)).isEqualTo(4242);
    for (int i = 0; i < 100_000; i++) {
      assertThat(map.remove(i * 256L + 24)).isEqualTo(i);
    }
    assertThat(map.isEmpty()).isTrue();
    assertThat(map.get(0)).isNull();
  }
}
