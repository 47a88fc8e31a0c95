package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoopStatsTest {
  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;

  @Test
  void countsTotalsAndTheLongestTaskPerSecond() {
    LoopStats st = new LoopStats("bgp");
    long t0 = 1000 * S;
    st.record(t0, t0 + 3 * MS);
    st.record(t0 + 10 * MS, t0 + 250 * MS); // 240 ms
    st.record(t0 + 2 * S, t0 + 2 * S + 40 * MS);
    assertThat(st.count()).isEqualTo(3);
    assertThat(st.totalNanos()).isEqualTo(283 * MS);
    assertThat(st.maxNanos(t0, t0 + 3 * S)).isEqualTo(240 * MS);
    // a window that starts after the long task's second sees only the later one
    assertThat(st.maxNanos(t0 + S, t0 + 3 * S)).isEqualTo(40 * MS);
    assertThat(st.maxNanos(t0 + 3 * S, t0 + 4 * S)).isZero();
  }

  @Test
  void theMetricForgetsWhatIsOlderThanAMinute() {
    LoopStats st = new LoopStats("rib");
    long t0 = -5 * S; // (nanoTime may be negative)
    st.record(t0, t0 + 900 * MS);
    assertThat(st.maxNanos(t0 - LoopStats.WINDOW, t0 + S)).isEqualTo(900 * MS);
    assertThat(st.maxNanos(t0 + LoopStats.WINDOW, t0 + LoopStats.WINDOW + S)).isZero();
    // 64 seconds later the slot holds another second: the old task is gone, the new one counts
    long later = t0 + LoopStats.SLOTS * S;
    st.record(later, later + 5 * MS);
    assertThat(st.maxNanos(later - LoopStats.WINDOW, later + S)).isEqualTo(5 * MS);
  }

  @Test
  void aThreadLoopTimesItsTasks() throws Exception {
    try (ThreadEventLoop loop = new ThreadEventLoop("timed")) {
      long before = System.nanoTime();
      java.util.concurrent.CountDownLatch ran = new java.util.concurrent.CountDownLatch(2);
      loop.execute(
          () -> {
            long end = System.nanoTime() + 30 * MS;
            while (System.nanoTime() < end) {
              Thread.onSpinWait();
            }
            ran.countDown();
          });
      loop.schedule(Duration.ofMillis(1), ran::countDown);
      assertThat(ran.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + 10 * S;
      while (loop.stats().count() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(loop.stats().count()).isEqualTo(2);
      assertThat(loop.stats().loop()).isEqualTo("timed");
      assertThat(loop.stats().maxNanos(before, System.nanoTime())).isGreaterThanOrEqualTo(30 * MS);
      assertThat(loop.stats().totalNanos()).isGreaterThanOrEqualTo(30 * MS);
    }
  }
}
