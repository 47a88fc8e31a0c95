package dev.cairn.daemon.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.event.ThreadEventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A change that its loop does not take in time never runs: no half-applied reload. */
class OnLoopTest {
  @Test
  void aTimedOutChangeIsWithdrawnAndNeverRuns() throws Exception {
    ThreadEventLoop loop = new ThreadEventLoop("busy");
    CountDownLatch release = new CountDownLatch(1);
    try {
      loop.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      AtomicBoolean ran = new AtomicBoolean();
      assertThatThrownBy(
              () ->
                  OnLoop.call(
                      "bgp",
                      loop,
                      Duration.ofMillis(200),
                      () -> {
                        ran.set(true);
                        return null;
                      }))
          .isInstanceOf(ComponentException.class)
          .hasMessageContaining("nothing changed");
      release.countDown();
      CompletableFuture<Void> after = new CompletableFuture<>();
      loop.execute(() -> after.complete(null));
      after.get(30, TimeUnit.SECONDS);
      assertThat(ran).isFalse();

      // a loop that answers: the task's value, or its failure as the component's
      assertThat(OnLoop.call("bgp", loop, Duration.ofSeconds(30), () -> 7)).isEqualTo(7);
      assertThatThrownBy(
              () ->
                  OnLoop.call(
                      "bgp",
                      loop,
                      Duration.ofSeconds(30),
                      () -> {
                        throw new IllegalArgumentException("no");
                      }))
          .isInstanceOf(ComponentException.class)
          .hasMessage("bgp: no");
    } finally {
      release.countDown();
      loop.close();
    }
  }
}
