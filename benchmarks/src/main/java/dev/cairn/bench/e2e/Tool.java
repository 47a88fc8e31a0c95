package dev.cairn.bench.e2e;

import java.util.HashMap;
import java.util.Map;

/**
 * Entry point of the benchmark's traffic tools, each run as its own process inside a namespace:
 * {@code feed} (one or more feeder sessions, driven by commands on stdin), {@code receive} (the
 * counting receiver, active) and {@code sink} (a passive receiver for measuring the feeder's own
 * ceiling). They report events on stdout, one per line, stamped with {@link System#nanoTime()}
 * (CLOCK_MONOTONIC, comparable across processes).
 */
public final class Tool {
  private Tool() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: Tool feed|receive|sink --key value ...");
      System.exit(2);
    }
    Map<String, String> opts = new HashMap<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    switch (args[0]) {
      case "feed":
        Feeder.run(opts);
        break;
      case "receive":
      case "sink":
        Receiver.run(opts, args[0].equals("sink"));
        break;
      default:
        System.err.println("unknown tool " + args[0]);
        System.exit(2);
    }
  }

  /** Prints one event line and flushes. */
  public static synchronized void event(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
