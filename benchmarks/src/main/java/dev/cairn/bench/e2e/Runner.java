package dev.cairn.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one scenario on one daemon in a fresh lab (feeder ns — DUT ns — receiver ns) and measures
 * it; also the feeder's own ceiling against a sink. Every lab is torn down, whatever happens.
 */
final class Runner {
  private static final long SEC = 1_000_000_000L;
  private static final long QUIET = SEC;

  private final Path logs;
  private final long timeout;

  /** How long a converged lab is held before it goes on (E2E_HOLD_SECONDS: for profiling). */
  private final long hold =
      Long.parseLong(System.getenv().getOrDefault("E2E_HOLD_SECONDS", "0")) * 1_000_000_000L;

  Runner(Path logs, long timeoutNanos) {
    this.logs = logs;
    this.timeout = timeoutNanos;
  }

  private static List<String> tool(String... args) {
    List<String> c = new ArrayList<>();
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(List.of("-Xmx3g", "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path")));
    c.add(Tool.class.getName());
    c.addAll(List.of(args));
    return c;
  }

  /** The feeder streaming into a passive sink over loopback, in a namespace of its own. */
  Result ceiling(int feeders, int n) throws Exception {
    Result r = new Result("feeder ceiling, " + feeders + " session(s) x " + n / feeders, "sink");
    r.routes = n;
    Path dir = logs.resolve("ceiling-" + feeders);
    Files.createDirectories(dir);
    try (Netns lab = new Netns()) {
      String ns = lab.namespace("s");
      Events sink =
          new Events(
              lab.spawn(ns, null, tool("sink", "--local", "127.0.0.1", "--n", "" + n)),
              dir.resolve("sink.log"));
      if (!sink.await("LISTENING", 60 * SEC)) {
        r.status = "sink did not start";
        return r;
      }
      StringBuilder locals = new StringBuilder();
      for (int k = 0; k < feeders; k++) {
        locals.append(k > 0 ? "," : "").append("127.0.0.").append(2 + k);
      }
      Events feed =
          new Events(
              lab.spawn(
                  ns,
                  null,
                  tool(
                      "feed", "--peer", "127.0.0.1", "--locals", locals.toString(), "--n", "" + n)),
              dir.resolve("feeder.log"));
      if (!feed.await("READY", 60 * SEC)) {
        r.status = "feeder not ready " + feed.failures;
        return r;
      }
      feed.send("go");
      if (!sink.await("FULL", 60 * SEC)) {
        r.status = "sink not full " + sink.failures;
        return r;
      }
      r.converge = (sink.word("FULL", 1) - feed.word("FIRST", 1)) / 1e9;
      feed.await("SENT", 60 * SEC);
      r.settle = (feed.word("SENT", 1) - feed.word("FIRST", 1)) / 1e9;
      r.status = String.format("ok, %.1f M prefixes/s", n / r.converge / 1e6);
      feed.send("quit");
    }
    return r;
  }

  List<Result> run(Spec s, Dut d) throws InterruptedException {
    try {
      return measure(s, d);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      Result r = new Result(s.title(), d.name());
      r.status = "FAILED: " + e;
      return List.of(r);
    }
  }

  private List<Result> measure(Spec s, Dut d) throws Exception {
    Result r = new Result(s.title(), d.name());
    r.routes = s.n();
    List<Result> out = new ArrayList<>(List.of(r));
    Result w = null;
    if (s.withdraw()) {
      w = new Result("withdraw all " + s.n(), d.name());
      out.add(w);
    }
    if (s.fib() && !d.fib()) {
      r.status = "n/a (no FIB)";
      return out;
    }
    Path dir = logs.resolve(s.name() + "-" + d.name());
    Files.createDirectories(dir);
    try (Netns lab = new Netns()) {
      String f = lab.namespace("f");
      String dn = lab.namespace("d");
      String rn = lab.namespace("r");
      StringBuilder fa = new StringBuilder();
      for (int k = 0; k < s.feeders(); k++) {
        fa.append(k > 0 ? "," : "")
            .append("192.0.2.")
            .append(2 + k)
            .append("/24,2001:db8:1::")
            .append(Integer.toHexString(2 + k))
            .append("/64");
      }
      lab.link(f, fa.toString(), dn, "192.0.2.1/24,2001:db8:1::1/64");
      lab.link(dn, "198.51.100.1/24,2001:db8:2::1/64", rn, "198.51.100.2/24,2001:db8:2::2/64");
      List<Process> dut = d.start(lab, dn, dir, s);
      String fam = s.v6() ? "ipv6" : "ipv4";
      Events recv =
          new Events(
              lab.spawn(
                  rn,
                  null,
                  tool(
                      "receive",
                      "--peer",
                      s.dutReceiverSide(),
                      "--local",
                      s.receiver(),
                      "--n",
                      "" + s.n(),
                      "--family",
                      fam)),
              dir.resolve("receiver.log"));
      if (!recv.await("ESTABLISHED", 120 * SEC)) {
        return fail(out, "receiver session not established " + recv.failures);
      }
      StringBuilder locals = new StringBuilder();
      for (int k = 0; k < s.feeders(); k++) {
        locals.append(k > 0 ? "," : "").append(s.feeder(k));
      }
      Events feed =
          new Events(
              lab.spawn(
                  f,
                  null,
                  tool(
                      "feed",
                      "--peer",
                      s.dutFeedSide(),
                      "--locals",
                      locals.toString(),
                      "--n",
                      "" + s.n(),
                      "--mode",
                      s.same() ? "same" : "distinct",
                      "--family",
                      fam)),
              dir.resolve("feeder.log"));
      if (!feed.await("READY", 120 * SEC)) {
        return fail(out, "feeder sessions not established " + feed.failures);
      }
      long dutPid = dut.get(0).pid();
      long fibBase = s.fib() ? ProcStats.ipv4Routes(dutPid) : 0;
      ProcStats before = ProcStats.of(dut);
      r.baseRssMb = before.rssKb / 1024.0;
      feed.send("go");
      if (!feed.await("FIRST", 30 * SEC)) {
        return fail(out, "feeder did not start " + feed.failures);
      }
      long first = feed.word("FIRST", 1);
      long kernelAt = 0;
      long maxRss = 0;
      long lastNote = first;
      while (true) {
        long now = System.nanoTime();
        ProcStats st = ProcStats.of(dut);
        maxRss = Math.max(maxRss, st.rssKb);
        if (s.fib() && kernelAt == 0 && ProcStats.ipv4Routes(dutPid) - fibBase >= s.n()) {
          kernelAt = now;
        }
        String problem = problem(dut, recv, feed);
        if (problem != null) {
          return fail(out, problem);
        }
        if (recv.get("FULL") != null && (!s.fib() || kernelAt != 0)) {
          break;
        }
        if (now - lastNote > 30 * SEC) {
          lastNote = now;
          System.out.printf(
              "   ... %.0f s: receiver holds %d/%d, daemon RSS %d MB%n",
              (now - first) / 1e9, Math.max(0, recv.word("P", 1)), s.n(), st.rssKb / 1024);
        }
        if (now - first > timeout) {
          r.status =
              String.format(
                  "timeout: receiver %d/%d%s",
                  Math.max(0, recv.word("P", 1)),
                  s.n(),
                  s.fib() ? ", kernel " + (ProcStats.ipv4Routes(dutPid) - fibBase) : "");
          r.peakRssMb = ProcStats.of(dut).hwmKb / 1024.0;
          r.cpu = ProcStats.of(dut).cpuSeconds - before.cpuSeconds;
          if (w != null) {
            w.status = "skipped";
          }
          return out;
        }
        Thread.sleep(200);
      }
      r.converge = (recv.word("FULL", 1) - first) / 1e9;
      if (kernelAt != 0) {
        r.kernel = (kernelAt - first) / 1e9;
      }
      r.settle = (quiet(recv, recv.word("FULL", 1)) - first) / 1e9;
      ProcStats after = ProcStats.of(dut);
      r.cpu = after.cpuSeconds - before.cpuSeconds;
      r.peakRssMb = Math.max(after.hwmKb, maxRss) / 1024.0;
      if (hold > 0) {
        // the lab stays as converged for a look from outside (jcmd, ip netns exec ...)
        System.out.printf(
            "   converged; holding %d s (daemon pid %d)%n", hold / 1_000_000_000L, dutPid);
        Thread.sleep(hold / 1_000_000);
      }
      if (w != null) {
        w.routes = s.n();
        feed.send("withdraw");
        if (!feed.await("WFIRST", 30 * SEC)) {
          w.status = "feeder did not withdraw " + feed.failures;
        } else {
          long wfirst = feed.word("WFIRST", 1);
          while (recv.get("EMPTY") == null) {
            String problem = problem(dut, recv, feed);
            if (problem != null) {
              w.status = problem;
              break;
            }
            if (System.nanoTime() - wfirst > timeout) {
              w.status = "timeout: receiver still holds " + recv.word("P", 1);
              break;
            }
            Thread.sleep(100);
          }
          if (recv.get("EMPTY") != null) {
            w.converge = (recv.word("EMPTY", 1) - wfirst) / 1e9;
            w.settle = (quiet(recv, recv.word("EMPTY", 1)) - wfirst) / 1e9;
          }
          ProcStats wa = ProcStats.of(dut);
          w.cpu = wa.cpuSeconds - after.cpuSeconds;
          w.peakRssMb = wa.hwmKb / 1024.0;
          w.baseRssMb = wa.rssKb / 1024.0; // RSS left after the withdrawal
        }
      }
      String problem = problem(dut, recv, feed);
      if (problem != null) {
        r.status = "after convergence: " + problem;
      }
      feed.send("quit");
    }
    return out;
  }

  /**
   * Waits until the receiver has had no UPDATE for a second (counting from {@code since} at the
   * earliest); returns its last UPDATE's time.
   */
  private static long quiet(Events recv, long since) throws InterruptedException {
    long end = System.nanoTime() + 60 * SEC;
    while (System.nanoTime() < end) {
      long last = Math.max(since, recv.word("P", 3));
      if (System.nanoTime() - last > QUIET + 300_000_000L) {
        return last;
      }
      Thread.sleep(100);
    }
    return Math.max(since, recv.word("P", 3));
  }

  private static String problem(List<Process> dut, Events recv, Events feed) {
    for (Process p : dut) {
      if (!p.isAlive()) {
        return "daemon exited with " + p.exitValue();
      }
    }
    if (!recv.failures.isEmpty()) {
      return "receiver: " + recv.failures.get(0);
    }
    if (!feed.failures.isEmpty()) {
      return "feeder: " + feed.failures.get(0);
    }
    if (!recv.alive() || !feed.alive()) {
      return "a tool process exited";
    }
    return null;
  }

  private static List<Result> fail(List<Result> out, String why) {
    for (Result r : out) {
      r.status = "FAILED: " + why;
    }
    return out;
  }
}
