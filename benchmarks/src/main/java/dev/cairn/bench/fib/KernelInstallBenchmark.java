package dev.cairn.bench.fib;

import dev.cairn.fib.FibConfig;
import dev.cairn.fib.FibWriter;
import dev.cairn.fib.WriterError;
import dev.cairn.kernel.KernelRoutes;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4's must-show 5: installs N IPv4 routes into a fresh namespace's main table three ways and
 * reports routes per second side by side: cairn's {@link FibWriter} (netlink, batched, nexthop
 * objects), {@code ip -batch} (the batch file is written first; only {@code ip} is timed) and BIRD
 * 2's kernel protocol exporting a static protocol (timed from BIRD's start until the kernel has
 * reported all N routes, config parsing included). Two next-hop mixes: every route via one gateway,
 * and every route over one 2-way ECMP set.
 *
 * <p>The routes are N /24s from 11.0.0.0 upward (11.0.0.0/24 .. 26.255.255.0/24 for 1M): outside
 * the documentation ranges, which hold too few prefixes, but only ever installed in a throwaway
 * namespace whose only link is a veth pair with both ends inside it; no packet is sent to them.
 *
 * <p>Usage (as root): {@code KernelInstallBenchmark [N] [results.md]}.
 */
public final class KernelInstallBenchmark {
  private static final int PROTO_IP = 99;
  private static final int PROTO_BIRD = 12;
  private static final int FIRST = 0x0B000000; // 11.0.0.0

  private KernelInstallBenchmark() {}

  /** One measured run. */
  record Result(String mix, String tool, int routes, double seconds, String note) {
    double rate() {
      return routes / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/results/fib-install.md");
    List<Result> results = new ArrayList<>();
    String tools = System.getProperty("tools", "cairn,ip,bird");
    for (boolean ecmp : new boolean[] {false, true}) {
      String mix = ecmp ? "2-way ECMP group" : "single next hop";
      if (tools.contains("cairn")) {
        results.add(runCairn(n, ecmp, mix));
      }
      if (tools.contains("ip")) {
        results.add(runIpBatch(n, ecmp, mix));
      }
      if (tools.contains("bird")) {
        results.add(runBird(n, ecmp, mix));
      }
    }
    String table = table(n, results);
    System.out.print(table);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table);
  }

  // ------------------------------------------------------------------ the three installers

  static Result runCairn(int n, boolean ecmp, String mix) throws Exception {
    try (Lab lab = new Lab()) {
      List<NextHop> nhs =
          ecmp
              ? List.of(
                  NextHop.via(IpAddress.parse("192.0.2.2")),
                  NextHop.via(IpAddress.parse("192.0.2.3")))
              : List.of(NextHop.via(IpAddress.parse("192.0.2.2")));
      List<Route> routes = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        routes.add(new Route(prefix(i), Protocol.EBGP, nhs, 0));
      }
      try (KernelRoutes kernel = KernelRoutes.openIn(lab.name)) {
        FibWriter w = new FibWriter(kernel, FibConfig.defaults(), System::nanoTime);
        w.start();
        System.gc();
        long t0 = System.nanoTime();
        for (Route r : routes) {
          w.offer(r);
        }
        List<WriterError> errors = w.flush();
        long t1 = System.nanoTime();
        if (!errors.isEmpty()) {
          throw new IllegalStateException(
              "cairn: " + errors.size() + " errors, first " + errors.get(0));
        }
        long inKernel = RouteCounter.dumpCount(lab.name, FibConfig.RTPROT_CAIRN);
        check("cairn", inKernel, n);
        return new Result(mix, "cairn FibWriter", n, (t1 - t0) / 1e9, "offer + flush, in-JVM");
      }
    }
  }

  static Result runIpBatch(int n, boolean ecmp, String mix) throws Exception {
    try (Lab lab = new Lab()) {
      Path batch = Files.createTempFile("cairn-fib-bench", ".batch");
      try {
        try (BufferedWriter b = Files.newBufferedWriter(batch, StandardCharsets.US_ASCII)) {
          b.write("nexthop add id 1 via 192.0.2.2 dev veth0 proto " + PROTO_IP + "\n");
          int nhid = 1;
          if (ecmp) {
            b.write("nexthop add id 2 via 192.0.2.3 dev veth0 proto " + PROTO_IP + "\n");
            b.write("nexthop add id 3 group 1/2 proto " + PROTO_IP + "\n");
            nhid = 3;
          }
          String tail = " nhid " + nhid + " proto " + PROTO_IP + " metric 20\n";
          for (int i = 0; i < n; i++) {
            b.write("route add ");
            b.write(prefix(i).toString());
            b.write(tail);
          }
        }
        long t0 = System.nanoTime();
        run(List.of("ip", "-n", lab.name, "-batch", batch.toString()), 3600);
        long t1 = System.nanoTime();
        check("ip -batch", RouteCounter.dumpCount(lab.name, PROTO_IP), n);
        return new Result(
            mix, "ip -batch", n, (t1 - t0) / 1e9, "nexthop objects (nhid), one ip process");
      } finally {
        Files.deleteIfExists(batch);
      }
    }
  }

  static Result runBird(int n, boolean ecmp, String mix) throws Exception {
    try (Lab lab = new Lab()) {
      Path dir = Files.createTempDirectory("cairn-fib-bench-bird");
      Path conf = dir.resolve("bird.conf");
      Path ctl = dir.resolve("bird.ctl");
      try (BufferedWriter b = Files.newBufferedWriter(conf, StandardCharsets.US_ASCII)) {
        b.write("router id 192.0.2.1;\n");
        b.write("protocol device { }\n");
        b.write("protocol kernel {\n  ipv4 { export all; import none; };\n");
        b.write("  merge paths " + (ecmp ? "on" : "off") + ";\n  learn off;\n  metric 20;\n}\n");
        b.write("protocol static {\n  ipv4;\n");
        String via = ecmp ? " via 192.0.2.2 via 192.0.2.3;\n" : " via 192.0.2.2;\n";
        for (int i = 0; i < n; i++) {
          b.write("  route ");
          b.write(prefix(i).toString());
          b.write(via);
        }
        b.write("}\n");
      }
      Process bird = null;
      try (RouteCounter counter = new RouteCounter(lab.name, PROTO_BIRD, n)) {
        long t0 = System.nanoTime();
        bird =
            new ProcessBuilder(
                    "ip",
                    "netns",
                    "exec",
                    lab.name,
                    "bird",
                    "-f",
                    "-c",
                    conf.toString(),
                    "-s",
                    ctl.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("bird.log").toFile())
                .start();
        long t1 = counter.awaitTarget(TimeUnit.MINUTES.toMillis(30));
        if (t1 < 0) {
          throw new IllegalStateException(
              "BIRD did not install " + n + " routes; kernel has " + counter.dumpCount());
        }
        check("BIRD", counter.dumpCount(), n);
        String note =
            "from process start, config parse included"
                + (counter.lostNotifications() ? "; completion seen by polling dumps" : "");
        return new Result(
            mix, "BIRD " + birdVersion() + " kernel protocol", n, (t1 - t0) / 1e9, note);
      } finally {
        if (bird != null) {
          // SIGKILL: a TERMinated BIRD would withdraw its 1M routes during the next measurement
          bird.destroyForcibly().waitFor();
        }
        for (Path p : List.of(conf, ctl, dir.resolve("bird.log"))) {
          Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  static Ipv4Prefix prefix(int i) {
    return Ipv4Prefix.of(FIRST + (i << 8), 24);
  }

  private static void check(String who, long inKernel, int n) {
    if (inKernel != n) {
      throw new IllegalStateException(who + ": kernel holds " + inKernel + " routes, not " + n);
    }
  }

  private static String birdVersion() {
    try {
      String v = run(List.of("bird", "--version"), 10).trim();
      return v.replaceAll(".*version\\s+", "");
    } catch (RuntimeException e) {
      return "2";
    }
  }

  static String table(int n, List<Result> rs) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "## Kernel route install: %,d IPv4 routes%n%n", n));
    sb.append(
        String.format(
            Locale.ROOT,
            "Each row in a fresh network namespace (veth pair, main table), kernel %s, %d CPUs.%n%n",
            System.getProperty("os.version"),
            Runtime.getRuntime().availableProcessors()));
    sb.append("| next hops | installer | seconds | routes/s | cairn is x faster | how timed |\n");
    sb.append("|---|---|---:|---:|---:|---|\n");
    for (Result r : rs) {
      double cairn =
          rs.stream()
              .filter(x -> x.mix().equals(r.mix()) && x.tool().startsWith("cairn"))
              .findFirst()
              .map(Result::rate)
              .orElse(Double.NaN);
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.2f | %,.0f | %s | %s |%n",
              r.mix(),
              r.tool(),
              r.seconds(),
              r.rate(),
              r.tool().startsWith("cairn")
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", cairn / r.rate()),
              r.note()));
    }
    return sb.toString();
  }

  static String run(List<String> cmd, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] outBytes = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timeout: " + String.join(" ", cmd));
      }
      String s = new String(outBytes, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + s);
      }
      return s;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A throwaway namespace with lo up and a veth pair whose gateways resolve at once. */
  static final class Lab implements AutoCloseable {
    final String name =
        "cairn-fb" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);

    Lab() {
      ip("netns", "add", name);
      try {
        ip("-n", name, "link", "set", "lo", "up");
        ip("-n", name, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1");
        ip("-n", name, "addr", "add", "192.0.2.1/24", "dev", "veth0");
        ip("-n", name, "link", "set", "veth0", "up");
        ip("-n", name, "link", "set", "veth1", "up");
        for (String gw : List.of("192.0.2.2", "192.0.2.3")) {
          ip(
              "-n",
              name,
              "neigh",
              "replace",
              gw,
              "lladdr",
              "02:00:00:00:00:0" + gw.charAt(8),
              "dev",
              "veth0");
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    private static void ip(String... args) {
      List<String> cmd = new ArrayList<>();
      cmd.add("ip");
      cmd.addAll(List.of(args));
      run(cmd, 600);
    }

    @Override
    public void close() {
      try {
        // deleting the link drops its routes now; a namespace with 1M routes left to the kernel's
        // asynchronous cleanup would eat CPU during the next measurement
        ip("-n", name, "link", "del", "veth0");
      } catch (RuntimeException e) {
        System.err.println("could not delete veth0 in " + name + ": " + e.getMessage());
      }
      try {
        ip("netns", "del", name);
      } catch (RuntimeException e) {
        System.err.println("could not delete namespace " + name + ": " + e.getMessage());
      }
    }
  }
}
