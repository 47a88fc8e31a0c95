package dev.cairn.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * cairnd from this build ({@code java -cp CP dev.cairn.daemon.Cairnd --config FILE}), with the
 * kernel off for control-plane runs and exporting BGP to the FIB for FIB-on runs; multipath (eBGP,
 * as-path relax) when several feeders send the same prefixes. Extra JVM options come from {@code
 * jvmOptions} (space-separated; none by default: the JVM's own defaults).
 */
final class CairnDut implements Dut {
  private final String classpath;
  private final String version;
  private final String jvmOptions;

  CairnDut(String classpath, String version, String jvmOptions) {
    this.classpath = classpath;
    this.version = version;
    this.jvmOptions = jvmOptions;
  }

  @Override
  public String name() {
    return "cairnd";
  }

  @Override
  public String version() {
    return "cairnd " + version;
  }

  @Override
  public boolean fib() {
    return true;
  }

  @Override
  public List<Process> start(Netns lab, String ns, Path dir, Spec s) throws IOException {
    StringBuilder c = new StringBuilder();
    c.append("router-id: ").append(Spec.ROUTER_ID).append("\n");
    c.append("control: { socket: ").append(dir.resolve("cairn.sock")).append(" }\n");
    c.append("metrics: { listen: \"127.0.0.1:9179\" }\n");
    c.append(
        s.fib() ? "kernel: { enabled: true, export: [bgp] }\n" : "kernel: { enabled: false }\n");
    c.append("bgp:\n  asn: ").append(Spec.DUT_ASN).append("\n");
    if (s.same() && s.feeders() > 1) {
      c.append("  multipath: { ebgp: ").append(s.feeders()).append(", as-path-relax: true }\n");
    }
    c.append("  neighbors:\n");
    for (int k = 0; k < s.feeders(); k++) {
      c.append("    - { address: \"")
          .append(s.feeder(k))
          .append("\", asn: ")
          .append(Spec.FEEDER_ASN + k)
          .append(", passive: true, import: accept-all, export: reject-all }\n");
    }
    c.append("    - { address: \"")
        .append(s.receiver())
        .append("\", asn: ")
        .append(Spec.RECEIVER_ASN)
        .append(", passive: true, import: reject-all, export: accept-all }\n");
    Path conf = dir.resolve("cairn.yaml");
    Files.writeString(conf, c);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java));
    for (String opt : jvmOptions.trim().split("\\s+")) {
      if (!opt.isEmpty()) {
        cmd.add(opt);
      }
    }
    cmd.addAll(List.of("-cp", classpath, "dev.cairn.daemon.Cairnd", "--config", conf.toString()));
    return List.of(lab.spawn(ns, dir.resolve("cairnd.log"), cmd));
  }
}
