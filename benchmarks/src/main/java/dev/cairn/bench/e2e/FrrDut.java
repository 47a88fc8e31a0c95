package dev.cairn.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FRR bgpd, standalone without zebra ({@code -Z -n}) for control-plane runs, and bgpd + zebra for
 * FIB-on runs; multipath (4 paths, as-path relax) when several feeders send the same prefixes.
 */
final class FrrDut implements Dut {
  static final String BGPD = "/usr/lib/frr/bgpd";
  static final String ZEBRA = "/usr/lib/frr/zebra";

  @Override
  public String name() {
    return "frr";
  }

  @Override
  public String version() {
    return Netns.output(BGPD, "--version").lines().findFirst().orElse("").trim();
  }

  @Override
  public boolean fib() {
    return true;
  }

  @Override
  public List<Process> start(Netns lab, String ns, Path dir, Spec s) throws IOException {
    String af = s.v6() ? "ipv6" : "ipv4";
    StringBuilder c = new StringBuilder();
    c.append("frr defaults traditional\nhostname dut\n");
    c.append("route-map ACCEPT permit 10\nroute-map DENY deny 10\n");
    c.append("router bgp ")
        .append(Spec.DUT_ASN)
        .append("\n")
        .append(" bgp router-id ")
        .append(Spec.ROUTER_ID)
        .append("\n")
        .append(" no bgp ebgp-requires-policy\n no bgp default ipv4-unicast\n")
        .append(" no bgp network import-check\n");
    if (s.same() && s.feeders() > 1) {
      c.append(" bgp bestpath as-path multipath-relax\n");
    }
    List<String> peers = new ArrayList<>();
    for (int k = 0; k < s.feeders(); k++) {
      c.append(" neighbor ")
          .append(s.feeder(k))
          .append(" remote-as ")
          .append(Spec.FEEDER_ASN + k)
          .append("\n");
      c.append(" neighbor ").append(s.feeder(k)).append(" passive\n");
      peers.add(s.feeder(k));
    }
    c.append(" neighbor ")
        .append(s.receiver())
        .append(" remote-as ")
        .append(Spec.RECEIVER_ASN)
        .append("\n");
    c.append(" neighbor ").append(s.receiver()).append(" passive\n");
    c.append(" address-family ").append(af).append(" unicast\n");
    if (s.same() && s.feeders() > 1) {
      c.append("  maximum-paths ").append(s.feeders()).append("\n");
    }
    for (String p : peers) {
      c.append("  neighbor ").append(p).append(" activate\n");
      c.append("  neighbor ").append(p).append(" route-map ACCEPT in\n");
      c.append("  neighbor ").append(p).append(" route-map DENY out\n");
    }
    c.append("  neighbor ").append(s.receiver()).append(" activate\n");
    c.append("  neighbor ").append(s.receiver()).append(" route-map DENY in\n");
    c.append("  neighbor ").append(s.receiver()).append(" route-map ACCEPT out\n");
    c.append(" exit-address-family\n");
    Path conf = dir.resolve("bgpd.conf");
    Files.writeString(conf, c);
    String zserv = dir.resolve("zserv.api").toString();
    List<Process> ps = new ArrayList<>();
    if (s.fib()) {
      // zebra drops to the frr user: let it create its socket and pid file here
      dir.toFile().setWritable(true, false);
      dir.toFile().setExecutable(true, false);
      Path zconf = dir.resolve("zebra.conf");
      Files.writeString(zconf, "hostname dut\n");
      ps.add(
          lab.spawn(
              ns,
              dir.resolve("zebra.log"),
              List.of(
                  ZEBRA,
                  "-f",
                  zconf.toString(),
                  "-i",
                  dir.resolve("zebra.pid").toString(),
                  "-z",
                  zserv,
                  "--vty_socket",
                  dir.toString(),
                  "-P",
                  "0",
                  "-u",
                  "frr",
                  "-g",
                  "frr")));
      waitFor(Path.of(zserv));
    }
    List<String> cmd = new ArrayList<>(List.of(BGPD, "-S"));
    if (!s.fib()) {
      cmd.addAll(List.of("-Z", "-n"));
    }
    cmd.addAll(
        List.of(
            "-f",
            conf.toString(),
            "-i",
            dir.resolve("bgpd.pid").toString(),
            "-z",
            zserv,
            "--vty_socket",
            dir.toString(),
            "-P",
            "0"));
    ps.add(lab.spawn(ns, dir.resolve("bgpd.log"), cmd));
    return ps;
  }

  private static void waitFor(Path p) throws IOException {
    long end = System.nanoTime() + 20_000_000_000L;
    while (!Files.exists(p)) {
      if (System.nanoTime() > end) {
        throw new IOException("zebra did not create " + p);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
  }
}
