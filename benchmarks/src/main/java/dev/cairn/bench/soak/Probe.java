package dev.cairn.bench.soak;

import dev.cairn.bench.e2e.Netns;
import dev.cairn.bench.e2e.ProcStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a running cairnd from outside: its Prometheus text (fetched inside its namespace with
 * bash's {@code /dev/tcp}, so no HTTP client is needed), its heap after a full collection ({@code
 * jcmd PID GC.run}, then {@code GC.heap_info}), its resident set, and the kernel table of its
 * namespace ({@code ip route} and {@code ip nexthop}, protocol 222 only).
 */
final class Probe {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern METASPACE = Pattern.compile("^\\s*Metaspace\\s+used (\\d+)K");
  private static final int RTPROT_CAIRN = 222;

  private final String ns;
  private final long pid;
  private final int metricsPort;

  Probe(String ns, long pid, int metricsPort) {
    this.ns = ns;
    this.pid = pid;
    this.metricsPort = metricsPort;
  }

  /** One scrape: every sample as {@code name{k="v",...}} (labels sorted) → value. */
  Map<String, Double> scrape() throws IOException, InterruptedException {
    String text =
        Netns.run(
            "ip",
            "netns",
            "exec",
            ns,
            "bash",
            "-c",
            "exec 3<>/dev/tcp/127.0.0.1/"
                + metricsPort
                + " && printf 'GET /metrics HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3"
                + " && timeout 20 cat <&3");
    Map<String, Double> out = parse(text);
    if (!out.containsKey("cairn_bgp_interned_attribute_sets")) {
      throw new IOException("no cairn metrics in the scrape: " + text.lines().findFirst());
    }
    return out;
  }

  /** Prometheus text (HTTP headers before it are skipped) as {@code name{labels}} → value. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      try {
        double v = Double.parseDouble(m.group(4));
        if (!Double.isNaN(v)) { // NaN: a gauge with nothing to read (a part that is not running)
          out.put(key(m.group(1), labels), v);
        }
      } catch (NumberFormatException e) {
        // not a sample
      }
    }
    return out;
  }

  static String key(String name, Map<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder b = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> b.append(k).append("=\"").append(v).append("\","));
    b.setLength(b.length() - 1);
    return b.append('}').toString();
  }

  /** Sum of the samples of {@code name} whose labels include {@code match} (k="v" pairs). */
  static long sum(Map<String, Double> scrape, String name, String... match) {
    double s = 0;
    for (Map.Entry<String, Double> e : scrape.entrySet()) {
      String k = e.getKey();
      if (!(k.equals(name) || k.startsWith(name + "{"))) {
        continue;
      }
      boolean all = true;
      for (String m : match) {
        all &= k.contains(m);
      }
      if (all) {
        s += e.getValue();
      }
    }
    return Math.round(s);
  }

  /** The distinct values of label {@code label} among the samples of {@code name}. */
  static List<String> labelValues(Map<String, Double> scrape, String name, String label) {
    List<String> out = new ArrayList<>();
    Pattern p = Pattern.compile(label + "=\"([^\"]*)\"");
    for (String k : scrape.keySet()) {
      if (k.startsWith(name + "{")) {
        Matcher m = p.matcher(k);
        if (m.find() && !out.contains(m.group(1))) {
          out.add(m.group(1));
        }
      }
    }
    return out;
  }

  /**
   * Runs two full collections and returns {heap used KB, metaspace used KB} after them (two: what
   * the first finds only weakly reachable, the interner's cleared sets among them, is freed by the
   * second at the latest).
   */
  long[] heapAfterFullGc() throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Netns.run(jcmd, Long.toString(pid), "GC.run");
    Netns.run(jcmd, Long.toString(pid), "GC.run");
    String info = Netns.run(jcmd, Long.toString(pid), "GC.heap_info");
    long used = 0;
    long meta = -1;
    for (String line : info.split("\n")) {
      Matcher m = HEAP_USED.matcher(line);
      if (m.find() && !line.contains("space")) {
        used += Long.parseLong(m.group(1));
      }
      Matcher mm = METASPACE.matcher(line);
      if (mm.find()) {
        meta = Long.parseLong(mm.group(1));
      }
    }
    if (used == 0) {
      throw new IOException("no heap figures in GC.heap_info: " + info);
    }
    return new long[] {used, meta};
  }

  /** VmRSS of the daemon. */
  long rssKb() {
    try {
      for (String line :
          java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** IPv4 routes of the namespace's main table, counted by the kernel (cheap: nothing dumped). */
  long kernelRoutesQuick() {
    return ProcStats.ipv4Routes(pid);
  }

  /** cairn's routes (IPv4 and IPv6, every table) in the kernel: {@code ip route show proto 222}. */
  long kernelRoutes() throws IOException, InterruptedException {
    return lines("ip", "-n", ns, "-4", "route", "show", "table", "all", "proto", "" + RTPROT_CAIRN)
        + lines("ip", "-n", ns, "-6", "route", "show", "table", "all", "proto", "" + RTPROT_CAIRN);
  }

  /** cairn's nexthop objects and groups in the kernel: {@code ip nexthop show proto 222}. */
  long kernelNexthops() throws IOException, InterruptedException {
    return lines("ip", "-n", ns, "nexthop", "show", "proto", "" + RTPROT_CAIRN);
  }

  private static long lines(String... cmd) throws IOException, InterruptedException {
    return Netns.run(cmd).lines().filter(l -> !l.isBlank()).count();
  }
}
