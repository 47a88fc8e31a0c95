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
 * cairnd as route reflector for two FRR bgpd clients (iBGP, AS 65000): each client learns the
 * other's route with ORIGINATOR_ID and CLUSTER_LIST set, as FRR's JSON output shows.
 */
@Tag("integration")
class FrrRouteReflectorIT {
  static String frrConfig(String id, String prefix) {
    return """
        frr defaults traditional
        hostname client-%s
        router bgp 65000
         bgp router-id %s
         no bgp ebgp-requires-policy
         no bgp network import-check
         neighbor %s remote-as 65000
         neighbor %s timers connect 1
         address-family ipv4 unicast
          network %s
         exit-address-family
        """
        .formatted(id, id, rrAddress(id), rrAddress(id), prefix);
  }

  static String rrAddress(String clientId) {
    return clientId.equals("192.0.2.2") ? "192.0.2.1" : "192.0.2.5";
  }

  @Test
  void clientsLearnEachOthersRoutesWithOriginatorIdAndClusterList() throws Exception {
    Tools.require(Lab.BGPD);
    Tools.require("vtysh");
    try (Lab lab = new Lab()) {
      String rr = lab.namespace("rr");
      String c1 = lab.namespace("c1");
      String c2 = lab.namespace("c2");
      lab.link(rr, "192.0.2.1/30", c1, "192.0.2.2/30");
      lab.link(rr, "192.0.2.5/30", c2, "192.0.2.6/30");
      Path cairnLog =
          lab.cairnd(
              rr,
              """
              router-id: 192.0.2.1
              bgp:
                asn: 65000
                route-reflector: { cluster-id: 192.0.2.100 }
                neighbors:
                  - { address: 192.0.2.2, asn: 65000, route-reflector-client: true, timers: { connect-retry: 1s } }
                  - { address: 192.0.2.6, asn: 65000, route-reflector-client: true, timers: { connect-retry: 1s } }
              """);
      Path vty1 = lab.frrBgpd(c1, frrConfig("192.0.2.2", "198.51.100.0/24"), "1");
      Path vty2 = lab.frrBgpd(c2, frrConfig("192.0.2.6", "203.0.113.0/24"), "1");
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(cairnLog) + show(lab, c2, vty2, "198.51.100.0/24"),
          () -> show(lab, c2, vty2, "198.51.100.0/24").contains("\"originatorId\":\"192.0.2.2\""));
      String learned = show(lab, c2, vty2, "198.51.100.0/24");
      assertThat(learned).contains("\"clusterList\":{\"list\":[\"192.0.2.100\"]}");
      Lab.await(
          Duration.ofSeconds(30),
          () -> show(lab, c1, vty1, "203.0.113.0/24"),
          () -> show(lab, c1, vty1, "203.0.113.0/24").contains("\"originatorId\":\"192.0.2.6\""));
      assertThat(show(lab, c1, vty1, "203.0.113.0/24"))
          .contains("\"clusterList\":{\"list\":[\"192.0.2.100\"]}");
    }
  }

  static String show(Lab lab, String ns, Path vty, String prefix) {
    try {
      // FRR's JSON is compact with "json"; strip spaces to compare keys reliably
      return lab.exec(
              ns,
              "vtysh",
              "--vty_socket",
              vty.toString(),
              "-d",
              "bgpd",
              "-c",
              "show bgp ipv4 unicast " + prefix + " json")
          .replaceAll("\\s+", "");
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }
}
