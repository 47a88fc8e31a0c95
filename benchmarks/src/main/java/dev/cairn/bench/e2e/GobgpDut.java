package dev.cairn.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * GoBGP ({@code gobgpd -f conf.toml}): no FIB; a global export policy rejects everything towards
 * the feeders; multipath when several feeders send the same prefixes.
 */
final class GobgpDut implements Dut {
  @Override
  public String name() {
    return "gobgp";
  }

  @Override
  public String version() {
    return Netns.output("gobgpd", "--version").trim();
  }

  @Override
  public boolean fib() {
    return false;
  }

  @Override
  public List<Process> start(Netns lab, String ns, Path dir, Spec s) throws IOException {
    StringBuilder c = new StringBuilder();
    c.append("[global.config]\n  as = ")
        .append(Spec.DUT_ASN)
        .append("\n  router-id = \"")
        .append(Spec.ROUTER_ID)
        .append("\"\n  port = 179\n");
    c.append("[global.apply-policy.config]\n  export-policy-list = [\"no-feeders\"]\n")
        .append("  default-export-policy = \"accept-route\"\n")
        .append("  default-import-policy = \"accept-route\"\n");
    if (s.same() && s.feeders() > 1) {
      c.append("[global.use-multiple-paths.config]\n  enabled = true\n");
    }
    c.append("[[defined-sets.neighbor-sets]]\n  neighbor-set-name = \"feeders\"\n")
        .append("  neighbor-info-list = [");
    for (int k = 0; k < s.feeders(); k++) {
      c.append(k > 0 ? ", " : "").append('"').append(s.feeder(k)).append('"');
    }
    c.append("]\n");
    c.append("[[policy-definitions]]\n  name = \"no-feeders\"\n")
        .append("  [[policy-definitions.statements]]\n")
        .append("    [policy-definitions.statements.conditions.match-neighbor-set]\n")
        .append("      neighbor-set = \"feeders\"\n")
        .append("    [policy-definitions.statements.actions]\n")
        .append("      route-disposition = \"reject-route\"\n");
    for (int k = 0; k <= s.feeders(); k++) {
      boolean recv = k == s.feeders();
      c.append("[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"")
          .append(recv ? s.receiver() : s.feeder(k))
          .append("\"\n    peer-as = ")
          .append(recv ? Spec.RECEIVER_ASN : Spec.FEEDER_ASN + k)
          .append("\n")
          .append("  [neighbors.transport.config]\n    passive-mode = true\n")
          .append("    local-address = \"")
          .append(recv ? s.dutReceiverSide() : s.dutFeedSide())
          .append("\"\n")
          .append("  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n")
          .append("      afi-safi-name = \"")
          .append(s.afiSafi())
          .append("\"\n");
    }
    Path conf = dir.resolve("gobgpd.toml");
    Files.writeString(conf, c);
    return List.of(
        lab.spawn(
            ns,
            dir.resolve("gobgpd.log"),
            List.of(
                "gobgpd",
                "-f",
                conf.toString(),
                "-p",
                "--pprof-disable",
                "--api-hosts",
                "127.0.0.1:50051")));
  }
}
