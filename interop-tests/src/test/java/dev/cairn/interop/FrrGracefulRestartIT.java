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
 * Graceful restart (RFC 4724), cairnd as helper: an FRR neighbor's bgpd dies and comes back; its
 * route stays in cairnd (stale) meanwhile, no withdrawal reaches the BIRD observer behind cairnd,
 * and the stale mark goes with FRR's End-of-RIB.
 */
@Tag("integration")
class FrrGracefulRestartIT {
  @Test
  void restartingFrrKeepsItsRoutesWithoutWithdrawals() throws Exception {
    Tools.require(Lab.BGPD);
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String cairn = lab.namespace("cairn");
      String frr = lab.namespace("frr");
      String bird = lab.namespace("obs");
      lab.link(cairn, "192.0.2.1/30", frr, "192.0.2.2/30");
      lab.link(cairn, "192.0.2.5/30", bird, "192.0.2.6/30");
      Path log =
          lab.cairnd(
              cairn,
              """
              router-id: 192.0.2.1
              bgp:
                asn: 65001
                graceful-restart: { enabled: true, restart-time: 120s }
                neighbors:
                  - { address: 192.0.2.2, asn: 65002, import: accept-all, export: accept-all, timers: { connect-retry: 1s } }
                  - { address: 192.0.2.6, asn: 65003, import: accept-all, export: accept-all, timers: { connect-retry: 1s } }
              """);
      String frrConf =
          """
          frr defaults traditional
          hostname frr
          router bgp 65002
           bgp router-id 192.0.2.2
           bgp graceful-restart
           no bgp ebgp-requires-policy
           no bgp network import-check
           neighbor 192.0.2.1 remote-as 65001
           neighbor 192.0.2.1 timers connect 1
           address-family ipv4 unicast
            network 203.0.113.0/24
           exit-address-family
          """;
      Path birdSock =
          lab.bird(
              bird,
              """
          router id 192.0.2.6;
          protocol device {}
          protocol bgp uplink {
            local 192.0.2.6 as 65003; neighbor 192.0.2.5 as 65001;
            connect retry time 1; error wait time 1, 2;
            ipv4 { import all; export none; };
          }
          """);
      lab.frrBgpd(frr, frrConf, "1");
      Process bgpd = lab.lastBgpd();
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log),
          () -> observerHas(lab, bird, birdSock) && Lab.read(log).contains("rib: 203.0.113.0/24"));

      Lab.signal(bgpd, "KILL"); // bgpd dies: the TCP session ends without a NOTIFICATION
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("graceful restart, keeping 1 routes as stale"));
      assertThat(observerHas(lab, bird, birdSock)).isTrue();

      lab.frrBgpd(frr, frrConf, "2");
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("End-of-RIB ipv4-unicast"));
      assertThat(observerHas(lab, bird, birdSock)).isTrue();
      assertThat(Lab.read(log)).doesNotContain("rib: withdraw 203.0.113.0/24");
      assertThat(Lab.read(log)).contains("End-of-RIB ipv4-unicast, 0 stale routes removed");
    }
  }

  static boolean observerHas(Lab lab, String ns, Path sock) {
    try {
      return lab.exec(ns, "birdc", "-s", sock.toString(), "show", "route", "203.0.113.0/24")
          .contains("203.0.113.0/24");
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
