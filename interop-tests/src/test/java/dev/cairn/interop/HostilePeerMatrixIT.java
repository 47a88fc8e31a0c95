package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import dev.cairn.interop.peer.RawPeerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The UPDATEs of {@link HostilePeerIT} at BIRD and at FRR bgpd as the gateway, for the README's
 * security table: what each does is recorded (printed and written to {@code
 * target/hostile-matrix-ROUTER.txt}); the assertions are loose, on what both document (LOCAL_PREF
 * from an eBGP neighbor is ignored; none of the cases resets the session).
 */
@Tag("integration")
class HostilePeerMatrixIT {

  /** A gateway under test: its text for a prefix, and whether it holds the prefix at all. */
  interface Gateway {
    String show(String prefix);

    boolean has(String prefix);

    String bestVia(String prefix);
  }

  static String birdGateway() {
    return """
        router id 192.0.2.1;
        protocol device {}
        protocol bgp raw {
          local 192.0.2.1 as 65001; neighbor 192.0.2.2 as 65002;
          passive on; hold time 3;
          ipv4 { import all; export none; };
        }
        protocol bgp peer {
          local 198.51.100.1 as 65001; neighbor 198.51.100.3 as 65003;
          connect retry time 1; error wait time 1, 2;
          ipv4 { import all; export none; };
        }
        """;
  }

  static String frrGateway() {
    return """
        frr defaults traditional
        hostname gw
        bgp as-path access-list BOMB permit ^([0-9]+ ?){1,99} 64666$
        route-map FROM-RAW deny 10
         match as-path BOMB
        route-map FROM-RAW permit 20
        router bgp 65001
         bgp router-id 192.0.2.1
         no bgp ebgp-requires-policy
         neighbor 192.0.2.2 remote-as 65002
         neighbor 192.0.2.2 passive
         neighbor 192.0.2.2 timers 1 3
         neighbor 198.51.100.3 remote-as 65003
         neighbor 198.51.100.3 timers connect 1
         address-family ipv4 unicast
          neighbor 192.0.2.2 route-map FROM-RAW in
         exit-address-family
        """;
  }

  @Test
  void birdAsTheGateway() throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String[] ns = HostilePeerIT.topology(lab);
      Path sock = lab.bird(ns[0], birdGateway());
      Function<String, String> birdc =
          cmd -> lab.execSafe(ns[0], ("birdc -s " + sock + " " + cmd).split(" "));
      Gateway g =
          new Gateway() {
            @Override
            public String show(String prefix) {
              return birdc.apply("show route " + prefix + " all");
            }

            @Override
            public boolean has(String prefix) {
              return birdc.apply("show route " + prefix).contains(prefix);
            }

            @Override
            public String bestVia(String prefix) {
              String s = birdc.apply("show route " + prefix + " primary");
              return s.contains("via " + HostilePeerIT.BIRD)
                  ? HostilePeerIT.BIRD
                  : s.contains("via " + HostilePeerIT.RAW) ? HostilePeerIT.RAW : s;
            }
          };
      Map<String, String> r = run(lab, ns, g, false);
      record(lab, "bird", r);
      assertThat(r.get("1 best path")).isEqualTo("1-hop via " + HostilePeerIT.BIRD);
      assertThat(r.get("session")).startsWith("kept");
    }
  }

  @Test
  void frrAsTheGateway() throws Exception {
    Tools.require(Lab.BGPD);
    Tools.require("vtysh");
    try (Lab lab = new Lab()) {
      String[] ns = HostilePeerIT.topology(lab);
      Path vty = lab.frrBgpd(ns[0], frrGateway(), "1");
      Gateway g =
          new Gateway() {
            @Override
            public String show(String prefix) {
              return FrrRouteReflectorIT.show(lab, ns[0], vty, prefix);
            }

            @Override
            public boolean has(String prefix) {
              return show(prefix).contains("\"paths\":[{");
            }

            @Override
            public String bestVia(String prefix) {
              String s = show(prefix);
              for (String path : s.split("\\{\"aspath\"")) {
                if (path.contains("\"overall\":true")) {
                  return path.contains("\"ip\":\"" + HostilePeerIT.BIRD + "\"")
                      ? HostilePeerIT.BIRD
                      : path.contains("\"ip\":\"" + HostilePeerIT.RAW + "\"")
                          ? HostilePeerIT.RAW
                          : path;
                }
              }
              return s;
            }
          };
      Map<String, String> r = run(lab, ns, g, true);
      record(lab, "frr", r);
      assertThat(r.get("1 best path")).isEqualTo("1-hop via " + HostilePeerIT.BIRD);
      assertThat(r.get("session")).startsWith("kept");
    }
  }

  /** The cases in order; returns what the gateway did in each. */
  static Map<String, String> run(Lab lab, String[] ns, Gateway g, boolean regex) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    lab.bird(ns[2], HostilePeerIT.birdPeer("198.51.100.1", 65001));
    RawPeerProcess raw =
        RawPeerProcess.start(lab, ns[1], HostilePeerIT.RAW, "192.0.2.1", 65002, 3, false);
    raw.awaitEstablished(Duration.ofSeconds(60));
    Lab.await(Duration.ofSeconds(60), raw::log, () -> g.has("203.0.113.0/24"));

    raw.send(HostilePeerIT.localPref1000());
    raw.send(HostilePeerIT.marker("203.0.113.8/29"));
    Lab.await(Duration.ofSeconds(30), raw::log, () -> g.has("203.0.113.8/29"));
    String best = g.bestVia("203.0.113.0/24");
    out.put(
        "1 best path",
        (best.equals(HostilePeerIT.BIRD)
                ? "1-hop via "
                : best.equals(HostilePeerIT.RAW) ? "3-hop LOCAL_PREF 1000 via " : "? ")
            + best);
    out.put("1 text", g.show("203.0.113.0/24"));

    raw.send(HostilePeerIT.reflectionAttributes());
    raw.send(HostilePeerIT.marker("203.0.113.24/29"));
    Lab.await(Duration.ofSeconds(30), raw::log, () -> g.has("203.0.113.24/29"));
    String refl = g.show("203.0.113.16/28");
    out.put(
        "2 originator-id/cluster-list",
        !g.has("203.0.113.16/28")
            ? "route not accepted"
            : (refl.toLowerCase().contains("192.0.2.99")
                ? "route accepted, attributes kept"
                : "route accepted, attributes discarded"));
    out.put("2 text", refl);

    raw.send(HostilePeerIT.wrongFirstAs());
    raw.send(HostilePeerIT.marker("203.0.113.48/28"));
    Lab.await(Duration.ofSeconds(30), raw::log, () -> g.has("203.0.113.48/28"));
    out.put("3 wrong first AS", g.has("203.0.113.32/28") ? "route accepted" : "route not accepted");
    out.put("3 text", g.show("203.0.113.32/28"));

    raw.send(HostilePeerIT.marker("203.0.113.64/28"));
    Lab.await(Duration.ofSeconds(30), raw::log, () -> g.has("203.0.113.64/28"));
    raw.send(HostilePeerIT.longPath());
    raw.send(HostilePeerIT.marker("203.0.113.112/28"));
    Lab.await(Duration.ofSeconds(30), raw::log, () -> g.has("203.0.113.112/28"));
    String lp = g.show("203.0.113.64/28");
    out.put(
        "4 2000-hop AS_PATH",
        !g.has("203.0.113.64/28")
            ? "route withdrawn (treat-as-withdraw)"
            : lp.contains("64701")
                ? "long path accepted"
                : "earlier route kept, long path ignored");

    if (regex) {
      raw.send(HostilePeerIT.regexBomb());
      raw.send(HostilePeerIT.regexMatch());
      raw.send(HostilePeerIT.marker("203.0.113.160/28"));
      Lab.await(Duration.ofSeconds(60), raw::log, () -> g.has("203.0.113.160/28"));
      out.put(
          "5 regex verdicts",
          "bomb "
              + (g.has("203.0.113.128/28") ? "accepted" : "rejected")
              + ", 64666 "
              + (g.has("203.0.113.144/28") ? "accepted" : "rejected"));
    }
    long end = System.nanoTime() + Duration.ofSeconds(7).toNanos();
    while (System.nanoTime() < end && raw.up()) {
      Thread.sleep(500);
    }
    out.put(
        "session",
        raw.up() && raw.notifications().isEmpty()
            ? "kept"
            : "lost: "
                + raw.notifications()
                + " "
                + raw.log().lines().filter(l -> !l.startsWith("SENT")).toList());
    return out;
  }

  static void record(Lab lab, String router, Map<String, String> r) throws Exception {
    StringBuilder sb = new StringBuilder();
    r.forEach(
        (k, v) ->
            sb.append(router).append(" | ").append(k).append(" | ").append(v.strip()).append('\n'));
    System.out.println(sb);
    Path out = Path.of("target", "hostile-matrix-" + router + ".txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, sb.toString());
  }
}
