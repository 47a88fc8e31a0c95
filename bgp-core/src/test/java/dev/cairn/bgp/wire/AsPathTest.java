package dev.cairn.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** AsPath's packed form against what its segments say, for random paths. */
class AsPathTest {

  static List<AsPath.Segment> randomSegments(Random rnd) {
    List<AsPath.Segment> segs = new ArrayList<>();
    int n = rnd.nextInt(4);
    boolean confedAllowed = true;
    for (int i = 0; i < n; i++) {
      int type = 1 + rnd.nextInt(confedAllowed ? 4 : 2);
      confedAllowed &= type >= AsPath.CONFED_SEQUENCE; // confederation segments lead
      int[] asns = new int[1 + rnd.nextInt(rnd.nextInt(10) == 0 ? 255 : 4)];
      for (int k = 0; k < asns.length; k++) {
        asns[k] = rnd.nextBoolean() ? 64496 + rnd.nextInt(16) : (int) (4200000000L + k);
      }
      segs.add(new AsPath.Segment(type, asns));
    }
    return segs;
  }

  @Test
  void answersAsItsSegmentsDo() {
    Random rnd = new Random(11);
    for (int t = 0; t < 5000; t++) {
      List<AsPath.Segment> segs = randomSegments(rnd);
      AsPath p = AsPath.of(segs);
      assertThat(p.segments()).isEqualTo(segs);
      assertThat(p).isEqualTo(new AsPath(p.segments())).hasSameHashCodeAs(new AsPath(segs));
      int length = 0;
      long first = 0;
      boolean firstFound = false;
      for (AsPath.Segment s : segs) {
        length += s.type() == AsPath.SEQUENCE ? s.size() : s.type() == AsPath.SET ? 1 : 0;
        if (!firstFound && !s.isConfedSegment()) {
          first = s.type() == AsPath.SEQUENCE ? s.asn(0) : 0;
          firstFound = true;
        }
      }
      assertThat(p.length()).isEqualTo(length);
      assertThat(p.firstAs()).isEqualTo(first);
      AsPath.Segment last = segs.isEmpty() ? null : segs.get(segs.size() - 1);
      assertThat(p.originAs())
          .isEqualTo(
              last == null || last.type() != AsPath.SEQUENCE ? 0 : last.asn(last.size() - 1));
      assertThat(p.contains(64500))
          .isEqualTo(
              segs.stream()
                  .anyMatch(s -> java.util.Arrays.stream(s.asns()).anyMatch(a -> a == 64500)));
      assertThat(p.hasConfed()).isEqualTo(segs.stream().anyMatch(AsPath.Segment::isConfedSegment));
      assertThat(p.withoutConfed().segments())
          .isEqualTo(segs.stream().filter(s -> !s.isConfedSegment()).toList());
      int count = rnd.nextInt(10) == 0 ? 300 : 1 + rnd.nextInt(3);
      AsPath q = p.prepend(64511, count);
      assertThat(q.length()).isEqualTo(length + count);
      assertThat(q.firstAs()).isEqualTo(64511);
      for (AsPath.Segment s : q.segments()) {
        assertThat(s.size()).isBetween(1, 255);
      }
      List<AsPath.Segment> after = q.segments();
      if (!segs.isEmpty()) { // the first segment may have taken the prepended ASes; the rest stay
        assertThat(after.subList(after.size() - segs.size() + 1, after.size()))
            .isEqualTo(segs.subList(1, segs.size()));
      }
    }
  }

  @Test
  void printsAsOperatorsReadIt() {
    AsPath p =
        new AsPath(
            List.of(
                new AsPath.Segment(AsPath.CONFED_SEQUENCE, new int[] {65010}),
                AsPath.Segment.sequence(64496, 64497),
                AsPath.Segment.set(64498, 64499)));
    assertThat(p).hasToString("(65010) 64496 64497 {64498,64499}");
    assertThat(p.prepend(64500, 2)).hasToString("64500 64500 (65010) 64496 64497 {64498,64499}");
    assertThat(AsPath.sequence(64496).prepend(64500, 1)).hasToString("64500 64496");
    assertThat(AsPath.EMPTY.prepend(64500, 1)).isEqualTo(AsPath.sequence(64500));
  }
}
