package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * cairnd speaks OSPFv2 with BIRD over a real broadcast segment (raw sockets, multicast): the
 * adjacency reaches Full with MD5 authentication, both sides agree on DR and BDR, BIRD's networks
 * arrive in cairnd's RIB and kernel as OSPF routes, cairnd's redistributed static route arrives at
 * BIRD as an external route; when BIRD stops, cairnd drops its routes within the dead interval.
 */
@Tag("integration")
class OspfBirdIT {

  static final String BIRD =
      """
      router id 192.0.2.2;
      protocol device {}
      protocol static svc { ipv4; route 198.51.100.0/24 blackhole; }
      protocol ospf v2 core {
        ipv4 { import all; export where proto = "svc"; };
        area 0 {
          interface "ob" {
            type broadcast; hello 1; dead 4; priority 10; cost 10;
            authentication cryptographic; password "ospf-key" { id 7; algorithm hmac sha256; };
          };
        };
      }
      protocol kernel { ipv4 { export none; import none; }; }
      """;

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { export: [ospf] }
      static:
        - { prefix: 203.0.113.0/24, blackhole: true }
        - { prefix: 203.0.113.128/25, blackhole: true }   # kept out of OSPF by the policy
      ospf:
        redistribute: [static]
        redistribute-policy: to-ospf
        areas:
          - id: 0
            interfaces:
              - name: oc
                hello: 1s
                dead: 4s
                priority: 1
                auth: { type: hmac-sha-256, keys: [ { key-id: 7, key: ospf-key } ] }
      policies:
        to-ospf:
          - match: { prefix: [203.0.113.0/24] }
            action: accept
          - action: reject
      """;

  static String kernel(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "route", "show", "198.51.100.0/24");
  }

  @Test
  void fullAdjacencyRoutesBothWaysAndDeadInterval() throws Exception {
    Tools.requireRoot();
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      String b = lab.namespace("b");
      lab.exec(c, "ip", "link", "add", "oc", "type", "veth", "peer", "name", "ob", "netns", b);
      lab.exec(c, "ip", "addr", "add", "192.0.2.1/24", "dev", "oc");
      lab.exec(b, "ip", "addr", "add", "192.0.2.2/24", "dev", "ob");
      lab.exec(c, "ip", "link", "set", "oc", "up");
      lab.exec(b, "ip", "link", "set", "ob", "up");
      Path log = lab.cairnd(c, CAIRN);
      Path sock = lab.bird(b, BIRD);
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log),
          () -> {
            try {
              return lab.cairn(c, "show", "ip", "ospf", "neighbor").contains("FULL");
            } catch (Exception e) {
              return false;
            }
          });
      String nb = lab.cairn(c, "show", "ip", "ospf", "neighbor", "json");
      // BIRD has the higher priority: it is DR, cairnd BDR
      assertThat(nb)
          .contains("\"router-id\":\"192.0.2.2\"")
          .contains("\"dr\":\"192.0.2.2\"")
          .contains("\"bdr\":\"192.0.2.1\"");
      // BIRD's external route reaches cairnd's RIB and kernel
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log) + kernel(lab, c),
          () -> kernel(lab, c).contains("via 192.0.2.2") && kernel(lab, c).contains("proto 222"));
      assertThat(lab.cairn(c, "show", "ip", "route", "198.51.100.0/24")).contains("O>*");
      // cairnd's redistributed static route reaches BIRD as an OSPF external route
      Lab.await(
          Duration.ofSeconds(30),
          () -> "",
          () ->
              lab.execSafe(b, "birdc", "-s", sock.toString(), "show", "route", "203.0.113.0/24")
                  .contains("192.0.2.1"));
      assertThat(lab.exec(b, "birdc", "-s", sock.toString(), "show", "route", "203.0.113.128/25"))
          .as("the redistribution policy keeps the /25 out")
          .doesNotContain("203.0.113.128/25");
      // BIRD stops: cairnd notices within the dead interval and the route leaves the kernel
      lab.lastBird().destroyForcibly();
      Lab.await(
          Duration.ofSeconds(10),
          () -> Lab.read(log) + kernel(lab, c),
          () -> kernel(lab, c).isBlank());
    }
  }

  @Test
  void pointToPointAdjacency() throws Exception {
    Tools.requireRoot();
    Tools.require("bird");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      String b = lab.namespace("b");
      lab.exec(c, "ip", "link", "add", "oc", "type", "veth", "peer", "name", "ob", "netns", b);
      lab.exec(c, "ip", "addr", "add", "192.0.2.1/30", "dev", "oc");
      lab.exec(b, "ip", "addr", "add", "192.0.2.2/30", "dev", "ob");
      lab.exec(c, "ip", "link", "set", "oc", "up");
      lab.exec(b, "ip", "link", "set", "ob", "up");
      Path log =
          lab.cairnd(
              c,
              """
              router-id: 192.0.2.1
              kernel: { export: [ospf] }
              ospf:
                areas:
                  - id: 0
                    interfaces:
                      - { name: oc, network-type: point-to-point, hello: 1s, dead: 4s }
              """);
      lab.bird(
          b,
          """
          router id 192.0.2.2;
          protocol device {}
          protocol static svc { ipv4; route 198.51.100.0/24 blackhole; }
          protocol ospf v2 core {
            ipv4 { import all; export where proto = "svc"; };
            area 0 { interface "ob" { type ptp; hello 1; dead 4; }; };
          }
          """);
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log) + kernel(lab, c),
          () -> kernel(lab, c).contains("via 192.0.2.2"));
      assertThat(lab.cairn(c, "show", "ip", "ospf", "interface", "json"))
          .contains("\"state\":\"POINT_TO_POINT\"");
      assertThat(lab.cairn(c, "show", "ip", "ospf", "neighbor")).contains("FULL");
      // the link monitor tells OSPF: the interface going down ends the adjacency at once
      // (sooner than the 4 s dead interval) and it comes back with the link
      lab.exec(c, "ip", "link", "set", "oc", "down");
      Lab.await(
          Duration.ofSeconds(2),
          () -> lab.cairnSafe(c, "show", "ip", "ospf", "neighbor"),
          () -> !lab.cairnSafe(c, "show", "ip", "ospf", "neighbor").contains("192.0.2.2"));
      lab.exec(c, "ip", "link", "set", "oc", "up");
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log) + kernel(lab, c),
          () -> kernel(lab, c).contains("via 192.0.2.2"));
    }
  }
}
