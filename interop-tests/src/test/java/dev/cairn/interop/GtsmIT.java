package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * GTSM / TTL security (RFC 5082) between cairnd and BIRD: with both sides on, the session comes up;
 * when only cairnd requires TTL 255, BIRD's packets (sent with TTL 1 on a direct eBGP session) are
 * dropped by cairnd's kernel and the session stays down.
 */
@Tag("integration")
class GtsmIT {

  static String bird(boolean gtsm) {
    return """
        router id 192.0.2.2;
        protocol device {}
        protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; }
        protocol bgp uplink {
          local 192.0.2.2 as 65002; neighbor 192.0.2.1 as 65001;
          connect retry time 1; error wait time 1, 2;
          %s
          ipv4 { import all; export all; };
        }
        """
        .formatted(gtsm ? "ttl security on;" : "");
  }

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      bgp:
        asn: 65001
        neighbors:
          - { address: 192.0.2.2, asn: 65002, ttl-security: 1, import: accept-all, export: accept-all, timers: { connect-retry: 1s } }
      """;

  @Test
  void bothSidesWithGtsmEstablish() throws Exception {
    Tools.require("bird");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("cairn");
      String b = lab.namespace("bird");
      lab.link(c, "192.0.2.1/24", b, "192.0.2.2/24");
      Path log = lab.cairnd(c, CAIRN);
      lab.bird(b, bird(true));
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("rib: 203.0.113.0/24 ebgp [via 192.0.2.2]"));
    }
  }

  @Test
  void gtsmOnOneSideOnlyKeepsTheSessionDown() throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("cairn");
      String b = lab.namespace("bird");
      lab.link(c, "192.0.2.1/24", b, "192.0.2.2/24");
      Path log = lab.cairnd(c, CAIRN);
      Path sock = lab.bird(b, bird(false));
      // watch long enough for several connection attempts of both sides (retry 1 s)
      long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (System.nanoTime() < end) {
        assertThat(Lab.read(log)).doesNotContain("-> Established");
        Thread.sleep(500);
      }
      assertThat(established(lab, b, sock)).isFalse();
    }
  }

  static boolean established(Lab lab, String ns, Path sock)
      throws IOException, InterruptedException {
    return lab.exec(ns, "birdc", "-s", sock.toString(), "show", "protocols", "uplink")
        .contains("Established");
  }
}
