package dev.cairn.daemon;

import dev.cairn.cli.CommandException;
import dev.cairn.event.EventLoop;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.PrefixList;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A query's walk of a big table (the Loc-RIB, an Adj-RIB-Out, the RIB) in slices, so that no task
 * of the loop that owns the table runs long, however big the table (DESIGN §3: a {@code show} must
 * not delay a keepalive). The table's prefixes are taken in one task (a scan of its keys), sorted
 * on the caller's thread, then looked up {@link #SLICE} at a time, each slice a task of its own
 * that the loop runs after whatever was posted meanwhile; the next slice is asked for before the
 * caller renders the one it has, so rendering and the loop's work overlap. See {@link PrefixList}
 * for what a table that changes between slices looks like in the output.
 */
final class SlicedWalk {
  /** Prefixes looked up per loop task (a few milliseconds of work). */
  static final int SLICE = 2000;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private SlicedWalk() {}

  /** What the caller does with each slice's rows, on its own thread. */
  @FunctionalInterface
  interface Sink<R> {
    void accept(R rows) throws IOException, CommandException;
  }

  /**
   * Walks the prefixes that {@code prefixes} lists (on {@code loop}), sorted, {@code slice} at a
   * time on {@code loop}; hands each slice's rows to {@code sink} in order.
   */
  static <R> void walk(
      EventLoop loop,
      Callable<PrefixList> prefixes,
      Function<List<IpPrefix>, R> slice,
      Sink<R> sink)
      throws IOException, CommandException {
    PrefixList all = get(post(loop, prefixes)).sort();
    CompletableFuture<R> next = all.isEmpty() ? null : post(loop, sliceOf(all, 0, slice));
    for (int from = 0; from < all.size(); from += SLICE) {
      R rows = get(next);
      int after = from + SLICE;
      next = after < all.size() ? post(loop, sliceOf(all, after, slice)) : null;
      sink.accept(rows);
    }
  }

  private static <R> Callable<R> sliceOf(
      PrefixList all, int from, Function<List<IpPrefix>, R> slice) {
    List<IpPrefix> part = all.slice(from, Math.min(all.size(), from + SLICE)); // (built here)
    return () -> slice.apply(part);
  }

  /** Runs {@code q} on {@code loop}. */
  static <T> CompletableFuture<T> post(EventLoop loop, Callable<T> q) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            f.complete(q.call());
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    return f;
  }

  private static <T> T get(CompletableFuture<T> f) throws CommandException {
    try {
      return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CommandException("% Interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new CommandException("% The routing loop did not answer within " + TIMEOUT);
    }
  }
}
