package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a routing loop does with a task that throws: an exception is the loop's last error and the
 * loop goes on; an {@link Error} ends the loop and asks the process to exit with {@link
 * Exit#THREAD_ERROR}.
 */
class ThreadEventLoopHealthTest {
  final LinkedBlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
  final Health health = new Health(Clock.systemUTC(), exits::add);

  @Test
  void anErrorInATaskExitsWithTheThreadErrorStatusAndTheLoopIsDead() throws Exception {
    ThreadEventLoop loop = new ThreadEventLoop("fib", health);
    loop.execute(
        () -> {
          throw new StackOverflowError("deep");
        });
    assertThat(exits.poll(30, TimeUnit.SECONDS)).isEqualTo(Exit.THREAD_ERROR);
    Health.Status s = health.snapshot().get(0);
    assertThat(s.component()).isEqualTo("fib");
    assertThat(s.state()).isEqualTo(Health.State.DEAD);
    assertThat(s.lastError()).contains("StackOverflowError").contains("deep");
    assertThat(health.dead()).containsExactly(s);
    // the exit returned (a test's): the loop runs nothing more, its state is not trusted
    CompletableFuture<Boolean> after = new CompletableFuture<>();
    loop.execute(() -> after.complete(true));
    loop.schedule(java.time.Duration.ZERO, () -> after.complete(true));
    Thread.sleep(200); // (a negative check: nothing may run; the loop had ample time)
    assertThat(after).isNotDone();
  }

  @Test
  void anErrorInATimerExitsToo() throws Exception {
    ThreadEventLoop loop = new ThreadEventLoop("ospf", health);
    loop.schedule(
        java.time.Duration.ofMillis(1),
        () -> {
          throw new NoClassDefFoundError("dev/cairn/Missing");
        });
    assertThat(exits.poll(30, TimeUnit.SECONDS)).isEqualTo(Exit.THREAD_ERROR);
    assertThat(health.snapshot().get(0).state()).isEqualTo(Health.State.DEAD);
  }

  @Test
  void anExceptionIsTheLastErrorAndTheLoopGoesOn() throws Exception {
    ThreadEventLoop loop = new ThreadEventLoop("rib", health);
    loop.execute(
        () -> {
          throw new IllegalStateException("bad route");
        });
    CompletableFuture<Boolean> next = new CompletableFuture<>();
    loop.execute(() -> next.complete(true));
    assertThat(next.get(30, TimeUnit.SECONDS)).isTrue();
    Health.Status s = health.snapshot().get(0);
    assertThat(s.state()).isEqualTo(Health.State.UP);
    assertThat(s.lastError()).isEqualTo("java.lang.IllegalStateException: bad route");
    assertThat(s.lastErrorAt()).isNotNull();
    assertThat(exits).isEmpty();
  }

  @Test
  void aClosedLoopLeavesTheRegistry() {
    ThreadEventLoop loop = new ThreadEventLoop("bgp", health);
    assertThat(health.snapshot()).extracting(Health.Status::component).containsExactly("bgp");
    loop.close();
    assertThat(health.snapshot()).isEmpty();
  }
}
