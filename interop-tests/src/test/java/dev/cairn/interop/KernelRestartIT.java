package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Restarting cairnd does not black-hole traffic: killed with routes installed, it leaves them in
 * the kernel; a new cairnd adopts them, keeps the ones its protocols offer again and removes the
 * stale one once the reconcile time has passed.
 */
@Tag("integration")
class KernelRestartIT {
  static final String KEPT = "198.51.100.0/25";
  static final String STALE = "198.51.100.128/25";

  static final String BIRD =
      """
      router id 192.0.2.2;
      protocol device {}
      protocol static stayer { ipv4; route 198.51.100.0/25 blackhole; }
      protocol static leaver { ipv4; route 198.51.100.128/25 blackhole; }
      protocol bgp uplink {
        local 192.0.2.2 as 65011; neighbor 192.0.2.1 as 65000;
        connect retry time 1; error wait time 1, 2;
        ipv4 { import none; export all; };
      }
      """;

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { reconcile-after: 5s }
      bgp:
        asn: 65000
        neighbors:
          - { address: 192.0.2.2, asn: 65011, import: accept-all, export: reject-all, timers: { connect-retry: 1s } }
      """;

  @Test
  void routesSurviveARestartAndStaleOnesGoAfterReconcile() throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String gw = lab.namespace("gw");
      String n1 = lab.namespace("n1");
      lab.link(gw, "192.0.2.1/24", n1, "192.0.2.2/24");
      Path sock = lab.bird(n1, BIRD);
      Path log = lab.cairnd(gw, CAIRN);
      Process first = last(lab);
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log) + kernel(lab, gw),
          () -> kernel(lab, gw).contains(KEPT) && kernel(lab, gw).contains(STALE));

      Lab.signal(first, "KILL");
      first.waitFor();
      assertThat(kernel(lab, gw)).contains(KEPT).contains(STALE); // still forwarding
      lab.exec(
          n1, "birdc", "-s", sock.toString(), "disable", "leaver"); // gone while cairnd is down

      Path log2 = lab.cairnd(gw, CAIRN);
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log2),
          () -> Lab.read(log2).contains("adopted 2 routes of a previous run"));
      assertThat(kernel(lab, gw)).contains(KEPT).contains(STALE); // nothing removed at start
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log2) + kernel(lab, gw),
          () -> Lab.read(log2).contains("kernel: reconciled"));
      String after = kernel(lab, gw);
      assertThat(after).contains(KEPT).doesNotContain(STALE);
    }
  }

  static Process last(Lab lab) {
    List<Process> all = lab.spawned();
    return all.get(all.size() - 1);
  }

  static String kernel(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "route", "show", "proto", "222");
  }
}
