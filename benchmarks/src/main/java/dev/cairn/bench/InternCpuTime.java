package dev.cairn.bench;

import dev.cairn.bgp.wire.BgpDecodeException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link InternBenchmark}'s cases timed by this thread's CPU time instead of the wall clock: on a
 * shared machine whose load is many times its cores, wall-clock throughput mostly measures the
 * other processes, while the CPU time a thread spends per operation stays close to what it costs.
 * Each case runs interleaved with the others, round after round; the least time per operation of
 * the rounds is printed (nanoseconds of CPU per UPDATE).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.cairn.bench.InternCpuTime}
 */
public final class InternCpuTime {
  private InternCpuTime() {}

  public static void main(String[] args) throws BgpDecodeException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int ops = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    InternBenchmark b = new InternBenchmark();
    b.setUp();
    String[] names = {
      "ioDecodeOnly",
      "ioDecodeLocalIntern",
      "ioDecodeSharedIntern",
      "loopInternDecoded",
      "loopInternCanonical"
    };
    Supplier<?>[] cases = {
      unchecked(b::ioDecodeOnly),
      unchecked(b::ioDecodeLocalIntern),
      unchecked(b::ioDecodeSharedIntern),
      b::loopInternDecoded,
      b::loopInternCanonical
    };
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] best = new double[cases.length];
    java.util.Arrays.fill(best, Double.MAX_VALUE);
    Object sink = null;
    for (int r = 0; r < rounds; r++) {
      for (int c = 0; c < cases.length; c++) {
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
          sink = cases[c].get();
        }
        double ns = (mx.getCurrentThreadCpuTime() - t0) / (double) ops;
        if (r >= 3) { // the first rounds warm up
          best[c] = Math.min(best[c], ns);
        }
      }
    }
    for (int c = 0; c < cases.length; c++) {
      System.out.printf(Locale.ROOT, "%-22s %8.1f ns CPU per UPDATE%n", names[c], best[c]);
    }
    if (sink == null) {
      System.out.println();
    }
    b.tearDown();
  }

  interface Decode {
    Object get() throws BgpDecodeException;
  }

  private static Supplier<Object> unchecked(Decode d) {
    return () -> {
      try {
        return d.get();
      } catch (BgpDecodeException e) {
        throw new IllegalStateException(e);
      }
    };
  }
}
