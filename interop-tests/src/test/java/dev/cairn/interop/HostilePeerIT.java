package dev.cairn.interop;

import static dev.cairn.interop.peer.Octets.asPath2;
import static dev.cairn.interop.peer.Octets.clusterList;
import static dev.cairn.interop.peer.Octets.concat;
import static dev.cairn.interop.peer.Octets.localPref;
import static dev.cairn.interop.peer.Octets.nextHop;
import static dev.cairn.interop.peer.Octets.origin;
import static dev.cairn.interop.peer.Octets.originatorId;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import dev.cairn.interop.peer.Octets;
import dev.cairn.interop.peer.RawPeerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A hostile eBGP neighbor ({@link dev.cairn.interop.peer.RawBgpPeer}, AS 65002, which sends exactly
 * the bytes it is given) and a normal one (BIRD, AS 65003) at a cairnd gateway (AS 65001, kernel
 * FIB on) in network namespaces. Each case asserts what the gateway does with one kind of hostile
 * UPDATE; the raw session has a 3 s hold time, so a gateway whose BGP loop stalls loses it.
 *
 * <pre>
 *   raw 192.0.2.2 ── 192.0.2.1 gw 198.51.100.1 ── 198.51.100.3 bird
 * </pre>
 *
 * {@link HostilePeerMatrixIT} runs the same UPDATEs at BIRD and FRR as the gateway.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostilePeerIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String RAW = "192.0.2.2";
  static final String BIRD = "198.51.100.3";

  /**
   * The import policy of the raw neighbor: an AS-path regex that backtracks exponentially (with
   * java.util.regex, 4 ASes take seconds), for the prefixes of case 5 only (203.0.113.128/26).
   */
  static final String EXPLOSIVE_REGEX = "^(\\d+ ?){1,99} 64666$";

  static Lab lab;
  static String gw;
  static Path log;
  static RawPeerProcess raw;

  // ------------------------------------------------------------------ the hostile UPDATEs

  /** Case 1: a 3-hop path with LOCAL_PREF 1000, against BIRD's 1-hop path for the same prefix. */
  static byte[] localPref1000() {
    return Octets.announce(
        concat(origin(0), asPath2(65002, 64500, 64501), nextHop(RAW), localPref(1000)),
        "203.0.113.0/24");
  }

  /** Case 2: route-reflection attributes from an eBGP neighbor. */
  static byte[] reflectionAttributes() {
    return Octets.announce(
        concat(
            origin(0),
            asPath2(65002),
            nextHop(RAW),
            originatorId("192.0.2.99"),
            clusterList("192.0.2.98", "192.0.2.97")),
        "203.0.113.16/28");
  }

  /** Case 3: the first AS of the path is not the neighbor's. */
  static byte[] wrongFirstAs() {
    return Octets.announce(
        concat(origin(0), asPath2(64999, 64500), nextHop(RAW)), "203.0.113.32/28");
  }

  /** A route every gateway accepts: sent after a case, it shows that the case was processed. */
  static byte[] marker(String prefix) {
    return Octets.announce(concat(origin(0), asPath2(65002), nextHop(RAW)), prefix);
  }

  /** Case 4: 2,000 ASes (2-octet session: 4,032 bytes of AS_PATH in one 4,096-byte UPDATE). */
  static byte[] longPath() {
    // (64700..64899: none of the ASes of the lab, which loop detection would catch first)
    long[] path = LongStream.range(0, 2000).map(i -> i == 0 ? 65002 : 64700 + i % 200).toArray();
    return Octets.announce(concat(origin(0), asPath2(path), nextHop(RAW)), "203.0.113.64/28");
  }

  /** Case 5: 12 ASes, not ending in 64666: the regex cannot match, after 2^n attempts. */
  static byte[] regexBomb() {
    long[] path = LongStream.range(0, 13).map(i -> i == 0 ? 65002 : 64512).toArray();
    return Octets.announce(concat(origin(0), asPath2(path), nextHop(RAW)), "203.0.113.128/28");
  }

  /** Case 5's counterpart: ends in 64666, so the policy rejects it. */
  static byte[] regexMatch() {
    return Octets.announce(
        concat(origin(0), asPath2(65002, 64666), nextHop(RAW)), "203.0.113.144/28");
  }

  // ------------------------------------------------------------------ the lab

  static String birdPeer(String gateway, long gatewayAs) {
    return """
        router id 198.51.100.3;
        protocol device {}
        protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; }
        protocol bgp uplink {
          local 198.51.100.3 as 65003; neighbor %s as %d;
          connect retry time 1; error wait time 1, 2;
          ipv4 { import all; export all; };
        }
        """
        .formatted(gateway, gatewayAs);
  }

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      bgp:
        asn: 65001
        neighbors:
          - { address: 192.0.2.2, asn: 65002, passive: true, import: from-raw, export: accept-all, timers: { hold: 3s, connect-retry: 1s } }
          - { address: 198.51.100.3, asn: 65003, import: accept-all, export: accept-all, timers: { connect-retry: 1s } }
      policies:
        from-raw:
          - match: { prefix: ["203.0.113.128/26 le 32"], as-path: '%s' }
            action: reject
          - action: accept
      """
          .formatted(EXPLOSIVE_REGEX);

  /** The three namespaces and links; returns {gw, raw, bird}. */
  static String[] topology(Lab lab) throws Exception {
    String g = lab.namespace("gw");
    String r = lab.namespace("raw");
    String b = lab.namespace("bird");
    lab.link(g, "192.0.2.1/24", r, RAW + "/24");
    lab.link(g, "198.51.100.1/24", b, BIRD + "/24");
    return new String[] {g, r, b};
  }

  @BeforeAll
  static void up() throws Exception {
    Tools.require("bird");
    lab = new Lab();
    try {
      String[] ns = topology(lab);
      gw = ns[0];
      log = lab.cairnd(gw, CAIRN);
      lab.bird(ns[2], birdPeer("198.51.100.1", 65001));
      Lab.await(
          Duration.ofSeconds(60), () -> Lab.read(log), () -> Lab.read(log).contains("listening"));
      raw = RawPeerProcess.start(lab, ns[1], RAW, "192.0.2.1", 65002, 3, false);
      raw.awaitEstablished(Duration.ofSeconds(60));
      Lab.await(
          Duration.ofSeconds(60), () -> Lab.read(log), () -> paths("203.0.113.0/24").size() == 1);
    } catch (Exception | Error e) {
      lab.close();
      throw e;
    }
  }

  @AfterAll
  static void down() {
    if (lab != null) {
      lab.close();
    }
  }

  /** cairnd's paths for {@code prefix} (best first), from {@code show bgp ipv4 PREFIX json}. */
  static List<JsonNode> paths(String prefix) {
    List<JsonNode> out = new ArrayList<>();
    try {
      JsonNode t = JSON.readTree(lab.cairn(gw, "show", "bgp", "ipv4", prefix, "json"));
      for (JsonNode r : t.path("routes")) {
        if (r.path("prefix").asText().equals(prefix)) {
          r.path("paths").forEach(out::add);
        }
      }
    } catch (Exception e) {
      // not up yet, or not JSON: no paths
    }
    return out;
  }

  /** The gateway of {@code prefix} in the gw namespace's kernel, or "" without a route. */
  static String kernelVia(String prefix) {
    try {
      JsonNode r = JSON.readTree(lab.exec(gw, "ip", "-j", "route", "show", prefix));
      return r.size() == 0 ? "" : r.get(0).path("gateway").asText();
    } catch (Exception e) {
      return "";
    }
  }

  static void awaitPresent(String prefix) throws InterruptedException {
    Lab.await(Duration.ofSeconds(30), HostilePeerIT::diag, () -> !paths(prefix).isEmpty());
  }

  static String diag() {
    return raw.log() + "\n--- cairnd\n" + Lab.read(log);
  }

  /** The raw session is up on both ends and cairnd sent no NOTIFICATION. */
  static void assertSessionUp() {
    assertThat(raw.up()).as(diag()).isTrue();
    assertThat(raw.notifications()).isEmpty();
    assertThat(Lab.read(log)).doesNotContain("192.0.2.2: Established ->");
  }

  // ------------------------------------------------------------------ the cases

  @Test
  @Order(1)
  void localPrefFromAnEbgpNeighborIsIgnored() throws Exception {
    raw.send(localPref1000());
    Lab.await(
        Duration.ofSeconds(30), HostilePeerIT::diag, () -> paths("203.0.113.0/24").size() == 2);
    List<JsonNode> p = paths("203.0.113.0/24");
    JsonNode best = p.get(0);
    assertThat(best.path("best").asBoolean()).isTrue();
    assertThat(best.path("next-hop").asText()).as(p.toString()).isEqualTo(BIRD);
    JsonNode hostile = p.get(1);
    assertThat(hostile.path("next-hop").asText()).isEqualTo(RAW);
    assertThat(hostile.path("local-pref").asLong(100)).isNotEqualTo(1000);
    Lab.await(
        Duration.ofSeconds(10),
        HostilePeerIT::diag,
        () -> kernelVia("203.0.113.0/24").equals(BIRD));
    assertSessionUp();
  }

  @Test
  @Order(2)
  void originatorIdAndClusterListFromAnEbgpNeighborAreDiscarded() throws Exception {
    raw.send(reflectionAttributes());
    awaitPresent("203.0.113.16/28");
    JsonNode p = paths("203.0.113.16/28").get(0);
    assertThat(p.path("originator-id").isNull() || p.path("originator-id").isMissingNode())
        .as(p.toString())
        .isTrue();
    assertThat(p.path("cluster-list").isNull() || p.path("cluster-list").isEmpty())
        .as(p.toString())
        .isTrue();
    Lab.await(
        Duration.ofSeconds(10),
        HostilePeerIT::diag,
        () -> kernelVia("203.0.113.16/28").equals(RAW));
    assertSessionUp();
  }

  @Test
  @Order(3)
  void aWrongFirstAsIsTreatedAsWithdraw() throws Exception {
    raw.send(wrongFirstAs());
    raw.send(marker("203.0.113.48/28"));
    awaitPresent("203.0.113.48/28");
    assertThat(paths("203.0.113.32/28")).isEmpty();
    assertThat(kernelVia("203.0.113.32/28")).isEmpty();
    assertSessionUp();
  }

  @Test
  @Order(4)
  void aTwoThousandHopPathIsTreatedAsWithdraw() throws Exception {
    raw.send(marker("203.0.113.64/28")); // a short path first: the long one must remove it
    awaitPresent("203.0.113.64/28");
    raw.send(longPath());
    Lab.await(
        Duration.ofSeconds(30), HostilePeerIT::diag, () -> paths("203.0.113.64/28").isEmpty());
    raw.send(marker("203.0.113.112/28"));
    awaitPresent("203.0.113.112/28");
    assertThat(paths("203.0.113.64/28")).isEmpty();
    assertThat(lab.cairn(gw, "show", "bgp", "summary")).contains("192.0.2.2");
    assertSessionUp();
  }

  @Test
  @Order(5)
  void aRegexBombInTheImportPolicyDoesNotStallTheSession() throws Exception {
    raw.send(regexBomb());
    raw.send(regexMatch());
    raw.send(marker("203.0.113.160/28"));
    awaitPresent("203.0.113.160/28");
    // the verdicts: the bomb does not match (accepted), the other one ends in 64666 (rejected)
    assertThat(paths("203.0.113.128/28")).hasSize(1);
    assertThat(paths("203.0.113.144/28")).isEmpty();
    // two hold times more: a loop that stalled would have let the raw session expire
    long end = System.nanoTime() + Duration.ofSeconds(7).toNanos();
    while (System.nanoTime() < end) {
      assertSessionUp();
      Thread.sleep(500);
    }
    assertThat(Lab.read(log)).doesNotContain("hold timer expired");
  }
}
