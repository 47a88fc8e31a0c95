package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Recursive next-hop resolution end to end: BIRD sends an iBGP route whose next hop (203.0.113.1)
 * is not on any link; cairnd's static route to 203.0.113.0/24 reaches it, so the kernel gets the
 * BGP route through the static route's gateway. A reload that moves the static route to another
 * gateway moves the BGP route with it.
 */
@Tag("integration")
class RecursiveNextHopIT {

  static final String BIRD =
      """
      router id 192.0.2.2;
      protocol device {}
      protocol static svc { ipv4; route 198.51.100.0/24 blackhole; }
      protocol bgp core {
        local 192.0.2.2 as 65001; neighbor 192.0.2.1 as 65001;
        connect retry time 1; error wait time 1, 2;
        ipv4 { import none; export filter { bgp_next_hop = 203.0.113.1; accept; }; };
      }
      """;

  static String cairn(String gateway) {
    return """
        router-id: 192.0.2.1
        kernel: { export: [bgp, static] }
        static:
          - { prefix: 203.0.113.0/24, via: [%s] }
        bgp:
          asn: 65001
          neighbors:
            - { address: 192.0.2.2, asn: 65001, timers: { connect-retry: 1s } }
        """
        .formatted(gateway);
  }

  static String route(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "route", "show", "198.51.100.0/24");
  }

  @Test
  void ibgpRouteFollowsTheStaticRouteToItsNextHop() throws Exception {
    Tools.requireRoot();
    Tools.require("bird");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      String b = lab.namespace("b");
      lab.link(c, "192.0.2.1/24", b, "192.0.2.2/24");
      Path log = lab.cairnd(c, cairn("192.0.2.2"));
      lab.bird(b, BIRD);
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log) + "\nkernel: " + route(lab, c),
          () -> route(lab, c).contains("via 192.0.2.2") && route(lab, c).contains("proto 222"));
      assertThat(lab.cairn(c, "show", "ip", "route", "198.51.100.0/24"))
          .contains("B>* 198.51.100.0/24 [200/0] via 192.0.2.2 (recursive via 203.0.113.1)");
      assertThat(lab.cairn(c, "show", "bgp", "ipv4", "198.51.100.0/24"))
          .contains("*>  from 192.0.2.2")
          .contains("203.0.113.1");

      // the static route moves to another gateway on the link: the BGP route moves with it
      Files.writeString(
          lab.cairnConfig(c),
          cairn("192.0.2.3")
              .replace(
                  "router-id", "control: { socket: " + lab.controlSocket(c) + " }\nrouter-id"));
      assertThat(lab.cairn(c, "reload")).contains("static 203.0.113.0/24 installed");
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log) + "\nkernel: " + route(lab, c),
          () -> route(lab, c).contains("via 192.0.2.3"));
      assertThat(lab.exec(c, "ip", "route", "show", "203.0.113.0/24")).contains("via 192.0.2.3");

      // without the static route the next hop is unreachable: the route leaves the kernel
      Files.writeString(
          lab.cairnConfig(c),
          cairn("192.0.2.3")
              .replace("static:\n  - { prefix: 203.0.113.0/24, via: [192.0.2.3] }\n", "")
              .replace(
                  "router-id", "control: { socket: " + lab.controlSocket(c) + " }\nrouter-id"));
      assertThat(lab.cairn(c, "reload")).contains("static 203.0.113.0/24 removed");
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log) + "\nkernel: " + route(lab, c),
          () -> route(lab, c).isBlank());
      assertThat(lab.cairn(c, "show", "bgp", "ipv4", "198.51.100.0/24"))
          .as("the path stays, marked unreachable")
          .contains("from 192.0.2.2")
          .doesNotContain("*>");
    }
  }
}
