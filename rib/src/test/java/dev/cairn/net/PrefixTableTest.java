package dev.cairn.net;

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

class PrefixTableTest {

  /** An element carrying its prefix, as the RIB's and the speaker's entries do. */
  record Row(IpPrefix prefix, int value) {}

  @Provide
  Arbitrary<List<Tuple2<Boolean, IpPrefix>>> ops() {
    // a small key space forces collisions, long probe chains, wrap-around and backward shifts
    Arbitrary<IpPrefix> v4 =
        Arbitraries.integers()
            .between(0, 40)
            .map(i -> (IpPrefix) Ipv4Prefix.of(0xC0000200 + (i & 7) * 32, 27 + i / 20));
    Arbitrary<IpPrefix> v6 =
        Arbitraries.integers()
            .between(0, 20)
            .map(i -> IpPrefix.parse("2001:db8:" + Integer.toHexString(i) + "::/48"));
    return Arbitraries.integers()
        .between(0, 2)
        .flatMap(put -> Arbitraries.oneOf(v4, v6).map(k -> Tuple.of(put != 0, k)))
        .list()
        .ofMaxSize(400);
  }

  @Property(tries = 500)
  void behavesLikeHashMap(@ForAll("ops") List<Tuple2<Boolean, IpPrefix>> ops) {
    behavesLikeHashMap(ops, new PrefixTable<>(Row::prefix));
  }

  /** The same with segments of 16 slots: the table splits (and its directory doubles) often. */
  @Property(tries = 500)
  void behavesLikeHashMapWhileSplitting(@ForAll("ops") List<Tuple2<Boolean, IpPrefix>> ops) {
    behavesLikeHashMap(ops, new PrefixTable<>(Row::prefix, 16));
  }

  /** Segments whose size is not a power of two (homes are found by multiplying, not masking). */
  @Property(tries = 300)
  void behavesLikeHashMapWithOddSegments(@ForAll("ops") List<Tuple2<Boolean, IpPrefix>> ops) {
    behavesLikeHashMap(ops, new PrefixTable<>(Row::prefix, 24));
  }

  /**
   * A set of prefixes, whose IPv4 ones are kept as keys alone and rebuilt when handed out, behaves
   * like a {@code HashSet}, also while its segments split and gain slots for IPv6 prefixes.
   */
  @Property(tries = 500)
  void aSetBehavesLikeHashSet(@ForAll("ops") List<Tuple2<Boolean, IpPrefix>> ops) {
    for (PrefixTable<IpPrefix> set :
        List.of(PrefixTable.ofPrefixes(), PrefixTable.ofPrefixes(16), PrefixTable.ofPrefixes(24))) {
      java.util.Set<IpPrefix> ref = new java.util.HashSet<>();
      int n = 0;
      for (Tuple2<Boolean, IpPrefix> op : ops) {
        IpPrefix k = op.get2();
        if (op.get1()) {
          switch (n++ % 3) {
            case 0 -> assertThat(set.add(k)).isEqualTo(ref.add(k));
            case 1 -> assertThat(set.getOrAdd(k, x -> x)).isEqualTo(k);
            default -> assertThat(set.put(k)).isEqualTo(ref.contains(k) ? k : null);
          }
          ref.add(k);
        } else {
          assertThat(set.remove(k)).isEqualTo(ref.remove(k) ? k : null);
        }
        assertThat(set.contains(k)).isEqualTo(ref.contains(k));
        assertThat(set.get(k)).isEqualTo(ref.contains(k) ? k : null);
        assertThat(set.size()).isEqualTo(ref.size());
      }
      assertThat(new java.util.HashSet<>(set.snapshot())).isEqualTo(ref);
      assertThat(set.sorted()).isSorted();
    }
  }

  private void behavesLikeHashMap(List<Tuple2<Boolean, IpPrefix>> ops, PrefixTable<Row> table) {
    Map<IpPrefix, Row> ref = new HashMap<>();
    int n = 0;
    for (Tuple2<Boolean, IpPrefix> op : ops) {
      IpPrefix k = op.get2();
      if (op.get1()) {
        Row r = new Row(k, n++);
        if (n % 3 == 0) {
          // getOrAdd and add: one probe, keep what is there, add only what is not
          int v = n;
          assertThat(table.getOrAdd(k, x -> new Row(x, v)))
              .isEqualTo(ref.computeIfAbsent(k, x -> new Row(x, v)));
        } else if (n % 3 == 1) {
          assertThat(table.add(r)).isEqualTo(ref.putIfAbsent(k, r) == null);
        } else {
          assertThat(table.put(r)).isEqualTo(ref.put(k, r));
        }
      } else {
        assertThat(table.remove(k)).isEqualTo(ref.remove(k));
      }
      assertThat(table.size()).isEqualTo(ref.size());
    }
    for (Map.Entry<IpPrefix, Row> e : ref.entrySet()) {
      assertThat(table.get(e.getKey())).isEqualTo(e.getValue());
    }
    Map<IpPrefix, Row> seen = new HashMap<>();
    table.forEach(r -> seen.put(r.prefix(), r));
    assertThat(seen).isEqualTo(ref);
    assertThat(table.snapshot()).hasSize(ref.size());
    assertThat(table.sorted()).isSortedAccordingTo((a, b) -> a.prefix().compareTo(b.prefix()));
  }

  @Test
  void growsAndShrinksToEmpty() {
    PrefixTable<IpPrefix> set = PrefixTable.ofPrefixes();
    for (int i = 0; i < 100_000; i++) {
      set.put(Ipv4Prefix.of(0xC6000000 + (i << 8), 24));
    }
    assertThat(set.size()).isEqualTo(100_000);
    IpPrefix probe = IpPrefix.parse("198.0.16.0/24");
    assertThat(set.contains(probe)).isTrue();
    assertThat(set.get(probe)).isEqualTo(probe);
    for (int i = 0; i < 100_000; i++) {
      assertThat(set.remove(Ipv4Prefix.of(0xC6000000 + (i << 8), 24))).isNotNull();
    }
    assertThat(set.isEmpty()).isTrue();
    assertThat(set.contains(probe)).isFalse();
  }

  /**
   * A growing table is never less than 38% full (segments split at 80%, into halves of about 40%),
   * and a full Internet table (a million IPv4 routes) fills it to 64%: 19 bytes an element.
   */
  @Test
  void growingTablesStayAtLeastTwoFifthsFull() {
    PrefixTable<IpPrefix> set = PrefixTable.ofPrefixes();
    for (int i = 1; i <= 1_000_000; i++) {
      set.add(Ipv4Prefix.of(0x0A000000 + (i << 8), 24)); // (never sent anywhere: keys only)
      if (i % 997 == 0 && i > 2000) {
        assertThat((double) i / set.slots()).as("load at %d", i).isGreaterThan(0.38);
      }
    }
    assertThat((double) 1_000_000 / set.slots()).isGreaterThan(0.6);
  }

  /** Many elements through small segments: splits at every depth, then back to empty. */
  @Test
  void manySplitsKeepEveryElementFindable() {
    PrefixTable<IpPrefix> set = PrefixTable.ofPrefixes(64);
    java.util.Set<IpPrefix> ref = new java.util.HashSet<>();
    java.util.Random rnd = new java.util.Random(5);
    for (int i = 0; i < 200_000; i++) {
      int k = rnd.nextInt(1 << 16);
      IpPrefix p =
          k < 256 // documentation prefixes: 198.51.100.0/24's /32s and /64s of 2001:db8::/32
              ? Ipv4Prefix.of(0xC6336400 + k, 32)
              : IpPrefix.parse("2001:db8:" + Integer.toHexString(k) + "::/64");
      if (rnd.nextInt(4) == 0) {
        assertThat(set.remove(p) != null).isEqualTo(ref.remove(p));
      } else {
        assertThat(set.add(p)).isEqualTo(ref.add(p));
      }
    }
    assertThat(set.size()).isEqualTo(ref.size());
    java.util.Set<IpPrefix> seen = new java.util.HashSet<>();
    set.forEach(seen::add);
    assertThat(seen).isEqualTo(ref);
    for (IpPrefix p : ref) {
      assertThat(set.remove(p)).isEqualTo(p);
    }
    assertThat(set.isEmpty()).isTrue();
    set.add(IpPrefix.parse("198.51.100.1/32"));
    assertThat(set.snapshot()).containsExactly(IpPrefix.parse("198.51.100.1/32"));
  }
}
