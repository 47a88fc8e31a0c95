package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * cairnd and FRR (zebra + ospfd) on one broadcast segment with MD5 authentication (FRR 8.4 has no
 * HMAC-SHA for OSPF; OspfBirdIT covers it with BIRD): cairnd is DR, FRR BDR, the adjacency reaches
 * Full, both link-state databases hold the same LSAs (type, link-state id, advertising router,
 * sequence), and FRR's network reaches cairnd's kernel. A wrong key keeps the adjacency down.
 */
@Tag("integration")
class OspfFrrIT {

  static String frr(String key) {
    return """
        hostname frr
        interface of
         ip ospf authentication message-digest
         ip ospf message-digest-key 1 md5 %s
         ip ospf hello-interval 1
         ip ospf dead-interval 4
         ip ospf priority 1
        router ospf
         ospf router-id 192.0.2.2
         network 192.0.2.0/24 area 0
         network 198.51.100.0/24 area 0
        """
        .formatted(key);
  }

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { export: [ospf] }
      ospf:
        areas:
          - id: 0
            interfaces:
              - name: oc
                hello: 1s
                dead: 4s
                priority: 10
                auth: { type: md5, keys: [ { key-id: 1, key: frr-ospf-key } ] }
      """;

  static final java.util.Map<String, Integer> FRR_TYPES =
      java.util.Map.of(
          "routerLinkStates", 1,
          "networkLinkStates", 2,
          "summaryLinkStates", 3,
          "asbrSummaryLinkStates", 4,
          "asExternalLinkStates", 5);

  /** "TYPE LSID ADVROUTER SEQ" of every LSA in FRR's {@code show ip ospf database json}. */
  @SuppressWarnings("unchecked")
  static Set<String> lsas(String json) {
    Set<String> out = new TreeSet<>();
    try {
      var top = (java.util.Map<String, Object>) dev.cairn.daemon.Json.parse(json);
      var areas = (java.util.Map<String, Object>) top.getOrDefault("areas", java.util.Map.of());
      for (Object area : areas.values()) {
        for (var e : ((java.util.Map<String, Object>) area).entrySet()) {
          Integer type = FRR_TYPES.get(e.getKey());
          if (type == null) {
            continue;
          }
          for (Object l : (java.util.List<Object>) e.getValue()) {
            var m = (java.util.Map<String, Object>) l;
            out.add(
                type
                    + " "
                    + m.get("lsId")
                    + " "
                    + m.get("advertisedRouter")
                    + " "
                    + Long.parseLong((String) m.get("sequenceNumber"), 16));
          }
        }
      }
    } catch (RuntimeException e) {
      // not JSON yet (the daemon is starting): no LSAs
    }
    return out;
  }

  /** The same from cairn's {@code show ip ospf database json}. */
  @SuppressWarnings("unchecked")
  static Set<String> cairnLsas(String json) {
    Set<String> out = new TreeSet<>();
    try {
      var top = (java.util.Map<String, Object>) dev.cairn.daemon.Json.parse(json);
      for (Object area : (java.util.List<Object>) top.get("areas")) {
        for (Object l :
            (java.util.List<Object>) ((java.util.Map<String, Object>) area).get("lsas")) {
          var m = (java.util.Map<String, Object>) l;
          out.add(
              m.get("type")
                  + " "
                  + m.get("link-state-id")
                  + " "
                  + m.get("advertising-router")
                  + " "
                  + Long.parseLong(((String) m.get("sequence")).substring(2), 16));
        }
      }
    } catch (RuntimeException e) {
      // not answering yet
    }
    return out;
  }

  /** FRR zebra + ospfd in {@code ns}; their files (and vtysh socket) are in the returned dir. */
  Path frrDaemons(Lab lab, String ns, String config) throws Exception {
    Path d = lab.dir().resolve(ns + "-frr-ospf");
    Files.createDirectories(d);
    Files.writeString(d.resolve("zebra.conf"), "hostname z\n");
    Files.writeString(d.resolve("ospfd.conf"), config);
    Lab.run("chown", "-R", "frr:frr", d.toString());
    Lab.run("chmod", "755", lab.dir().toString()); // FRR drops to user frr: it must reach d
    lab.spawn(
        ns,
        d.resolve("zebra.log"),
        "/usr/lib/frr/zebra",
        "-f",
        d.resolve("zebra.conf").toString(),
        "-i",
        d.resolve("zebra.pid").toString(),
        "-z",
        d.resolve("zserv.api").toString(),
        "--vty_socket",
        d.toString(),
        "-u",
        "frr",
        "-g",
        "frr");
    Lab.await(Duration.ofSeconds(20), () -> "zebra", () -> Files.exists(d.resolve("zserv.api")));
    lab.spawn(
        ns,
        d.resolve("ospfd.log"),
        "/usr/lib/frr/ospfd",
        "-f",
        d.resolve("ospfd.conf").toString(),
        "-i",
        d.resolve("ospfd.pid").toString(),
        "-z",
        d.resolve("zserv.api").toString(),
        "--vty_socket",
        d.toString(),
        "-u",
        "frr",
        "-g",
        "frr");
    return d;
  }

  static String vtysh(Lab lab, String ns, Path d, String cmd) {
    return lab.execSafe(ns, "vtysh", "--vty_socket", d.toString(), "-c", cmd);
  }

  void segment(Lab lab, String c, String f) throws Exception {
    lab.exec(c, "ip", "link", "add", "oc", "type", "veth", "peer", "name", "of", "netns", f);
    lab.exec(c, "ip", "addr", "add", "192.0.2.1/24", "dev", "oc");
    lab.exec(f, "ip", "addr", "add", "192.0.2.2/24", "dev", "of");
    lab.exec(f, "ip", "link", "add", "sv", "type", "veth", "peer", "name", "sv2");
    lab.exec(f, "ip", "addr", "add", "198.51.100.1/24", "dev", "sv");
    for (String[] l : new String[][] {{c, "oc"}, {f, "of"}, {f, "sv"}, {f, "sv2"}}) {
      lab.exec(l[0], "ip", "link", "set", l[1], "up");
    }
  }

  @Test
  void md5AdjacencyAgreesWithFrr() throws Exception {
    Tools.requireRoot();
    Tools.require("/usr/lib/frr/ospfd");
    Tools.require("/usr/lib/frr/zebra");
    Tools.require("vtysh");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      String f = lab.namespace("f");
      segment(lab, c, f);
      Path log = lab.cairnd(c, CAIRN);
      // DR election does not pre-empt: FRR must not finish its wait timer alone while cairnd's
      // JVM is still starting (a loaded machine took longer than FRR's 4 s), or FRR stays DR
      Lab.await(
          Duration.ofSeconds(120),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("oc DOWN -> WAITING"));
      Path d = frrDaemons(lab, f, frr("frr-ospf-key"));
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log) + vtysh(lab, f, d, "show ip ospf neighbor"),
          () -> vtysh(lab, f, d, "show ip ospf neighbor").contains("Full/DR"));
      assertThat(lab.cairn(c, "show", "ip", "ospf", "neighbor")).contains("FULL");
      assertThat(lab.cairn(c, "show", "ip", "ospf", "interface", "json"))
          .contains("\"dr\":\"192.0.2.1\"")
          .contains("\"bdr\":\"192.0.2.2\"");
      // FRR's stub network reaches cairnd's kernel
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log),
          () ->
              lab.execSafe(c, "ip", "route", "show", "198.51.100.0/24").contains("via 192.0.2.2"));
      // the databases agree, LSA by LSA
      Lab.await(
          Duration.ofSeconds(30),
          () ->
              cairnLsas(lab.cairnSafe(c, "show", "ip", "ospf", "database", "json"))
                  + " vs "
                  + lsas(vtysh(lab, f, d, "show ip ospf database json")),
          () -> {
            Set<String> ours =
                cairnLsas(lab.cairnSafe(c, "show", "ip", "ospf", "database", "json"));
            return !ours.isEmpty()
                && ours.equals(lsas(vtysh(lab, f, d, "show ip ospf database json")));
          });
    }
  }

  @Test
  void aWrongKeyKeepsTheAdjacencyDown() throws Exception {
    Tools.requireRoot();
    Tools.require("/usr/lib/frr/ospfd");
    Tools.require("/usr/lib/frr/zebra");
    Tools.require("vtysh");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      String f = lab.namespace("f");
      segment(lab, c, f);
      Path log = lab.cairnd(c, CAIRN);
      Path d = frrDaemons(lab, f, frr("another-key"));
      // long enough for several hellos each way and a dead interval
      Lab.await(
          Duration.ofSeconds(30),
          () -> vtysh(lab, f, d, "show ip ospf interface of"),
          () -> vtysh(lab, f, d, "show ip ospf interface of").contains("State DR"));
      Thread.sleep(Duration.ofSeconds(6).toMillis()); // what must NOT happen needs a wait
      assertThat(vtysh(lab, f, d, "show ip ospf neighbor")).doesNotContain("192.0.2.1");
      assertThat(lab.cairn(c, "show", "ip", "ospf", "neighbor")).doesNotContain("192.0.2.2");
      assertThat(Lab.read(log)).isNotEmpty();
    }
  }
}
