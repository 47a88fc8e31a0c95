package dev.cairn.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** BIRD 2 ({@code bird -f}); a kernel protocol only for FIB-on runs. */
final class BirdDut implements Dut {
  @Override
  public String name() {
    return "bird";
  }

  @Override
  public String version() {
    return Netns.output("bird", "--version").trim();
  }

  @Override
  public boolean fib() {
    return true;
  }

  @Override
  public List<Process> start(Netns lab, String ns, Path dir, Spec s) throws IOException {
    String ch = s.v6() ? "ipv6" : "ipv4";
    StringBuilder c = new StringBuilder();
    c.append("router id ").append(Spec.ROUTER_ID).append(";\n");
    c.append("protocol device {}\n");
    if (s.fib()) {
      c.append("protocol kernel { ").append(ch).append(" { export all; }; }\n");
    }
    for (int k = 0; k < s.feeders(); k++) {
      c.append("protocol bgp f")
          .append(k)
          .append(" {\n")
          .append("  local ")
          .append(s.dutFeedSide())
          .append(" as ")
          .append(Spec.DUT_ASN)
          .append(";\n")
          .append("  neighbor ")
          .append(s.feeder(k))
          .append(" as ")
          .append(Spec.FEEDER_ASN + k)
          .append(";\n  passive on;\n  ")
          .append(ch)
          .append(" { import all; export none; };\n}\n");
    }
    c.append("protocol bgp r {\n")
        .append("  local ")
        .append(s.dutReceiverSide())
        .append(" as ")
        .append(Spec.DUT_ASN)
        .append(";\n")
        .append("  neighbor ")
        .append(s.receiver())
        .append(" as ")
        .append(Spec.RECEIVER_ASN)
        .append(";\n  passive on;\n  ")
        .append(ch)
        .append(" { import none; export all; };\n}\n");
    Path conf = dir.resolve("bird.conf");
    Files.writeString(conf, c);
    return List.of(
        lab.spawn(
            ns,
            dir.resolve("bird.log"),
            List.of(
                "bird", "-f", "-c", conf.toString(), "-s", dir.resolve("bird.ctl").toString())));
  }
}
