package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The ECMP gateway: two BIRD "nodes" announce the same service VIP /32 over eBGP; cairnd selects
 * both paths as one route with two next hops, installs it in its namespace's kernel through a
 * nexthop group, and when one node withdraws, one next hop remains, in the RIB and the kernel.
 */
@Tag("integration")
class MultipathInteropIT {

  static String bird(String id, long asn, String peer, String own) {
    return """
        router id %s;
        protocol device {}
        protocol static vip { ipv4; route 203.0.113.10/32 blackhole; route %s blackhole; }
        protocol bgp uplink {
          local %s as %d; neighbor %s as 65000;
          connect retry time 1; error wait time 1, 2;
          ipv4 { import none; export all; };
        }
        """
        .formatted(id, own, id, asn, peer);
  }

  @Test
  void twoNodesAnnouncingOneVipGiveOneEcmpRoute() throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String gw = lab.namespace("gw");
      String n1 = lab.namespace("n1");
      String n2 = lab.namespace("n2");
      String client = lab.namespace("client");
      lab.link(gw, "192.0.2.1/30", n1, "192.0.2.2/30");
      lab.link(gw, "192.0.2.5/30", n2, "192.0.2.6/30");
      StringBuilder clientAddrs = new StringBuilder("192.0.2.18/28");
      for (int i = 19; i <= 30; i++) {
        clientAddrs.append(",192.0.2.").append(i).append("/28");
      }
      lab.link(gw, "192.0.2.17/28", client, clientAddrs.toString());
      // the VIP lives on each node's loopback; replies go back through the gateway
      for (String n : new String[] {n1, n2}) {
        lab.exec(n, "ip", "addr", "add", "203.0.113.10/32", "dev", "lo");
        lab.exec(
            n,
            "ip",
            "route",
            "add",
            "192.0.2.16/28",
            "via",
            n.equals(n1) ? "192.0.2.1" : "192.0.2.5");
      }
      lab.exec(client, "ip", "route", "add", "default", "via", "192.0.2.17");
      lab.exec(gw, "sysctl", "-qw", "net.ipv4.ip_forward=1");
      Path log =
          lab.cairnd(
              gw,
              """
              router-id: 192.0.2.1
              bgp:
                asn: 65000
                multipath: { ebgp: 16, as-path-relax: true }
                neighbors:
                  - { address: 192.0.2.2, asn: 65011, import: accept-all, export: reject-all, timers: { connect-retry: 1s } }
                  - { address: 192.0.2.6, asn: 65012, import: accept-all, export: reject-all, timers: { connect-retry: 1s } }
              """);
      Path s1 = lab.bird(n1, bird("192.0.2.2", 65011, "192.0.2.1", "198.51.100.0/25"));
      lab.bird(n2, bird("192.0.2.6", 65012, "192.0.2.5", "198.51.100.128/25"));
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("rib: 203.0.113.10/32 ebgp [via 192.0.2.2, via 192.0.2.6]"));
      // the kernel of the gateway's namespace holds one route through a two-way nexthop group
      Lab.await(
          Duration.ofSeconds(20),
          () -> kernel(lab, gw),
          () ->
              kernel(lab, gw).contains("nexthop via 192.0.2.2")
                  && kernel(lab, gw).contains("nexthop via 192.0.2.6"));
      assertThat(kernel(lab, gw)).contains("nhid").contains("proto 222");
      // cairn show fib: the kernel agrees with the RIB, in the documented JSON
      String fib = lab.cairn(gw, "show", "fib", "json");
      assertThat(dev.cairn.daemon.JsonSchemas.check("fib", fib)).as(fib).isEmpty();
      assertThat(fib)
          .contains("\"missing\":[]")
          .contains("\"unexpected\":[]")
          .contains("\"failing\":[]")
          .contains("{\"prefix\":\"203.0.113.10/32\",\"protocol\":\"ebgp\"");
      assertThat(lab.cairn(gw, "show", "fib")).contains("The kernel agrees with the RIB.");
      // traffic: pings to the VIP from 13 client addresses are spread over both nodes
      Tools.require("ping");
      long before1 = echoes(lab, n1);
      long before2 = echoes(lab, n2);
      for (int i = 18; i <= 30; i++) {
        assertThat(ping(lab, client, "192.0.2." + i)).as("ping from 192.0.2.%d", i).isTrue();
      }
      long got1 = echoes(lab, n1) - before1;
      long got2 = echoes(lab, n2) - before2;
      assertThat(got1 + got2).isEqualTo(13);
      assertThat(got1).as("node 1 answered").isPositive();
      assertThat(got2).as("node 2 answered").isPositive();
      lab.exec(n1, "birdc", "-s", s1.toString(), "disable", "vip");
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log),
          () -> Lab.read(log).contains("rib: 203.0.113.10/32 ebgp [via 192.0.2.6]"));
      Lab.await(
          Duration.ofSeconds(20),
          () -> kernel(lab, gw),
          () ->
              kernel(lab, gw).contains("via 192.0.2.6") && !kernel(lab, gw).contains("192.0.2.2"));
      // every flow now reaches node 2
      long still1 = echoes(lab, n1);
      long still2 = echoes(lab, n2);
      for (int i = 18; i <= 30; i++) {
        assertThat(ping(lab, client, "192.0.2." + i)).isTrue();
      }
      assertThat(echoes(lab, n1)).isEqualTo(still1);
      assertThat(echoes(lab, n2) - still2).isEqualTo(13);
    }
  }

  /** One ping from {@code source} to the VIP; true when answered. */
  static boolean ping(Lab lab, String ns, String source) throws Exception {
    return lab.exec(ns, "ping", "-c1", "-W2", "-I", source, "203.0.113.10").contains("1 received");
  }

  /** ICMP echo requests the namespace has received (its own /proc/net/snmp). */
  static long echoes(Lab lab, String ns) throws Exception {
    java.util.List<String> lines =
        lab.exec(ns, "cat", "/proc/net/snmp").lines().filter(l -> l.startsWith("Icmp:")).toList();
    java.util.List<String> names = java.util.List.of(lines.get(0).split("\\s+"));
    String[] values = lines.get(1).split("\\s+");
    return Long.parseLong(values[names.indexOf("InEchos")]);
  }

  /** The gateway kernel's route to the VIP, as {@code ip route show} prints it. */
  static String kernel(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "route", "show", "203.0.113.10/32");
  }
}
