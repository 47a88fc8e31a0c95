package dev.cairn.daemon.component;

import dev.cairn.event.EventLoop;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a change on the loop that owns the state it touches and waits for it, all or nothing: when
 * the loop does not start the task within the timeout, the task is withdrawn and will never run
 * (the state stays as it was), so a timeout cannot leave half a change behind. Once started, the
 * task runs to its end and is waited for. From the loop's own thread the task runs at once.
 */
public final class OnLoop {
  private static final int WAITING = 0;
  private static final int RUNNING = 1;
  private static final int WITHDRAWN = 2;

  private OnLoop() {}

  /**
   * {@code task}'s answer, computed on {@code loop}; throws {@link ComponentException} for {@code
   * component} when the loop did not take it within {@code timeout} (then nothing ran) or when it
   * threw.
   */
  public static <T> T call(String component, EventLoop loop, Duration timeout, Callable<T> task)
      throws ComponentException {
    if (loop.inLoop()) {
      try {
        return task.call();
      } catch (Exception e) {
        throw wrap(component, e);
      }
    }
    AtomicInteger state = new AtomicInteger(WAITING);
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          if (!state.compareAndSet(WAITING, RUNNING)) {
            return; // withdrawn: the caller has already reported the change as not applied
          }
          try {
            f.complete(task.call());
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    try {
      try {
        return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (state.compareAndSet(WAITING, WITHDRAWN)) {
          throw new ComponentException(
              component,
              "its loop did not take the change within " + timeout + "; nothing changed");
        }
        return f.get(); // it has started: it finishes, and the change is in force
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      state.compareAndSet(WAITING, WITHDRAWN);
      throw new ComponentException(component, "interrupted");
    } catch (ExecutionException e) {
      throw wrap(component, e.getCause());
    }
  }

  private static ComponentException wrap(String component, Throwable t) {
    return t instanceof ComponentException c
        ? c
        : new ComponentException(component, String.valueOf(t.getMessage()), t);
  }
}
