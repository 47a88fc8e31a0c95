package dev.cairn.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The soak verdict: what counts as back at the baseline, and what is reported as a leak. */
class FiguresTest {
  private static Figures figures(long heapKb, long interner, long pendingBgp, long adjOut) {
    Figures f = new Figures(Figures.internerSlack(100_000));
    f.put("heap used after full GC, KB", heapKb, Figures.Rule.HEAP);
    f.put("RSS, KB", heapKb * 4, Figures.Rule.REPORT);
    f.put("interned attribute sets", interner, Figures.Rule.INTERNER);
    f.put("timers pending, loop bgp", pendingBgp, Figures.Rule.TIMERS_PENDING);
    f.put("Adj-RIB-Out, 198.51.100.2", adjOut, Figures.Rule.EXACT);
    return f;
  }

  @Test
  void theSameFiguresPass() {
    Figures base = figures(60_000, 50_000, 6, 200_000);
    assertThat(Figures.check(base, figures(60_000, 50_000, 6, 200_000))).isNull();
  }

  @Test
  void theInternerSlackFollowsTheExportCachesBound() {
    // 25,000 sets through 4096 slots: about 9 slots escape; four times that is below the floor
    assertThat(Figures.internerSlack(100_000)).isEqualTo(64);
    // a smaller flapping table overwrites fewer slots: more may hold older sets
    assertThat(Figures.internerSlack(20_000))
        .isEqualTo((long) Math.ceil(4 * 4096 * Math.exp(-5000 / 4096.0)));
    Figures base = figures(60_000, 50_000, 6, 200_000);
    assertThat(Figures.check(base, figures(60_000, 50_064, 6, 200_000))).isNull();
    // one cycle's churn of 10% of 20k prefixes in UPDATEs of 4 leaking: 500 sets
    assertThat(Figures.check(base, figures(60_000, 50_500, 6, 200_000)))
        .contains("interned attribute sets: 50000 -> 50500");
  }

  @Test
  void heapMayGrowTenPercentOrSixteenMegabytes() {
    Figures small = figures(60_000, 50_000, 6, 200_000);
    assertThat(Figures.check(small, figures(60_000 + 16_384, 50_000, 6, 200_000))).isNull();
    assertThat(Figures.check(small, figures(60_000 + 16_385, 50_000, 6, 200_000)))
        .contains("heap used after full GC");
    Figures big = figures(400_000, 50_000, 6, 200_000);
    assertThat(Figures.check(big, figures(440_000, 50_000, 6, 200_000))).isNull();
    assertThat(Figures.check(big, figures(440_001, 50_000, 6, 200_000))).isNotNull();
  }

  @Test
  void exactFiguresMayNeitherGrowNorShrinkAndRssIsOnlyShown() {
    Figures base = figures(60_000, 50_000, 6, 200_000);
    assertThat(Figures.check(base, figures(60_000, 50_000, 6, 200_001)))
        .contains("Adj-RIB-Out, 198.51.100.2: 200000 -> 200001");
    assertThat(Figures.check(base, figures(60_000, 50_000, 6, 199_999))).isNotNull();
    assertThat(Figures.check(base, figures(60_000, 50_000, 9, 200_000)))
        .contains("timers pending, loop bgp");
    Figures rss = figures(60_000, 50_000, 6, 200_000);
    rss.put("RSS, KB", 10_000_000, Figures.Rule.REPORT);
    assertThat(Figures.check(base, rss)).isNull();
  }

  @Test
  void aFigureMissingAtTheEndFails() {
    Figures base = figures(60_000, 50_000, 6, 200_000);
    base.put("kernel routes (proto 222)", 200_000, Figures.Rule.EXACT);
    assertThat(Figures.check(base, figures(60_000, 50_000, 6, 200_000)))
        .contains("kernel routes (proto 222): missing at the end");
  }

  @Test
  void queuedTimersMayExceedTheBaselineByWhatTheRecentFlapsLeft() {
    Figures base = figures(60_000, 50_000, 6, 200_000);
    base.put("timers queued, loop bgp", 9, Figures.Rule.TIMERS_QUEUED);
    Figures end = figures(60_000, 50_000, 6, 200_000);
    end.put("timers queued, loop bgp", 50, Figures.Rule.TIMERS_QUEUED);
    base.queuedSlackTimers = Figures.queuedSlack(10); // 56
    assertThat(Figures.check(base, end)).isNull();
    base.queuedSlackTimers = Figures.queuedSlack(2); // 24
    assertThat(Figures.check(base, end)).contains("timers queued, loop bgp: 9 -> 50");
  }
}
