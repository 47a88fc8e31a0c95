package dev.cairn.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** A table's prefixes taken from its keys, and a walk of them in slices while the table changes. */
class PrefixListTest {
  record Row(IpPrefix prefix, int value) {}

  @Provide
  Arbitrary<List<IpPrefix>> prefixes() {
    Arbitrary<IpPrefix> v4 =
        Arbitraries.integers()
            .between(0, 4000)
            .map(i -> (IpPrefix) Ipv4Prefix.of(0xC6336400 + i * 64, 26 + i % 7));
    Arbitrary<IpPrefix> v6 =
        Arbitraries.integers()
            .between(0, 500)
            .map(i -> IpPrefix.parse("2001:db8:" + Integer.toHexString(i) + "::/48"));
    return Arbitraries.oneOf(v4, v6).list().ofMaxSize(600);
  }

  static <E> TreeSet<IpPrefix> of(PrefixTable<E> t, Afi afi) {
    PrefixList l = t.prefixes(afi).sort();
    List<IpPrefix> all = l.slice(0, l.size());
    assertThat(all).isSorted().doesNotHaveDuplicates();
    return new TreeSet<>(all);
  }

  /** Every element's prefix, of each family, whatever the table did (grow, split, remove). */
  @Property(tries = 300)
  void listsExactlyTheTablesPrefixes(
      @ForAll("prefixes") List<IpPrefix> in, @ForAll("prefixes") List<IpPrefix> out) {
    PrefixTable<Row> rows = new PrefixTable<>(Row::prefix, 16);
    PrefixTable<IpPrefix> set = PrefixTable.ofPrefixes(16);
    Set<IpPrefix> expected = new HashSet<>();
    for (IpPrefix p : in) {
      rows.put(new Row(p, 1));
      set.put(p);
      expected.add(p);
    }
    for (IpPrefix p : out) {
      rows.remove(p);
      set.remove(p);
      expected.remove(p);
    }
    for (Afi afi : Afi.values()) {
      TreeSet<IpPrefix> want = new TreeSet<>();
      expected.stream().filter(p -> p.afi() == afi).forEach(want::add);
      assertThat(of(rows, afi)).isEqualTo(want);
      assertThat(of(set, afi)).isEqualTo(want);
    }
  }

  /**
   * A walk in slices while the table changes between them: in order, no prefix twice, every prefix
   * present throughout is seen, none removed before its slice is.
   */
  @Property(tries = 200)
  void aWalkInSlicesToleratesChanges(
      @ForAll("prefixes") List<IpPrefix> in, @ForAll("prefixes") List<IpPrefix> churn) {
    PrefixTable<Row> t = new PrefixTable<>(Row::prefix, 16);
    in.forEach(p -> t.put(new Row(p, 1)));
    PrefixList l = t.prefixes(Afi.IPV4).sort();
    Set<IpPrefix> touched = new HashSet<>(churn);
    List<IpPrefix> seen = new ArrayList<>();
    int slice = 7;
    for (int from = 0, c = 0; from < l.size(); from += slice) {
      for (IpPrefix p : l.slice(from, Math.min(l.size(), from + slice))) {
        if (t.get(p) != null) {
          seen.add(p);
        }
      }
      // between two slices the table changes: prefixes come and go, it splits and shrinks
      for (int k = 0; k < 5 && c < churn.size(); k++, c++) {
        IpPrefix p = churn.get(c);
        if (t.remove(p) == null) {
          t.put(new Row(p, 2));
        }
      }
    }
    assertThat(seen).isSorted().doesNotHaveDuplicates();
    for (IpPrefix p : in) {
      if (p.afi() == Afi.IPV4 && !touched.contains(p)) {
        assertThat(seen).contains(p);
      }
    }
  }

  @Test
  void ipv4PrefixesSortLikePrefixes() {
    PrefixTable<IpPrefix> set = PrefixTable.ofPrefixes();
    for (String s : List.of("198.51.100.0/24", "0.0.0.0/0", "198.51.100.0/25", "10.0.0.0/8")) {
      set.put(IpPrefix.parse(s));
    }
    PrefixList l = set.prefixes(Afi.IPV4).sort();
    assertThat(l.slice(0, l.size()))
        .containsExactly(
            IpPrefix.parse("0.0.0.0/0"),
            IpPrefix.parse("10.0.0.0/8"),
            IpPrefix.parse("198.51.100.0/24"),
            IpPrefix.parse("198.51.100.0/25"));
    assertThat(set.prefixes(Afi.IPV6).isEmpty()).isTrue();
  }
}
