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
 * cairnd against BIRD 2 in two network namespaces: eBGP over IPv4 and IPv6 with TCP-MD5, routes and
 * withdrawals both ways, a wrong password keeps the session down, and a frozen BIRD makes cairnd's
 * hold timer expire, after which the session comes back.
 */
@Tag("integration")
class BirdInteropIT {

  static String cairnConfig(String password, int hold) {
    return """
        router-id: 192.0.2.1
        static:
          - { prefix: 203.0.113.128/25, blackhole: true }
        bgp:
          asn: 65001
          redistribute: [static]
          announce: [198.51.100.0/24, 2001:db8:100::/48]
          neighbors:
            - address: 192.0.2.2
              asn: 65002
              password: "%s"
              families: [ipv4-unicast]
              timers: { hold: %ds, connect-retry: 1s }
              import: accept-all
              export: accept-all
            - address: 2001:db8::2
              asn: 65002
              password: "%s"
              families: [ipv6-unicast]
              timers: { hold: %ds, connect-retry: 1s }
              import: accept-all
              export: accept-all
        """
        .formatted(password, hold, password, hold);
  }

  static String birdConfig(String password) {
    return """
        router id 192.0.2.2;
        protocol device {}
        protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; }
        protocol static s6 { ipv6; route 2001:db8:200::/48 blackhole; }
        protocol bgp cairn4 {
          local 192.0.2.2 as 65002; neighbor 192.0.2.1 as 65001;
          password "%s"; connect retry time 1; error wait time 1, 2;
          ipv4 { import all; export all; };
        }
        protocol bgp cairn6 {
          local 2001:db8::2 as 65002; neighbor 2001:db8::1 as 65001;
          password "%s"; connect retry time 1; error wait time 1, 2;
          ipv6 { import all; export all; };
        }
        """
        .formatted(password, password);
  }

  /** The two routers of one test. */
  static final class Pair implements AutoCloseable {
    final Lab lab = new Lab();
    final String cairnNs;
    final String birdNs;
    final Path cairnLog;
    final Path birdSock;
    final Process cairnd;
    final Process bird;

    Pair(String cairnPassword, String birdPassword, int hold) throws Exception {
      Tools.require("bird");
      Tools.require("birdc");
      try {
        cairnNs = lab.namespace("cairn");
        birdNs = lab.namespace("bird");
        lab.link(cairnNs, "192.0.2.1/24,2001:db8::1/64", birdNs, "192.0.2.2/24,2001:db8::2/64");
        cairnLog = lab.cairnd(cairnNs, cairnConfig(cairnPassword, hold));
        cairnd = lab.spawned().get(0);
        birdSock = lab.bird(birdNs, birdConfig(birdPassword));
        bird = lab.lastBird();
      } catch (Exception | Error e) {
        lab.close();
        throw e;
      }
    }

    String birdc(String... cmd) throws IOException, InterruptedException {
      String[] full = new String[cmd.length + 3];
      full[0] = "birdc";
      full[1] = "-s";
      full[2] = birdSock.toString();
      System.arraycopy(cmd, 0, full, 3, cmd.length);
      return lab.exec(birdNs, full);
    }

    String cairnLog() {
      return Lab.read(cairnLog);
    }

    boolean birdEstablished(String protocol) {
      try {
        return birdc("show", "protocols", protocol).contains("Established");
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }

    boolean birdHasRoute(String prefix, String protocol) {
      try {
        return birdc("show", "route", prefix, "protocol", protocol).contains(prefix);
      } catch (IOException | InterruptedException e) {
        return false;
      }
    }

    @Override
    public void close() {
      lab.close();
    }
  }

  @Test
  void ebgpOverIpv4AndIpv6WithMd5CarriesRoutesAndWithdrawalsBothWays() throws Exception {
    try (Pair p = new Pair("secret", "secret", 90)) {
      Lab.await(Duration.ofSeconds(60), p::cairnLog, () -> p.birdEstablished("cairn4"));
      Lab.await(Duration.ofSeconds(30), p::cairnLog, () -> p.birdEstablished("cairn6"));
      // cairn → BIRD
      Lab.await(
          Duration.ofSeconds(20), p::cairnLog, () -> p.birdHasRoute("198.51.100.0/24", "cairn4"));
      Lab.await(
          Duration.ofSeconds(20), p::cairnLog, () -> p.birdHasRoute("2001:db8:100::/48", "cairn6"));
      assertThat(p.birdc("show", "route", "198.51.100.0/24", "all")).contains("65001");
      // a static route of cairnd's RIB, redistributed into BGP
      Lab.await(
          Duration.ofSeconds(20), p::cairnLog, () -> p.birdHasRoute("203.0.113.128/25", "cairn4"));
      // BIRD → cairn
      Lab.await(
          Duration.ofSeconds(20),
          p::cairnLog,
          () -> p.cairnLog().contains("rib: 203.0.113.0/24 ebgp [via 192.0.2.2]"));
      Lab.await(
          Duration.ofSeconds(20),
          p::cairnLog,
          () -> p.cairnLog().contains("rib: 2001:db8:200::/48 ebgp [via 2001:db8::2]"));
      // withdrawals both ways
      p.birdc("disable", "s4");
      Lab.await(
          Duration.ofSeconds(20),
          p::cairnLog,
          () -> p.cairnLog().contains("rib: withdraw 203.0.113.0/24"));
      Lab.signal(p.cairnd, "TERM"); // cairnd stops: Cease to BIRD, its routes are withdrawn
      Lab.await(
          Duration.ofSeconds(20),
          p::cairnLog,
          () -> !p.birdHasRoute("198.51.100.0/24", "cairn4") && !p.birdEstablished("cairn4"));
      assertThat(p.birdc("show", "protocols", "all", "cairn4")).contains("Administrative shutdown");
    }
  }

  @Test
  void wrongPasswordKeepsTheSessionDown() throws Exception {
    try (Pair p = new Pair("secret", "wrong", 90)) {
      // the kernel drops every segment with a bad signature: nothing ever gets through. Watch
      // long enough for several connect attempts of both sides (connect retry 1 s).
      long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
      while (System.nanoTime() < end) {
        assertThat(p.birdEstablished("cairn4")).isFalse();
        assertThat(p.cairnLog()).doesNotContain("-> Established");
        Thread.sleep(500);
      }
      assertThat(p.cairnLog()).contains("neighbor 192.0.2.2");
    }
  }

  @Test
  void frozenBirdMakesTheHoldTimerExpireAndTheSessionRecovers() throws Exception {
    try (Pair p = new Pair("secret", "secret", 6)) {
      Lab.await(Duration.ofSeconds(60), p::cairnLog, () -> p.birdEstablished("cairn4"));
      Lab.signal(p.bird, "STOP");
      try {
        Lab.await(
            Duration.ofSeconds(20),
            p::cairnLog,
            () -> p.cairnLog().contains("(hold timer expired)"));
      } finally {
        Lab.signal(p.bird, "CONT");
      }
      int expiries = p.cairnLog().split("hold timer expired", -1).length;
      Lab.await(
          Duration.ofSeconds(60),
          p::cairnLog,
          () -> p.birdEstablished("cairn4") && p.birdHasRoute("198.51.100.0/24", "cairn4"));
      assertThat(p.cairnLog().split("hold timer expired", -1).length)
          .isGreaterThanOrEqualTo(expiries);
    }
  }
}
