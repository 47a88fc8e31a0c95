package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The IP TTL of cairnd's BGP packets, captured with tshark in cairnd's namespace, against BIRD set
 * up to match: a direct eBGP session sends TTL 1, {@code ebgp-multihop: 3} TTL 3, {@code
 * ttl-security: 1} TTL 255, and each session establishes. With a router namespace between cairnd
 * and BIRD the session stays down at TTL 1 and comes up once a reload sets {@code ebgp-multihop:
 * 2}.
 */
@Tag("integration")
class TtlInteropIT {

  static String cairn(String peer, String ttl) {
    return cairn(peer, ttl, "");
  }

  static String cairn(String peer, String ttl, String statics) {
    return """
        router-id: 192.0.2.1
        %s
        bgp:
          asn: 65001
          neighbors:
            - { address: %s, asn: 65002, %s import: accept-all, export: accept-all, timers: { connect-retry: 1s } }
        """
        .formatted(statics, peer, ttl);
  }

  static String bird(String local, String peer, String ttl) {
    return """
        router id 192.0.2.2;
        protocol device {}
        protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; }
        protocol bgp uplink {
          local %s as 65002; neighbor %s as 65001;
          connect retry time 1; error wait time 1, 2;
          %s
          ipv4 { import all; export all; };
        }
        """
        .formatted(local, peer, ttl);
  }

  /** tshark in {@code ns}: source, TTL and TCP payload length of every BGP-port packet. */
  static Path capture(Lab lab, String ns) throws Exception {
    Path out = lab.dir().resolve(ns + "-ttl.txt");
    lab.spawn(
        ns,
        out,
        Tools.require("tshark"),
        "-i",
        "any",
        "-n",
        "-l",
        "-f",
        "tcp port 179",
        "-T",
        "fields",
        "-e",
        "ip.src",
        "-e",
        "ip.ttl",
        "-e",
        "tcp.len");
    Lab.await(
        Duration.ofSeconds(30), () -> Lab.read(out), () -> Lab.read(out).contains("Capturing on"));
    return out;
  }

  /** The TTLs of the packets from {@code src} that carried BGP bytes. */
  static List<Integer> ttls(Path capture, String src) {
    return Lab.read(capture)
        .lines()
        .map(l -> l.split("\t"))
        .filter(f -> f.length == 3 && f[0].equals(src) && !f[2].equals("0"))
        .map(f -> Integer.parseInt(f[1]))
        .toList();
  }

  static boolean established(Lab lab, String ns, Path sock) {
    return lab.execSafe(ns, "birdc", "-s", sock.toString(), "show", "protocols", "uplink")
        .contains("Established");
  }

  void direct(String cairnTtl, String birdTtl, int expected) throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("cairn");
      String b = lab.namespace("bird");
      lab.link(c, "192.0.2.1/24", b, "192.0.2.2/24");
      Path cap = capture(lab, c);
      Path log = lab.cairnd(c, cairn("192.0.2.2", cairnTtl));
      Path sock = lab.bird(b, bird("192.0.2.2", "192.0.2.1", birdTtl));
      Lab.await(Duration.ofSeconds(60), () -> Lab.read(log), () -> established(lab, b, sock));
      // BIRD's route arrived: OPEN, KEEPALIVE and UPDATE went both ways
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("rib: 203.0.113.0/24 ebgp [via 192.0.2.2]"));
      Lab.await(
          Duration.ofSeconds(10), () -> Lab.read(cap), () -> ttls(cap, "192.0.2.1").size() >= 2);
      assertThat(ttls(cap, "192.0.2.1")).as(Lab.read(cap)).containsOnly(expected);
    }
  }

  @Test
  void directEbgpSendsTtlOne() throws Exception {
    direct("", "", 1); // BIRD: direct (its eBGP default), TTL 1 too
  }

  @Test
  void ebgpMultihopSendsItsTtl() throws Exception {
    direct("ebgp-multihop: 3,", "multihop 3;", 3);
  }

  @Test
  void ttlSecuritySends255() throws Exception {
    direct("ttl-security: 1,", "ttl security on;", 255);
  }

  @Test
  void peerTwoHopsAwayNeedsEbgpMultihopTwo() throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("cairn");
      String r = lab.namespace("router");
      String b = lab.namespace("bird");
      lab.link(c, "192.0.2.1/24", r, "192.0.2.254/24");
      lab.link(r, "198.51.100.254/24", b, "198.51.100.2/24");
      lab.exec(r, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
      Lab.run("ip", "-n", b, "route", "add", "192.0.2.0/24", "via", "198.51.100.254");
      Path cap = capture(lab, c);
      // the way to BIRD (and to the next hop of its routes) is a static route of cairnd's
      Path log =
          lab.cairnd(
              c,
              cairn(
                  "198.51.100.2",
                  "",
                  "static: [ { prefix: 198.51.100.0/24, via: [192.0.2.254] } ]"));
      Path sock = lab.bird(b, bird("198.51.100.2", "192.0.2.1", "multihop 2;"));
      // TTL 1 dies at the router: no OPEN of cairnd's reaches BIRD. Watch several retries (1 s).
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(cap) + Lab.read(log),
          () -> Lab.read(log).contains("listening") && ttls(cap, "192.0.2.1").size() >= 2);
      long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      while (System.nanoTime() < end) {
        assertThat(established(lab, b, sock)).isFalse();
        Thread.sleep(500);
      }
      assertThat(Lab.read(log)).doesNotContain("-> Established");
      assertThat(ttls(cap, "192.0.2.1")).containsOnly(1);

      Files.writeString(
          lab.cairnConfig(c),
          Files.readString(lab.cairnConfig(c))
              .replace("asn: 65002,", "asn: 65002, ebgp-multihop: 2,"));
      assertThat(lab.cairn(c, "reload")).contains("neighbor 198.51.100.2 reset (ebgp-multihop)");
      Lab.await(Duration.ofSeconds(60), () -> Lab.read(log), () -> established(lab, b, sock));
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("rib: 203.0.113.0/24 ebgp [via 192.0.2.254]"));
      // (tshark's lines can trail the session by a moment)
      Lab.await(
          Duration.ofSeconds(10), () -> Lab.read(cap), () -> ttls(cap, "192.0.2.1").contains(2));
      assertThat(ttls(cap, "192.0.2.1")).containsOnly(1, 2);
    }
  }
}
