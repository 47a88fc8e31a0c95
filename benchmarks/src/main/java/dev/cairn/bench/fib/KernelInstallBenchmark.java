package dev.cairn.bench.fib;

import dev.cairn.fib.FibConfig;
import dev.cairn.fib.FibWriter;
import dev.cairn.fib.WriterError;
import dev.cairn.kernel.KernelRoutes;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv6Prefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Installs N routes into the kernel of a fresh network namespace three ways, side by side in one
 * run: cairn's netlink {@link FibWriter}, {@code ip -batch} (the file generated beforehand, only
 * the command timed) and BIRD 2's kernel protocol (from BIRD's start until the kernel holds every
 * route). Each way runs twice: every route through one gateway, and every route through one 2-way
 * ECMP group. The prefixes are IPv6 /56s inside 2001:db8::/32 (the documentation range has room for
 * millions of them, where the IPv4 ones have room for a few hundred); they exist only as routes in
 * throwaway namespaces, and no packet is ever sent.
 *
 * <p>Run as root: {@code benchmarks/scripts/fib-bench.sh [N]}. Writes a Markdown table to stdout
 * and to {@code benchmarks/results/fib-install.md}.
 */
public final class KernelInstallBenchmark {
  private KernelInstallBenchmark() {}

  static final String GW1 = "2001:db8::2";
  static final String GW2 = "2001:db8::3";

  record Result(String way, String hops, int n, double seconds, long installed) {
    double rate() {
      return n / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    Path out = Path.of(args.length > 1 ? args[1] : "benchmarks/results/fib-install.md");
    List<Result> results = new ArrayList<>();
    for (boolean ecmp : new boolean[] {false, true}) {
      results.add(cairn(n, ecmp));
      results.add(ipBatch(n, ecmp));
      results.add(bird(n, ecmp));
    }
    String table = table(n, results);
    System.out.print(table);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, table);
  }

  /** The i-th /56 in 2001:db8::/32. */
  static IpPrefix prefix(int i) {
    long hi = 0x20010db800000000L | ((long) i << 8);
    return new Ipv6Prefix(hi, 0, 56);
  }

  // ------------------------------------------------------------------ namespaces

  static String sh(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + ": " + o);
    }
    return o;
  }

  /** A namespace with a veth whose far end answers for both gateways (permanent neighbours). */
  static String namespace(String tag) throws IOException, InterruptedException {
    String ns = "fibb" + ProcessHandle.current().pid() + tag;
    sh("ip", "netns", "add", ns);
    sh("ip", "-n", ns, "link", "set", "lo", "up");
    sh("ip", "-n", ns, "link", "add", "v0", "type", "veth", "peer", "name", "v1");
    sh("ip", "-n", ns, "addr", "add", "2001:db8::1/64", "dev", "v0", "nodad");
    sh("ip", "-n", ns, "link", "set", "v1", "up");
    sh("ip", "-n", ns, "link", "set", "v0", "up");
    for (String gw : List.of(GW1, GW2)) {
      sh(
          "ip",
          "-n",
          ns,
          "-6",
          "neigh",
          "replace",
          gw,
          "lladdr",
          "02:00:00:00:00:0" + gw.charAt(gw.length() - 1),
          "dev",
          "v0");
    }
    return ns;
  }

  static void remove(String ns) {
    try {
      for (String pid : sh("ip", "netns", "pids", ns).split("\\s+")) {
        if (!pid.isBlank()) {
          ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
        }
      }
      sh("ip", "netns", "del", ns);
    } catch (IOException | InterruptedException e) {
      System.err.println("could not remove " + ns + ": " + e.getMessage());
    }
  }

  /** Routes of protocol {@code proto} in the namespace's main IPv6 table (a netlink dump). */
  static long count(String ns, String proto) {
    return RouteCounter.dumpCount(ns, Integer.parseInt(proto));
  }

  // ------------------------------------------------------------------ the three ways

  static Result cairn(int n, boolean ecmp) throws Exception {
    String ns = namespace("c");
    try (KernelRoutes k = KernelRoutes.openIn(ns)) {
      FibWriter w = new FibWriter(k, FibConfig.defaults());
      w.start();
      List<NextHop> hops =
          ecmp
              ? List.of(NextHop.via(IpAddress.parse(GW1)), NextHop.via(IpAddress.parse(GW2)))
              : List.of(NextHop.via(IpAddress.parse(GW1)));
      List<Route> routes = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        routes.add(Route.of(prefix(i), Protocol.EBGP, hops, 0));
      }
      long t0 = System.nanoTime();
      routes.forEach(w::offer);
      List<WriterError> errors = w.flush();
      double s = (System.nanoTime() - t0) / 1e9;
      if (!errors.isEmpty()) {
        throw new IllegalStateException(errors.size() + " errors, first " + errors.get(0));
      }
      return new Result(
          "cairn FibWriter (netlink)", ecmp ? "2-way ECMP" : "1", n, s, count(ns, "222"));
    } finally {
      remove(ns);
    }
  }

  static Result ipBatch(int n, boolean ecmp) throws Exception {
    String ns = namespace("i");
    Path batch = Files.createTempFile("fib-bench", ".batch");
    try {
      try (Writer out = Files.newBufferedWriter(batch)) {
        String via = ecmp ? " nexthop via " + GW1 + " nexthop via " + GW2 : " via " + GW1;
        for (int i = 0; i < n; i++) {
          out.write("route add " + prefix(i) + " proto 222" + via + "\n");
        }
      }
      long t0 = System.nanoTime();
      sh("ip", "-n", ns, "-batch", batch.toString());
      double s = (System.nanoTime() - t0) / 1e9;
      return new Result("ip -batch", ecmp ? "2-way ECMP" : "1", n, s, count(ns, "222"));
    } finally {
      Files.deleteIfExists(batch);
      remove(ns);
    }
  }

  static Result bird(int n, boolean ecmp) throws Exception {
    String ns = namespace("b");
    Path dir = Files.createTempDirectory("fib-bench-bird");
    try {
      Path conf = dir.resolve("bird.conf");
      try (Writer out = Files.newBufferedWriter(conf)) {
        out.write("router id 192.0.2.1;\nprotocol device {}\n");
        out.write("protocol kernel { ipv6 { export all; }; merge paths yes; }\n");
        out.write("protocol static { ipv6;\n");
        String via = ecmp ? " via " + GW1 + " via " + GW2 : " via " + GW1;
        for (int i = 0; i < n; i++) {
          out.write(" route " + prefix(i) + via + ";\n");
        }
        out.write("}\n");
      }
      Process bird = null;
      double s;
      long have;
      try (RouteCounter counter = new RouteCounter(ns, 12 /* RTPROT_BIRD */, n)) {
        long t0 = System.nanoTime();
        bird =
            new ProcessBuilder(
                    "ip",
                    "netns",
                    "exec",
                    ns,
                    "bird",
                    "-f",
                    "-c",
                    conf.toString(),
                    "-s",
                    dir.resolve("bird.ctl").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("bird.log").toFile())
                .start();
        // timed by the kernel's route notifications: no dumps competing for the CPU
        long t1 = counter.awaitTarget(TimeUnit.MINUTES.toMillis(30));
        s = ((t1 < 0 ? System.nanoTime() : t1) - t0) / 1e9;
        have = counter.dumpCount();
      } finally {
        if (bird != null) {
          bird.destroy();
          bird.waitFor(10, TimeUnit.SECONDS);
        }
      }
      return new Result("BIRD 2 kernel protocol", ecmp ? "2-way ECMP" : "1", n, s, have);
    } finally {
      remove(ns);
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  static String table(int n, List<Result> results) throws IOException, InterruptedException {
    StringBuilder sb = new StringBuilder();
    sb.append("# Kernel route installation, ").append(LocalDate.now()).append("\n\n");
    sb.append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, Linux ")
        .append(System.getProperty("os.version"))
        .append(", Java ")
        .append(System.getProperty("java.version"))
        .append(", ")
        .append(sh("bird", "--version").trim())
        .append(", ")
        .append(sh("ip", "-V").trim())
        .append("\n\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "%,d IPv6 /56 routes into a fresh namespace's main table; BIRD's time includes reading"
                + " its configuration.%n%n",
            n));
    sb.append("| way | next hops | seconds | routes/s | × ip -batch | in kernel |\n");
    sb.append("|---|---|---:|---:|---:|---:|\n");
    for (Result r : results) {
      double base =
          results.stream()
              .filter(x -> x.way().equals("ip -batch") && x.hops().equals(r.hops()))
              .findFirst()
              .map(Result::rate)
              .orElse(r.rate());
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.2f | %,.0f | %.2f | %,d |%n",
              r.way(),
              r.hops(),
              r.seconds(),
              r.rate(),
              r.rate() / base,
              r.installed()));
    }
    return sb.toString();
  }
}
