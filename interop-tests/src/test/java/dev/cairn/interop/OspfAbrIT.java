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
 * cairnd as an area border router between area 0 (FRR) and stub area 1 (BIRD): each side learns the
 * other's network as an inter-area route with the cost through cairnd (10 + 10 + 10), and the stub
 * area gets a default route from cairnd.
 */
@Tag("integration")
class OspfAbrIT {

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { export: [ospf] }
      ospf:
        areas:
          - id: 0
            interfaces:
              - { name: tof, hello: 1s, dead: 4s }
          - id: 1
            type: stub
            interfaces:
              - { name: tob, hello: 1s, dead: 4s }
      """;

  static final String FRR =
      """
      hostname frr
      interface cf
       ip ospf hello-interval 1
       ip ospf dead-interval 4
      router ospf
       ospf router-id 192.0.2.2
       network 192.0.2.0/30 area 0
       network 198.51.100.0/24 area 0
      """;

  static final String BIRD =
      """
      router id 192.0.2.6;
      protocol device {}
      protocol ospf v2 core {
        ipv4 { import all; export none; };
        area 1 {
          stub yes;
          interface "cb" { type broadcast; hello 1; dead 4; };
          interface "sv" { stub yes; };
        };
      }
      """;

  @Test
  void interAreaRoutesBothWaysAndAStubDefault() throws Exception {
    Tools.requireRoot();
    Tools.require("bird");
    Tools.require("birdc");
    Tools.require("/usr/lib/frr/ospfd");
    Tools.require("vtysh");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      String f = lab.namespace("f");
      String b = lab.namespace("b");
      lab.exec(c, "ip", "link", "add", "tof", "type", "veth", "peer", "name", "cf", "netns", f);
      lab.exec(c, "ip", "link", "add", "tob", "type", "veth", "peer", "name", "cb", "netns", b);
      lab.exec(c, "ip", "addr", "add", "192.0.2.1/30", "dev", "tof");
      lab.exec(f, "ip", "addr", "add", "192.0.2.2/30", "dev", "cf");
      lab.exec(c, "ip", "addr", "add", "192.0.2.5/30", "dev", "tob");
      lab.exec(b, "ip", "addr", "add", "192.0.2.6/30", "dev", "cb");
      lab.exec(f, "ip", "link", "add", "sv", "type", "veth", "peer", "name", "sv2");
      lab.exec(f, "ip", "addr", "add", "198.51.100.1/24", "dev", "sv");
      lab.exec(b, "ip", "link", "add", "sv", "type", "veth", "peer", "name", "sv2");
      lab.exec(b, "ip", "addr", "add", "203.0.113.1/24", "dev", "sv");
      for (String[] l :
          new String[][] {
            {c, "tof"},
            {c, "tob"},
            {f, "cf"},
            {b, "cb"},
            {f, "sv"},
            {f, "sv2"},
            {b, "sv"},
            {b, "sv2"}
          }) {
        lab.exec(l[0], "ip", "link", "set", l[1], "up");
      }
      Path log = lab.cairnd(c, CAIRN);
      Path d = new OspfFrrIT().frrDaemons(lab, f, FRR);
      Path sock = lab.bird(b, BIRD);

      // FRR (area 0) learns BIRD's network as inter-area, cost 10 (to cairnd) + 20 (its summary)
      Lab.await(
          Duration.ofSeconds(90),
          () -> Lab.read(log) + OspfFrrIT.vtysh(lab, f, d, "show ip ospf route"),
          () ->
              OspfFrrIT.vtysh(lab, f, d, "show ip ospf route json")
                  .replace(" ", "")
                  .matches(
                      "(?s).*\"203\\.0\\.113\\.0/24\":\\{\"routeType\":\"NIA\",\"cost\":30.*"));
      // BIRD (stub area 1) learns FRR's network as inter-area with cost 30, and a default route
      Lab.await(
          Duration.ofSeconds(60),
          () -> birdRoutes(lab, b, sock),
          () ->
              birdRoutes(lab, b, sock).contains("198.51.100.0/24")
                  && birdRoutes(lab, b, sock).contains("0.0.0.0/0"));
      String ia =
          lab.exec(b, "birdc", "-s", sock.toString(), "show", "route", "198.51.100.0/24", "all");
      assertThat(ia).contains("OSPF-IA").contains("OSPF.metric1: 30");
      // no AS-external LSAs in a stub area, and cairnd itself holds both as OSPF routes
      assertThat(lab.cairn(c, "show", "ip", "route", "198.51.100.0/24")).contains("O>*");
      assertThat(lab.cairn(c, "show", "ip", "route", "203.0.113.0/24")).contains("O>*");
      Files.exists(log);
    }
  }

  static String birdRoutes(Lab lab, String ns, Path sock) {
    return lab.execSafe(ns, "birdc", "-s", sock.toString(), "show", "route");
  }
}
