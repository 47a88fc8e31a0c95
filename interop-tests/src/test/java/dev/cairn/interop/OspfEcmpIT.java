package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.daemon.JsonSchemas;
import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ECMP gateway over OSPF: two BIRD nodes on one segment announce the same VIP /32; the cairnd
 * gateway's kernel holds one route through both. When one node stops, the route drops to the other
 * within the dead interval, and comes back when it restarts. Every {@code show ip ospf ... json}
 * matches its schema.
 */
@Tag("integration")
class OspfEcmpIT {

  static String bird(String id) {
    return """
        router id %s;
        protocol device {}
        protocol static vip { ipv4; route 203.0.113.10/32 blackhole; }
        protocol ospf v2 core {
          ipv4 { import none; export where proto = "vip"; };
          area 0 { interface "n*" { type broadcast; hello 1; dead 4; }; };
        }
        """
        .formatted(id);
  }

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { export: [ospf] }
      ospf:
        areas:
          - id: 0
            interfaces:
              - { name: gw, hello: 1s, dead: 4s }
      """;

  static String vip(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "route", "show", "203.0.113.10/32");
  }

  @Test
  void twoNodesOneVipOneEcmpRoute() throws Exception {
    Tools.requireRoot();
    Tools.require("bird");
    try (Lab lab = new Lab()) {
      String g = lab.namespace("g");
      String n1 = lab.namespace("n1");
      String n2 = lab.namespace("n2");
      // one broadcast segment: a bridge in the gateway's namespace with a veth to each node
      lab.exec(g, "ip", "link", "add", "gw", "type", "bridge");
      lab.exec(g, "ip", "addr", "add", "192.0.2.1/24", "dev", "gw");
      lab.exec(g, "ip", "link", "set", "gw", "up");
      String[][] nodes = {{n1, "192.0.2.2"}, {n2, "192.0.2.3"}};
      for (int i = 0; i < 2; i++) {
        String port = "p" + (i + 1);
        lab.exec(
            g,
            "ip",
            "link",
            "add",
            port,
            "type",
            "veth",
            "peer",
            "name",
            "n" + (i + 1),
            "netns",
            nodes[i][0]);
        lab.exec(g, "ip", "link", "set", port, "master", "gw");
        lab.exec(g, "ip", "link", "set", port, "up");
        lab.exec(nodes[i][0], "ip", "addr", "add", nodes[i][1] + "/24", "dev", "n" + (i + 1));
        lab.exec(nodes[i][0], "ip", "link", "set", "n" + (i + 1), "up");
      }
      Path log = lab.cairnd(g, CAIRN);
      lab.bird(n1, bird("192.0.2.2"));
      var bird1 = lab.lastBird();
      lab.bird(n2, bird("192.0.2.3"));
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log) + vip(lab, g),
          () ->
              vip(lab, g).contains("nexthop via 192.0.2.2")
                  && vip(lab, g).contains("nexthop via 192.0.2.3"));
      for (String[] show :
          new String[][] {
            {"ospf-neighbor", "neighbor"},
            {"ospf-interface", "interface"},
            {"ospf-database", "database"},
            {"ospf-route", "route"}
          }) {
        String json = lab.cairn(g, "show", "ip", "ospf", show[1], "json");
        assertThat(JsonSchemas.check(show[0], json)).as(json).isEmpty();
      }
      assertThat(lab.cairn(g, "show", "ip", "ospf", "route")).contains("203.0.113.10/32");
      // equal priorities: the highest router ids win, so BIRD 192.0.2.3 is DR, 192.0.2.2 BDR and
      // cairnd (192.0.2.1) is a DROther that is still Full with both
      Lab.await(
          Duration.ofSeconds(20),
          () -> lab.cairnSafe(g, "show", "ip", "ospf", "interface", "json"),
          () ->
              lab.cairnSafe(g, "show", "ip", "ospf", "interface", "json")
                  .contains("\"state\":\"DR_OTHER\",\"dr\":\"192.0.2.3\",\"bdr\":\"192.0.2.2\""));
      // OSPF in /metrics: two Full neighbors, three router LSAs and one network LSA, SPF runs
      String m = OperationsInteropIT.scrape(lab, g);
      assertThat(OperationsInteropIT.metric(m, "cairn_ospf_neighbors", "state=\"full\""))
          .isEqualTo(2);
      assertThat(OperationsInteropIT.metric(m, "cairn_ospf_lsdb_lsas", "type=\"router\""))
          .isEqualTo(3);
      assertThat(OperationsInteropIT.metric(m, "cairn_ospf_lsdb_lsas", "type=\"network\""))
          .isEqualTo(1);
      assertThat(m).contains("cairn_ospf_spf_runs_total");

      // node 1 stops: within the dead interval (4 s) only node 2 remains
      bird1.destroyForcibly();
      Lab.await(
          Duration.ofSeconds(10),
          () -> vip(lab, g),
          () -> vip(lab, g).contains("via 192.0.2.3") && !vip(lab, g).contains("192.0.2.2"));
      // and it comes back
      lab.bird(n1, bird("192.0.2.2"));
      Lab.await(
          Duration.ofSeconds(60),
          () -> vip(lab, g),
          () ->
              vip(lab, g).contains("nexthop via 192.0.2.2")
                  && vip(lab, g).contains("nexthop via 192.0.2.3"));
    }
  }
}
