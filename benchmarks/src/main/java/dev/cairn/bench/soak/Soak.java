package dev.cairn.bench.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The soak test (issue 18): a neighbor flaps a full table again and again while another churns a
 * share of its table with new attributes, and afterwards cairnd's heap after a full collection,
 * attribute interner, timer queues, Adj-RIBs and the kernel's table must be back at their baseline
 * (see {@link SoakRun} for the lab and the cycle, {@link Figures} for the rules). Exit status 0
 * when every figure is back, 1 when one is not (a line starting {@code SOAK FAILED} names it), 2
 * when the run could not be carried out.
 *
 * <p>Options: {@code --cycles N} or {@code --duration SECONDS} (default 60 cycles), {@code
 * --flap-prefixes} (100000), {@code --churn-prefixes} (100000), {@code --churn-percent} (10),
 * {@code --checkpoint SECONDS} (a full measurement every so often during the run; 0 none), {@code
 * --phase-timeout SECONDS} (600), {@code --cairnd-cp FILE} (a file holding cairnd's classpath; by
 * default this JVM's), {@code --cairnd-jvm "OPTS"}, {@code --logs DIR}, {@code --out FILE} (the
 * report; none by default), {@code --command TEXT} (how it was started, for the report).
 */
public final class Soak {
  /** What one run does. */
  public record Options(
      int cycles,
      long durationSeconds,
      int flapPrefixes,
      int churnPrefixes,
      int churnPercent,
      long checkpointSeconds,
      long phaseTimeoutSeconds,
      String cairndClasspath,
      String toolClasspath,
      String cairndJvm,
      Path logs,
      Path out,
      String command) {}

  private Soak() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(parse(args), System.out::println));
  }

  /** The options from command-line words ({@code --key value ...}). */
  public static Options parse(String[] args) throws IOException {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String cp = System.getProperty("java.class.path");
    String cairndCp =
        o.containsKey("cairnd-cp") ? Files.readString(Path.of(o.get("cairnd-cp"))).trim() : cp;
    long duration = Long.parseLong(o.getOrDefault("duration", "0"));
    int cycles = Integer.parseInt(o.getOrDefault("cycles", duration > 0 ? "0" : "60"));
    return new Options(
        cycles,
        duration,
        Integer.parseInt(o.getOrDefault("flap-prefixes", "100000")),
        Integer.parseInt(o.getOrDefault("churn-prefixes", "100000")),
        Integer.parseInt(o.getOrDefault("churn-percent", "10")),
        Long.parseLong(o.getOrDefault("checkpoint", "0")),
        Long.parseLong(o.getOrDefault("phase-timeout", "600")),
        cairndCp,
        cp,
        o.getOrDefault("cairnd-jvm", ""),
        Path.of(o.getOrDefault("logs", Files.createTempDirectory("soak").toString())),
        o.containsKey("out") ? Path.of(o.get("out")) : null,
        o.getOrDefault("command", "Soak " + String.join(" ", args)));
  }

  /** Runs the soak with {@code o}, reporting on {@code log}; returns the exit status. */
  public static int run(Options o, java.util.function.Consumer<String> log) throws Exception {
    Instant started = Instant.now();
    SoakRun r = new SoakRun(o, log);
    try {
      r.run();
    } catch (IOException e) {
      r.failure = "lab error: " + e.getMessage();
    }
    String verdict;
    int status;
    if (r.failure != null) {
      verdict = "SOAK FAILED (not carried out): " + r.failure;
      status = 2;
    } else {
      String bad = Figures.check(r.baseline, r.end);
      verdict =
          bad == null
              ? "SOAK PASSED: every figure back at its baseline after " + r.cycles + " cycles"
              : "SOAK FAILED: not back at the baseline after " + r.cycles + " cycles: " + bad;
      status = bad == null ? 0 : 1;
    }
    String report = report(o, r, started, Instant.now(), verdict);
    log.accept(report);
    if (o.out() != null) {
      Files.createDirectories(o.out().toAbsolutePath().getParent());
      Files.writeString(o.out(), report, StandardCharsets.UTF_8);
    }
    return status;
  }

  private static String report(
      Options o, SoakRun r, Instant started, Instant ended, String verdict) {
    DateTimeFormatter t = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    StringBuilder b = new StringBuilder();
    b.append("cairn soak test\n");
    b.append("command: ").append(o.command()).append('\n');
    b.append("started ")
        .append(t.format(started.atOffset(ZoneOffset.UTC)))
        .append(", ended ")
        .append(t.format(ended.atOffset(ZoneOffset.UTC)))
        .append(
            String.format(" (%.0f s)%n", (ended.toEpochMilli() - started.toEpochMilli()) / 1e3));
    b.append(
        String.format(
            "machine: %d CPUs, %s %s, Java %s; load average at the end %s%n",
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"),
            System.getProperty("os.version"),
            System.getProperty("java.version"),
            loadAverage()));
    b.append(
        String.format(
            "lab: feeder A flaps %d prefixes (session down with a Cease, up, whole table again);"
                + " feeder B holds %d and each cycle withdraws %d%% of them and announces them"
                + " again with a new MED; cairnd re-advertises all to one receiver and installs"
                + " them in the kernel (kernel FIB on); cairnd JVM options: %s%n",
            o.flapPrefixes(),
            o.churnPrefixes(),
            o.churnPercent(),
            o.cairndJvm().isBlank() ? "(JVM defaults)" : o.cairndJvm()));
    List<Double> cs = new ArrayList<>(r.cycleSeconds());
    if (!cs.isEmpty()) {
      Collections.sort(cs);
      b.append(
          String.format(
              "cycles: %d, seconds per cycle min %.1f median %.1f max %.1f%n",
              r.cycles, cs.get(0), cs.get(cs.size() / 2), cs.get(cs.size() - 1)));
    } else {
      b.append("cycles: ").append(r.cycles).append('\n');
    }
    if (!r.checkpointLines().isEmpty()) {
      b.append("\ncheckpoints (full GC each):\n");
      r.checkpointLines().forEach(l -> b.append("  ").append(l).append('\n'));
    }
    if (r.baseline != null) {
      b.append(String.format("%n%-40s %14s %14s  %s%n", "figure", "baseline", "end", "allowed"));
      for (Map.Entry<String, Long> e : r.baseline.values.entrySet()) {
        Long end = r.end == null ? null : r.end.values.get(e.getKey());
        b.append(
            String.format(
                "%-40s %14d %14s  %s%n",
                e.getKey(),
                e.getValue(),
                end == null ? "-" : end.toString(),
                r.baseline.describe(r.baseline.rules.get(e.getKey()))));
      }
    }
    b.append('\n').append(verdict).append('\n');
    return b.toString();
  }

  private static String loadAverage() {
    try {
      String[] w = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return w[0] + " " + w[1] + " " + w[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
