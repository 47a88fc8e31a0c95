package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ECMP gateway: two BIRD "nodes" announce the same service VIP /32 over eBGP; cairnd selects
 * both paths as one route with two next hops, installs it in its namespace's kernel through a
 * nexthop group, and when one node withdraws, one next hop remains, in the RIB and the kernel.
 */
@Tag("integration")
class MultipathInteropIT {

  static String bird(String id, long asn, String peer, String own) {
    return """
        router id %s;
        protocol device {}
        protocol static vip { ipv4; route 203.0.113.10/32 blackhole; route %s blackhole; }
        protocol bgp uplink {
          local %s as %d; neighbor %s as 65000;
          connect retry time 1; error wait time 1, 2;
          ipv4 { import none; export all; };
        }
        """
        .formatted(id, own, id, asn, peer);
  }

  @Test
  void twoNodesAnnouncingOneVipGiveOneEcmpRoute() throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String gw = lab.namespace("gw");
      String n1 = lab.namespace("n1");
      String n2 = lab.namespace("n2");
      lab.link(gw, "192.0.2.1/30", n1, "192.0.2.2/30");
      lab.link(gw, "192.0.2.5/30", n2, "192.0.2.6/30");
      Path log =
          lab.cairnd(
              gw,
              """
              router-id: 192.0.2.1
              bgp:
                asn: 65000
                multipath: { ebgp: 16, as-path-relax: true }
                neighbors:
                  - { address: 192.0.2.2, asn: 65011, import: accept-all, export: reject-all, timers: { connect-retry: 1s } }
                  - { address: 192.0.2.6, asn: 65012, import: accept-all, export: reject-all, timers: { connect-retry: 1s } }
              """);
      Path s1 = lab.bird(n1, bird("192.0.2.2", 65011, "192.0.2.1", "198.51.100.0/25"));
      lab.bird(n2, bird("192.0.2.6", 65012, "192.0.2.5", "198.51.100.128/25"));
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("rib: 203.0.113.10/32 ebgp [via 192.0.2.2, via 192.0.2.6]"));
      // the kernel of the gateway's namespace holds one route through a two-way nexthop group
      Lab.await(
          Duration.ofSeconds(20),
          () -> kernel(lab, gw),
          () ->
              kernel(lab, gw).contains("nexthop via 192.0.2.2")
                  && kernel(lab, gw).contains("nexthop via 192.0.2.6"));
      assertThat(kernel(lab, gw)).contains("nhid").contains("proto 222");
      lab.exec(n1, "birdc", "-s", s1.toString(), "disable", "vip");
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("rib: 203.0.113.10/32 ebgp [via 192.0.2.6]"));
      Lab.await(
          Duration.ofSeconds(20),
          () -> kernel(lab, gw),
          () ->
              kernel(lab, gw).contains("via 192.0.2.6") && !kernel(lab, gw).contains("192.0.2.2"));
    }
  }

  /** The gateway kernel's route to the VIP, as {@code ip route show} prints it. */
  static String kernel(Lab lab, String ns) {
    try {
      return lab.exec(ns, "ip", "route", "show", "203.0.113.10/32");
    } catch (java.io.IOException | InterruptedException e) {
      return "";
    }
  }
}
