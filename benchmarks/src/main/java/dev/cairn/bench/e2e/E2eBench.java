package dev.cairn.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end-to-end side-by-side benchmark (run as root): for every scenario and every daemon it
 * builds a feeder — DUT — receiver namespace lab, starts the daemon, streams the feed, and measures
 * the time until the receiver (and, FIB on, the kernel) holds every prefix, the daemon's peak RSS
 * and its CPU seconds; then writes a Markdown table and a CSV. See benchmarks/scripts/e2e-bench.sh.
 *
 * <p>Options: {@code --n 1000000 --n6 200000 --daemons bird,frr,gobgp,cairnd --scenarios
 * ceiling,1x,withdraw,10x,4same,ipv6,fib --timeout 300 --cairnd-cp FILE --cairnd-version V
 * --cairnd-jvm "OPTS" --out DIR --logs DIR}.
 */
public final class E2eBench {
  private E2eBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int n = Integer.parseInt(o.getOrDefault("n", "1000000"));
    int n6 = Integer.parseInt(o.getOrDefault("n6", "200000"));
    if (n > PrefixSpace.MAX_PREFIXES || n6 > PrefixSpace.MAX_PREFIXES) {
      throw new IllegalArgumentException("at most " + PrefixSpace.MAX_PREFIXES + " prefixes");
    }
    List<String> scenarios =
        List.of(o.getOrDefault("scenarios", "ceiling,1x,withdraw,10x,4same,ipv6,fib").split(","));
    List<Dut> duts = new ArrayList<>();
    for (String d : o.getOrDefault("daemons", "bird,frr,gobgp,cairnd").split(",")) {
      switch (d) {
        case "bird":
          duts.add(new BirdDut());
          break;
        case "frr":
          duts.add(new FrrDut());
          break;
        case "gobgp":
          duts.add(new GobgpDut());
          break;
        case "cairnd":
          String cp = Files.readString(Path.of(o.get("cairnd-cp"))).trim();
          duts.add(
              new CairnDut(
                  cp, o.getOrDefault("cairnd-version", "?"), o.getOrDefault("cairnd-jvm", "")));
          break;
        default:
          throw new IllegalArgumentException("unknown daemon " + d);
      }
    }
    Path logs = Path.of(o.getOrDefault("logs", "/tmp/cairn-e2e-" + System.currentTimeMillis()));
    Files.createDirectories(logs);
    Runner runner =
        new Runner(logs, Long.parseLong(o.getOrDefault("timeout", "300")) * 1_000_000_000L);
    System.out.println("logs in " + logs);

    List<Spec> specs = new ArrayList<>();
    boolean withdraw = scenarios.contains("withdraw");
    if (scenarios.contains("1x") || withdraw) {
      specs.add(new Spec("1x", "1 feeder x " + n, PrefixSpace.IPV4, 1, false, false, n, withdraw));
    }
    if (scenarios.contains("10x")) {
      specs.add(
          new Spec(
              "10x",
              "10 feeders x " + n / 10 + " distinct",
              PrefixSpace.IPV4,
              10,
              false,
              false,
              n,
              false));
    }
    if (scenarios.contains("4same")) {
      specs.add(
          new Spec(
              "4same", "4 feeders x the same " + n, PrefixSpace.IPV4, 4, true, false, n, false));
    }
    if (scenarios.contains("ipv6")) {
      specs.add(
          new Spec("ipv6", "IPv6 1 feeder x " + n6, PrefixSpace.IPV6, 1, false, false, n6, false));
    }
    if (scenarios.contains("fib")) {
      specs.add(
          new Spec("fib", "FIB on, 1 feeder x " + n, PrefixSpace.IPV4, 1, false, true, n, false));
    }

    List<Result> results = new ArrayList<>();
    if (scenarios.contains("ceiling")) {
      results.add(runner.ceiling(1, n));
      results.add(runner.ceiling(10, n));
    }
    for (Spec s : specs) {
      for (Dut d : duts) {
        System.out.println("== " + s.title() + " on " + d.name());
        List<Result> rs = runner.run(s, d);
        for (Result r : rs) {
          System.out.println("   " + Report.line(r));
        }
        results.addAll(rs);
      }
    }
    Path out = Path.of(o.getOrDefault("out", "benchmarks/results"));
    String cmd = o.getOrDefault("command", "");
    Files.createDirectories(out);
    String date = LocalDate.now().toString();
    String md = Report.markdown(results, duts, date, cmd, n, n6);
    Files.writeString(out.resolve("e2e-" + date + ".md"), md);
    Files.writeString(out.resolve("e2e-" + date + ".csv"), Report.csv(results));
    System.out.println();
    System.out.println(md);
    System.out.println("written to " + out.resolve("e2e-" + date + ".md") + " and .csv");
  }
}
