package dev.cairn.bgp.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.IpAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DecisionProcessTest {

  static final PathRank BASE =
      new PathRank(
          false,
          true,
          64500,
          100,
          2,
          List.of(64500L, 64501L),
          0,
          0,
          10,
          0xc0000201,
          0,
          IpAddress.parse("192.0.2.1"),
          0);

  static PathRank with(UnaryOperator<Builder> f) {
    return f.apply(new Builder(BASE)).build();
  }

  /** Each step: a preferred path and one that loses to it at exactly that step. */
  static Stream<Arguments> steps() {
    return Stream.of(
        Arguments.of(Reason.LOCAL_PREF, BASE, with(b -> b.localPref(90))),
        Arguments.of(Reason.LOCALLY_ORIGINATED, with(b -> b.local(true)), BASE),
        Arguments.of(Reason.AS_PATH_LENGTH, BASE, with(b -> b.asPathLength(3))),
        Arguments.of(Reason.ORIGIN, BASE, with(b -> b.origin(1))),
        Arguments.of(Reason.MED, BASE, with(b -> b.med(5))),
        Arguments.of(Reason.EBGP_OVER_IBGP, BASE, with(b -> b.ebgp(false))),
        Arguments.of(Reason.IGP_METRIC, BASE, with(b -> b.igpMetric(20))),
        Arguments.of(Reason.ROUTER_ID, BASE, with(b -> b.routerId(0xc0000202))),
        // router IDs compare unsigned: 203.0.113.1 > 192.0.2.1 although negative as int
        Arguments.of(Reason.ROUTER_ID, BASE, with(b -> b.routerId(0xcb007101))),
        Arguments.of(Reason.CLUSTER_LIST_LENGTH, BASE, with(b -> b.clusterListLength(1))),
        Arguments.of(Reason.NEIGHBOR_ADDRESS, BASE, with(b -> b.neighbor("192.0.2.9"))),
        Arguments.of(Reason.PATH_ID, BASE, with(b -> b.pathId(7))));
  }

  @ParameterizedTest
  @MethodSource("steps")
  void everyTieBreakerDecidesInTheRightDirection(Reason reason, PathRank good, PathRank worse) {
    DecisionOptions opt = DecisionOptions.DEFAULT;
    assertThat(DecisionProcess.decidingStep(good, worse, opt)).isEqualTo(reason);
    assertThat(DecisionProcess.compare(good, worse, opt)).isNegative();
    assertThat(DecisionProcess.compare(worse, good, opt)).isPositive();
    assertThat(DecisionProcess.select(List.of(worse, good), opt).best()).isEqualTo(1);
    assertThat(DecisionProcess.select(List.of(good, worse), opt).best()).isEqualTo(0);
  }

  @Test
  void localOriginBeatsShorterPathButNotLocalPref() {
    PathRank local = with(b -> b.local(true).asPathLength(0).neighborAs(0).neighbor(null));
    assertThat(DecisionProcess.compare(local, BASE, DecisionOptions.DEFAULT)).isNegative();
    PathRank higherPref = with(b -> b.localPref(200));
    assertThat(DecisionProcess.compare(higherPref, local, DecisionOptions.DEFAULT)).isNegative();
  }

  @Test
  void medIsComparedOnlyWithinOneNeighborAsUnlessAlwaysCompare() {
    PathRank otherAs = with(b -> b.neighborAs(64999).med(50).neighbor("192.0.2.0"));
    // different neighbor AS: MED ignored, the lower neighbor address decides
    assertThat(DecisionProcess.decidingStep(BASE, otherAs, DecisionOptions.DEFAULT))
        .isEqualTo(Reason.NEIGHBOR_ADDRESS);
    DecisionOptions always = new DecisionOptions(true, false, 1, 1, false);
    assertThat(DecisionProcess.decidingStep(BASE, otherAs, always)).isEqualTo(Reason.MED);
    assertThat(DecisionProcess.compare(BASE, otherAs, always)).isNegative();
  }

  @Test
  void deterministicMedDoesNotDependOnArrivalOrder() {
    // the classic MED cycle: a beats b on MED (same AS), b beats c on router id, c beats a
    PathRank a = with(b -> b.neighborAs(1).med(10).routerId(3).neighbor("192.0.2.3"));
    PathRank b = with(x -> x.neighborAs(1).med(20).routerId(1).neighbor("192.0.2.1"));
    PathRank c = with(x -> x.neighborAs(2).med(0).routerId(2).neighbor("192.0.2.2"));
    DecisionOptions det = DecisionOptions.DEFAULT;
    List<PathRank> order1 = List.of(a, b, c);
    List<PathRank> order2 = List.of(c, b, a);
    PathRank w1 = order1.get(DecisionProcess.select(order1, det).best());
    PathRank w2 = order2.get(DecisionProcess.select(order2, det).best());
    assertThat(w1).isEqualTo(w2).isEqualTo(c); // a wins AS 1 on MED; c beats a on router id
  }

  @Test
  void multipathCollectsPathsEqualUpToTheTieBreakers() {
    DecisionOptions mp = new DecisionOptions(false, true, 4, 4, false);
    PathRank p2 = with(b -> b.routerId(0xc0000202).neighbor("192.0.2.2"));
    PathRank p3 = with(b -> b.routerId(0xc0000203).neighbor("192.0.2.3"));
    PathRank worseMed = with(b -> b.med(1).neighbor("192.0.2.4"));
    PathRank otherPath = with(b -> b.asPath(List.of(64500L, 64999L)).neighbor("192.0.2.5"));
    List<PathRank> paths = List.of(p3, worseMed, BASE, otherPath, p2);
    DecisionProcess.Selection s = DecisionProcess.select(paths, mp);
    assertThat(paths.get(s.best())).isEqualTo(BASE);
    assertThat(s.multipath()).containsExactly(2, 4, 0);
    // as-path-relax admits the equal-length path with a different AS sequence (its router ID
    // equals BASE's, so it sorts before p2)
    DecisionOptions relax = new DecisionOptions(false, true, 4, 4, true);
    assertThat(DecisionProcess.select(paths, relax).multipath()).containsExactly(2, 3, 4, 0);
    // max-paths caps the set, keeping the most preferred
    DecisionOptions two = new DecisionOptions(false, true, 2, 2, true);
    assertThat(DecisionProcess.select(paths, two).multipath()).containsExactly(2, 3);
  }

  @Test
  void ebgpAndIbgpPathsNeverMix() {
    DecisionOptions mp = new DecisionOptions(false, true, 4, 4, true);
    PathRank ibgp = with(b -> b.ebgp(false).neighbor("192.0.2.2"));
    // eBGP wins before the tie-breakers, so the iBGP path is not multipath
    assertThat(DecisionProcess.select(List.of(BASE, ibgp), mp).multipath()).containsExactly(0);
  }

  @Provide
  Arbitrary<PathRank> ranks() {
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.longs().between(1, 3),
            Arbitraries.longs().between(99, 101),
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(0, 2),
            Arbitraries.longs().between(0, 2),
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(1, 6))
        .as(
            (ebgp, nas, lp, len, origin, med, rid, addr) ->
                new PathRank(
                    false,
                    ebgp,
                    nas,
                    lp,
                    len,
                    List.of(nas),
                    origin,
                    med,
                    10,
                    rid,
                    0,
                    IpAddress.parse("192.0.2." + addr),
                    0));
  }

  @Provide
  Arbitrary<List<PathRank>> rankLists() {
    return ranks().list().ofMaxSize(8);
  }

  @Property(tries = 300)
  void withAlwaysCompareMedBestPathIsATotalOrder(
      @ForAll("ranks") PathRank a, @ForAll("ranks") PathRank b, @ForAll("ranks") PathRank c) {
    DecisionOptions opt = new DecisionOptions(true, false, 1, 1, false);
    assertThat(Integer.signum(DecisionProcess.compare(a, b, opt)))
        .isEqualTo(-Integer.signum(DecisionProcess.compare(b, a, opt)));
    if (DecisionProcess.compare(a, b, opt) <= 0 && DecisionProcess.compare(b, c, opt) <= 0) {
      assertThat(DecisionProcess.compare(a, c, opt)).isLessThanOrEqualTo(0);
    }
  }

  @Property(tries = 300)
  void deterministicMedSelectionIsOrderIndependent(
      @ForAll("rankLists") List<PathRank> paths, @ForAll long seed) {
    if (paths.isEmpty()) {
      return;
    }
    DecisionOptions opt = DecisionOptions.DEFAULT;
    List<PathRank> shuffled = new ArrayList<>(paths);
    Collections.shuffle(shuffled, new Random(seed));
    PathRank w1 = paths.get(DecisionProcess.select(paths, opt).best());
    PathRank w2 = shuffled.get(DecisionProcess.select(shuffled, opt).best());
    assertThat(DecisionProcess.compare(w1, w2, opt)).isZero();
  }

  /** Test-side builder over the record's fields. */
  static final class Builder {
    boolean local;
    boolean ebgp;
    long neighborAs;
    long localPref;
    int asPathLength;
    Object asPath;
    int origin;
    long med;
    long igpMetric;
    int routerId;
    int clusterListLength;
    IpAddress neighbor;
    int pathId;

    Builder(PathRank r) {
      local = r.local();
      ebgp = r.ebgp();
      neighborAs = r.neighborAs();
      localPref = r.localPref();
      asPathLength = r.asPathLength();
      asPath = r.asPath();
      origin = r.origin();
      med = r.med();
      igpMetric = r.igpMetric();
      routerId = r.routerId();
      clusterListLength = r.clusterListLength();
      neighbor = r.neighborAddress();
      pathId = r.pathId();
    }

    Builder local(boolean v) {
      local = v;
      return this;
    }

    Builder ebgp(boolean v) {
      ebgp = v;
      return this;
    }

    Builder neighborAs(long v) {
      neighborAs = v;
      return this;
    }

    Builder localPref(long v) {
      localPref = v;
      return this;
    }

    Builder asPathLength(int v) {
      asPathLength = v;
      return this;
    }

    Builder asPath(Object v) {
      asPath = v;
      return this;
    }

    Builder origin(int v) {
      origin = v;
      return this;
    }

    Builder med(long v) {
      med = v;
      return this;
    }

    Builder igpMetric(long v) {
      igpMetric = v;
      return this;
    }

    Builder routerId(int v) {
      routerId = v;
      return this;
    }

    Builder clusterListLength(int v) {
      clusterListLength = v;
      return this;
    }

    Builder neighbor(String v) {
      neighbor = v == null ? null : IpAddress.parse(v);
      return this;
    }

    Builder pathId(int v) {
      pathId = v;
      return this;
    }

    PathRank build() {
      return new PathRank(
          local,
          ebgp,
          neighborAs,
          localPref,
          asPathLength,
          asPath,
          origin,
          med,
          igpMetric,
          routerId,
          clusterListLength,
          neighbor,
          pathId);
    }
  }
}
