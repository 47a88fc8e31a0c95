package dev.cairn.daemon;

import dev.cairn.event.EventLoop;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A management query run on the loop that owns the state it reads (DESIGN §3): posted as a task,
 * answered through a future, waited for here at most {@link #TIMEOUT}.
 */
final class LoopQuery {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private LoopQuery() {}

  /** Runs {@code q} on {@code loop} and waits for its answer. */
  static <T> T on(EventLoop loop, Callable<T> q) {
    CompletableFuture<T> f = SlicedWalk.post(loop, q);
    try {
      return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the routing loop did not answer within " + TIMEOUT);
    }
  }
}
