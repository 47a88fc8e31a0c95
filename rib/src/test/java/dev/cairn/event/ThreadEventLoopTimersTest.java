package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The timer-queue figures the soak test reads: cancelled timers stay queued until due. */
class ThreadEventLoopTimersTest {

  @Test
  void queuedCountsCancelledTimersUntilTheyAreDuePendingDoesNot() {
    try (ThreadEventLoop loop = new ThreadEventLoop("timers-test")) {
      assertThat(loop.timersQueued()).isZero();
      EventLoop.Timer a = loop.schedule(Duration.ofHours(1), () -> {});
      loop.schedule(Duration.ofHours(1), () -> {});
      loop.schedule(Duration.ofHours(2), () -> {});
      a.cancel();
      assertThat(loop.timersQueued()).isEqualTo(3);
      assertThat(loop.timersPending()).isEqualTo(2);
    }
  }
}
