package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * One IPv4 session with BIRD carries IPv6 routes both ways (RFC 4760): cairnd gives its interface's
 * global IPv6 address as the next hop, and installs BIRD's IPv6 route in its kernel through BIRD's.
 */
@Tag("integration")
class DualStackIT {

  static final String BIRD =
      """
      router id 192.0.2.2;
      protocol device {}
      protocol direct { ipv6; }
      protocol static pods { ipv6; route 2001:db8:2::/48 blackhole; }
      protocol bgp uplink {
        local 192.0.2.2 as 65002; neighbor 192.0.2.1 as 65001;
        connect retry time 1; error wait time 1, 2;
        ipv4 { import all; export none; };
        ipv6 { import all; export where proto = "pods"; };
      }
      """;

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { export: [bgp] }
      bgp:
        asn: 65001
        announce: [2001:db8:1::/48]
        neighbors:
          - { address: 192.0.2.2, asn: 65002, families: [ipv4-unicast, ipv6-unicast],
              import: accept-all, export: accept-all, timers: { connect-retry: 1s } }
      """;

  @Test
  void ipv6RoutesOverAnIpv4Session() throws Exception {
    Tools.requireRoot();
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      String b = lab.namespace("b");
      lab.link(c, "192.0.2.1/24,2001:db8::1/64", b, "192.0.2.2/24,2001:db8::2/64");
      Path log = lab.cairnd(c, CAIRN);
      Path sock = lab.bird(b, BIRD);
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log),
          () ->
              lab.execSafe(c, "ip", "-6", "route", "show", "2001:db8:2::/48")
                  .contains("via 2001:db8::2"));
      Lab.await(
          Duration.ofSeconds(30),
          () -> "",
          () ->
              lab.execSafe(b, "birdc", "-s", sock.toString(), "show", "route", "2001:db8:1::/48")
                  .contains("via 2001:db8::1"));
      assertThat(lab.cairn(c, "show", "bgp", "neighbors", "192.0.2.2", "advertised-routes"))
          .contains("2001:db8:1::/48")
          .contains("next-hop=2001:db8::1");
    }
  }
}
