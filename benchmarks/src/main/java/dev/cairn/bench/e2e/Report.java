package dev.cairn.bench.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The results as a Markdown page (machine, versions, date, table with ratios to BIRD) and CSV. */
final class Report {
  private Report() {}

  static String line(Result r) {
    return String.format(
        Locale.ROOT,
        "%-40s %-7s converge %s s, settle %s s, kernel %s s, " + "peak RSS %s MB, CPU %s s, %s",
        r.scenario,
        r.daemon,
        f(r.converge, 2),
        f(r.settle, 2),
        f(r.kernel, 2),
        f(r.peakRssMb, 0),
        f(r.cpu, 1),
        r.status);
  }

  private static String f(double v, int decimals) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String ratio(double v, double bird) {
    if (Double.isNaN(v) || Double.isNaN(bird) || bird <= 0) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f×", v / bird);
  }

  private static Result bird(List<Result> all, Result r) {
    for (Result b : all) {
      if (b.scenario.equals(r.scenario) && b.daemon.equals("bird") && b.status.equals("ok")) {
        return b;
      }
    }
    return null;
  }

  static String markdown(List<Result> rs, List<Dut> duts, String date, String cmd, int n, int n6) {
    StringBuilder m = new StringBuilder();
    m.append("# End-to-end BGP benchmark, ").append(date).append("\n\n");
    m.append("Machine: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, ")
        .append(cpuModel())
        .append(", Linux ")
        .append(System.getProperty("os.version"))
        .append(", ")
        .append(memTotal())
        .append(", Java ")
        .append(System.getProperty("java.version"))
        .append(" (tools and cairnd)\n\n");
    m.append("Versions: ");
    for (int i = 0; i < duts.size(); i++) {
      m.append(i > 0 ? "; " : "").append(duts.get(i).version());
    }
    m.append("\n\n");
    if (!cmd.isEmpty()) {
      m.append("Command: `").append(cmd).append("`\n\n");
    }
    m.append(
        "Feed: IPv4 /24s (IPv6 /56s) in UPDATEs of 4 prefixes, each UPDATE with its own "
            + "AS_PATH and MED, then End-of-RIB; the DUT re-advertises to one receiver over eBGP, "
            + "nothing back to the feeders. *converge*: feeder's first UPDATE → receiver holds every "
            + "prefix (withdraw: holds none); *settle*: → receiver's last UPDATE; *kernel*: → the "
            + "DUT namespace's main table holds every route (FIB runs); *peak RSS*: VmHWM of the "
            + "daemon's processes; *B/route*: (peak RSS − RSS before the feed) / routes; *CPU*: "
            + "user+system seconds of the daemon from the feed's start until the receiver settled. "
            + "Ratios are to BIRD in the same run.\n\n");
    m.append(
        "| scenario | daemon | converge s | ×BIRD | settle s | kernel s | ×BIRD | peak RSS MB "
            + "| ×BIRD | B/route | CPU s | ×BIRD | status |\n");
    m.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Result r : rs) {
      Result b = bird(rs, r);
      double nan = Double.NaN;
      boolean withdraw = r.scenario.startsWith("withdraw");
      m.append("| ")
          .append(r.scenario)
          .append(" | ")
          .append(r.daemon)
          .append(" | ")
          .append(f(r.converge, 2))
          .append(" | ")
          .append(ratio(r.converge, b == null ? nan : b.converge))
          .append(" | ")
          .append(f(r.settle, 2))
          .append(" | ")
          .append(f(r.kernel, 2))
          .append(" | ")
          .append(ratio(r.kernel, b == null ? nan : b.kernel))
          .append(" | ")
          .append(f(r.peakRssMb, 0))
          .append(" | ")
          .append(ratio(r.peakRssMb, b == null ? nan : b.peakRssMb))
          .append(" | ")
          .append(withdraw ? "–" : f(r.bytesPerRoute(), 0))
          .append(" | ")
          .append(f(r.cpu, 1))
          .append(" | ")
          .append(ratio(r.cpu, b == null ? nan : b.cpu))
          .append(" | ")
          .append(r.status.replace("|", "/"))
          .append(" |\n");
    }
    return m.toString();
  }

  static String csv(List<Result> rs) {
    StringBuilder c =
        new StringBuilder(
            "scenario,daemon,converge_s,settle_s,kernel_s,peak_rss_mb,base_rss_mb,bytes_per_route,"
                + "cpu_s,status\n");
    for (Result r : rs) {
      c.append('"')
          .append(r.scenario)
          .append("\",")
          .append(r.daemon)
          .append(',')
          .append(f(r.converge, 3))
          .append(',')
          .append(f(r.settle, 3))
          .append(',')
          .append(f(r.kernel, 3))
          .append(',')
          .append(f(r.peakRssMb, 1))
          .append(',')
          .append(f(r.baseRssMb, 1))
          .append(',')
          .append(f(r.bytesPerRoute(), 0))
          .append(',')
          .append(f(r.cpu, 2))
          .append(",\"")
          .append(r.status.replace("\"", "'"))
          .append("\"\n");
    }
    return c.toString().replace("–", "");
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (Exception e) {
      return "unknown CPU";
    }
    return "unknown CPU";
  }

  private static String memTotal() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (l.startsWith("MemTotal:")) {
          long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
          return (kb / 1024 / 1024) + " GiB RAM";
        }
      }
    } catch (Exception e) {
      return "";
    }
    return "";
  }
}
