package dev.cairn.bench.soak;

import dev.cairn.bench.e2e.Events;
import dev.cairn.bench.e2e.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One soak run in a namespaced lab: feeders A and B (ns f, 192.0.2.2 and .3, AS 65101 and 65102) —
 * cairnd (ns d, AS 65000, kernel FIB on, protocol 222) — a receiver (ns r, 198.51.100.2, AS 65200)
 * that cairnd re-advertises everything to. A holds prefixes [0, nA), B [nA, nA + nB).
 *
 * <p>After the first convergence the baseline is measured; then each cycle (1) takes A's session
 * down (Cease) while B withdraws one tenth (the churn share) of its table, and waits until the
 * receiver, cairnd's RIB and Adj-RIB-Out and the kernel hold only what is left; (2) brings A back
 * with its whole table while B re-announces its slice with a new MED (new attribute sets to intern,
 * the old ones to release), and waits until all hold everything again. After the last cycle the
 * same figures are measured and compared (see {@link Figures}).
 */
final class SoakRun {
  private static final long SEC = 1_000_000_000L;
  private static final int METRICS_PORT = 9179;
  static final String FEEDER_A = "192.0.2.2";
  static final String FEEDER_B = "192.0.2.3";
  static final String RECEIVER = "198.51.100.2";

  private final Soak.Options o;
  private final Consumer<String> log;
  private final List<Figures> checkpoints = new ArrayList<>();
  private final List<String> checkpointLines = new ArrayList<>();
  private final List<Double> cycleSeconds = new ArrayList<>();
  private final List<Long> flapTimes = new ArrayList<>();
  private Probe probe;
  private Process dut;
  private Events recv;
  private long fibBase;
  private int seq;
  Figures baseline;
  Figures end;
  int cycles;
  String failure;

  SoakRun(Soak.Options o, Consumer<String> log) {
    this.o = o;
    this.log = log;
  }

  List<String> checkpointLines() {
    return checkpointLines;
  }

  List<Double> cycleSeconds() {
    return cycleSeconds;
  }

  private List<String> tool(String mainClass, String... args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-cp", o.toolClasspath(), mainClass));
    c.addAll(List.of(args));
    return c;
  }

  /** Runs the soak; {@link #failure} says why it could not go on (null: it ran to the end). */
  void run() throws Exception {
    Files.createDirectories(o.logs());
    int nA = o.flapPrefixes();
    int nB = o.churnPrefixes();
    int slice = Math.max(4, nB * o.churnPercent() / 100 / 4 * 4); // whole UPDATEs of 4 prefixes
    int slices = Math.max(1, nB / slice);
    int total = nA + nB;
    try (Netns lab = new Netns()) {
      String f = lab.namespace("f");
      String d = lab.namespace("d");
      String r = lab.namespace("r");
      lab.link(f, FEEDER_A + "/24," + FEEDER_B + "/24", d, "192.0.2.1/24");
      lab.link(d, "198.51.100.1/24", r, RECEIVER + "/24");
      dut = startCairnd(lab, d);
      probe = new Probe(d, dut.pid(), METRICS_PORT);
      recv =
          new Events(
              lab.spawn(
                  r,
                  null,
                  tool(
                      "dev.cairn.bench.e2e.Tool",
                      "receive",
                      "--peer",
                      "198.51.100.1",
                      "--local",
                      RECEIVER,
                      "--n",
                      "" + total)),
              o.logs().resolve("receiver.log"));
      if (!recv.await("ESTABLISHED", 180 * SEC)) {
        failure = "receiver session not established " + recv.failures + dutState();
        return;
      }
      Events a = feeder(lab, f, FEEDER_A, 65101, "feeder-a.log");
      Events b = feeder(lab, f, FEEDER_B, 65102, "feeder-b.log");
      if (!a.await("READY", 120 * SEC) || !b.await("READY", 120 * SEC)) {
        failure = "feeders did not start " + a.failures + b.failures;
        return;
      }
      fibBase = probe.kernelRoutesQuick();
      if (!both(a, "up", b, "up")) {
        return;
      }
      if (!both(a, "announce 0 " + nA + " 0", b, "announce " + nA + " " + total + " 0")) {
        return;
      }
      if (!converge(total, "first convergence")) {
        return;
      }
      baseline = measure();
      log.accept("baseline: " + baseline.values);
      long start = System.nanoTime();
      long nextCheckpoint = start + o.checkpointSeconds() * SEC;
      while (o.cycles() > 0
          ? cycles < o.cycles()
          : System.nanoTime() - start < o.durationSeconds() * SEC) {
        long c0 = System.nanoTime();
        int from = nA + (cycles % slices) * slice;
        int to = from + slice;
        long med = (cycles + 1L) * 1_000_000L;
        flapTimes.add(System.nanoTime());
        if (!both(a, "down", b, "withdraw " + from + " " + to)) {
          return;
        }
        if (!converge(nB - slice, "cycle " + (cycles + 1) + " down")) {
          return;
        }
        if (!one(a, "up")) {
          return;
        }
        if (!both(a, "announce 0 " + nA + " 0", b, "announce " + from + " " + to + " " + med)) {
          return;
        }
        if (!converge(total, "cycle " + (cycles + 1) + " up")) {
          return;
        }
        cycles++;
        cycleSeconds.add((System.nanoTime() - c0) / 1e9);
        if (o.checkpointSeconds() > 0 && System.nanoTime() > nextCheckpoint) {
          nextCheckpoint = System.nanoTime() + o.checkpointSeconds() * SEC;
          Figures cp = measure();
          checkpoints.add(cp);
          String line =
              String.format(
                  "%6.0f s  cycle %5d  heap %7d KB  rss %7d KB  interner %7d  timers(bgp) %d/%d",
                  (System.nanoTime() - start) / 1e9,
                  cycles,
                  cp.get("heap used after full GC, KB"),
                  cp.get("RSS, KB"),
                  cp.get("interned attribute sets"),
                  cp.get("timers pending, loop bgp"),
                  cp.get("timers queued, loop bgp"));
          checkpointLines.add(line);
          log.accept(line);
        }
        if (cycles % 10 == 0) {
          log.accept(
              String.format(
                  "%d cycles, %.0f s", cycles, (System.nanoTime() - start) / (double) SEC));
        }
      }
      end = measure();
      // the flaps whose cancelled timers may still wait in the queue for their deadline
      long since = System.nanoTime() - (Figures.LONGEST_TIMER_SECONDS + 10) * SEC;
      baseline.queuedSlackTimers =
          Figures.queuedSlack((int) flapTimes.stream().filter(t -> t > since).count());
      log.accept("end: " + end.values);
      a.send("quit");
      b.send("quit");
    }
  }

  private Events feeder(Netns lab, String ns, String local, int asn, String logName)
      throws IOException {
    return new Events(
        lab.spawn(
            ns,
            null,
            tool(
                SoakFeeder.class.getName(),
                "--peer",
                "192.0.2.1",
                "--local",
                local,
                "--asn",
                "" + asn)),
        o.logs().resolve(logName));
  }

  private Process startCairnd(Netns lab, String ns) throws IOException {
    Path dir = o.logs();
    String c =
        "router-id: 203.0.113.1\n"
            + "control: { socket: "
            + dir.resolve("cairn.sock")
            + " }\n"
            + "metrics: { listen: \"127.0.0.1:"
            + METRICS_PORT
            + "\" }\n"
            + "kernel: { enabled: true, export: [bgp] }\n"
            + "bgp:\n  asn: 65000\n  neighbors:\n"
            + "    - { address: \""
            + FEEDER_A
            + "\", asn: 65101, passive: true, import: accept-all, export: reject-all }\n"
            + "    - { address: \""
            + FEEDER_B
            + "\", asn: 65102, passive: true, import: accept-all, export: reject-all }\n"
            + "    - { address: \""
            + RECEIVER
            + "\", asn: 65200, passive: true, import: reject-all, export: accept-all }\n";
    Path conf = dir.resolve("cairn.yaml");
    Files.writeString(conf, c);
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    for (String opt : o.cairndJvm().trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt);
      }
    }
    cmd.addAll(
        List.of(
            "-cp", o.cairndClasspath(), "dev.cairn.daemon.Cairnd", "--config", conf.toString()));
    return lab.spawn(ns, dir.resolve("cairnd.log"), cmd);
  }

  private boolean one(Events e, String cmd) throws Exception {
    int s = ++seq;
    e.send(s + " " + cmd);
    return done(e, s, cmd);
  }

  /** Sends both commands at once (the flap and the churn go together), waits for both. */
  private boolean both(Events a, String ca, Events b, String cb) throws Exception {
    int sa = ++seq;
    int sb = ++seq;
    a.send(sa + " " + ca);
    b.send(sb + " " + cb);
    return done(a, sa, "A " + ca) && done(b, sb, "B " + cb);
  }

  private boolean done(Events e, int s, String what) throws Exception {
    long end = System.nanoTime() + o.phaseTimeoutSeconds() * SEC;
    while (e.word("DONE", 1) != s) {
      if (!e.failures.isEmpty() || !e.alive() || System.nanoTime() > end) {
        failure = "feeder command '" + what + "' failed: " + e.failures + dutState();
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /**
   * Waits until the receiver holds {@code n} prefixes, the kernel {@code n} routes more than before
   * the feed, and cairnd's RIB, Adj-RIBs-In and Adj-RIB-Out {@code n}, with nothing queued.
   */
  private boolean converge(int n, String what) throws Exception {
    long t0 = System.nanoTime();
    long end = t0 + o.phaseTimeoutSeconds() * SEC;
    String state = "";
    while (System.nanoTime() < end) {
      if (!dut.isAlive()) {
        failure = "cairnd exited with " + dut.exitValue() + " during " + what;
        return false;
      }
      if (!recv.failures.isEmpty() || !recv.alive()) {
        failure = "receiver failed during " + what + ": " + recv.failures;
        return false;
      }
      long held = Math.max(0, recv.word("P", 1));
      long kernel = probe.kernelRoutesQuick() - fibBase;
      state = "receiver " + held + ", kernel " + kernel;
      if (held == n && kernel == n) {
        Map<String, Double> m = probe.scrape();
        long rib = Probe.sum(m, "cairn_rib_routes", "bgp\"");
        long out = Probe.sum(m, "cairn_bgp_prefixes_advertised", "neighbor=\"" + RECEIVER + "\"");
        long in = Probe.sum(m, "cairn_bgp_prefixes_accepted");
        long queued = Probe.sum(m, "cairn_bgp_changes_queued");
        state +=
            ", rib " + rib + ", adj-rib-out " + out + ", adj-rib-in " + in + ", queued " + queued;
        if (rib == n && out == n && in == n && queued == 0) {
          return true;
        }
      }
      Thread.sleep(200);
    }
    failure =
        "no convergence to "
            + n
            + " within "
            + o.phaseTimeoutSeconds()
            + " s ("
            + what
            + "): "
            + state;
    return false;
  }

  private String dutState() {
    return dut != null && !dut.isAlive() ? " (cairnd exited with " + dut.exitValue() + ")" : "";
  }

  /** The figures, once the receiver has heard nothing for two seconds. */
  private Figures measure() throws Exception {
    long end = System.nanoTime() + 60 * SEC;
    while (System.nanoTime() - Math.max(0, recv.word("P", 3)) < 2 * SEC
        && System.nanoTime() < end) {
      Thread.sleep(100);
    }
    Figures f = new Figures(Figures.internerSlack(o.flapPrefixes()));
    // the least of three: what is live after a full GC also holds the work in progress at that
    // moment (the FIB's periodic comparison with the kernel holds a dump of the whole table while
    // it runs, every 60 s), which is not what stays behind
    long[] heap = probe.heapAfterFullGc();
    for (int i = 0; i < 2; i++) {
      Thread.sleep(3000);
      long[] again = probe.heapAfterFullGc();
      if (again[0] < heap[0]) {
        heap = again;
      }
    }
    // the collector has cleared the weak references of dead attribute sets; the interner drops
    // them at its next use once the reference handler has queued them: read until two agree
    Map<String, Double> m = probe.scrape();
    for (int i = 0; i < 20; i++) {
      Thread.sleep(250);
      Map<String, Double> again = probe.scrape();
      boolean same =
          Probe.sum(m, "cairn_bgp_interned_attribute_sets")
              == Probe.sum(again, "cairn_bgp_interned_attribute_sets");
      m = again;
      if (same && i > 0) {
        break;
      }
    }
    f.put("heap used after full GC, KB", heap[0], Figures.Rule.HEAP);
    f.put("metaspace used, KB", heap[1], Figures.Rule.REPORT);
    f.put("RSS, KB", probe.rssKb(), Figures.Rule.REPORT);
    f.put(
        "interned attribute sets",
        Probe.sum(m, "cairn_bgp_interned_attribute_sets"),
        Figures.Rule.INTERNER);
    for (String loop : Probe.labelValues(m, "cairn_loop_timers", "loop")) {
      f.put(
          "timers pending, loop " + loop,
          Probe.sum(m, "cairn_loop_timers", "loop=\"" + loop + "\"", "state=\"pending\""),
          Figures.Rule.TIMERS_PENDING);
      f.put(
          "timers queued, loop " + loop,
          Probe.sum(m, "cairn_loop_timers", "loop=\"" + loop + "\"", "state=\"queued\""),
          Figures.Rule.TIMERS_QUEUED);
    }
    for (String nb : Probe.labelValues(m, "cairn_bgp_prefixes_advertised", "neighbor")) {
      String sel = "neighbor=\"" + nb + "\"";
      f.put(
          "Adj-RIB-Out, " + nb,
          Probe.sum(m, "cairn_bgp_prefixes_advertised", sel),
          Figures.Rule.EXACT);
      f.put(
          "Adj-RIB-In, " + nb,
          Probe.sum(m, "cairn_bgp_prefixes_accepted", sel),
          Figures.Rule.EXACT);
      f.put(
          "changes queued, " + nb,
          Probe.sum(m, "cairn_bgp_changes_queued", sel),
          Figures.Rule.EXACT);
    }
    f.put("RIB routes (bgp)", Probe.sum(m, "cairn_rib_routes", "bgp\""), Figures.Rule.EXACT);
    f.put("kernel routes (proto 222)", probe.kernelRoutes(), Figures.Rule.EXACT);
    f.put("kernel nexthop objects (proto 222)", probe.kernelNexthops(), Figures.Rule.EXACT);
    f.put("receiver prefixes", Math.max(0, recv.word("P", 1)), Figures.Rule.EXACT);
    return f;
  }
}
