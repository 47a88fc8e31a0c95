package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
  static final String BGPD = "/usr/lib/frr/bgpd";

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
    Tools.require(BGPD);
    Tools.require("vtysh");
    try (Lab lab = new Lab()) {
      String rr = lab.namespace("rr");
      String c1 = lab.namespace("c1");
      String c2 = lab.namespace("c2");
      lab.link(rr, "192.0.2.1/30", c1, "192.0.2.2/30");
      lab.link(rr, "192.0.2.5/30", c2, "192.0.2.6/30");
      Path conf = lab.dir().resolve("cairn.yaml");
      Files.writeString(
          conf,
          """
          router-id: 192.0.2.1
          bgp:
            asn: 65000
            route-reflector: { cluster-id: 192.0.2.100 }
            neighbors:
              - { address: 192.0.2.2, asn: 65000, route-reflector-client: true, timers: { connect-retry: 1s } }
              - { address: 192.0.2.6, asn: 65000, route-reflector-client: true, timers: { connect-retry: 1s } }
          """);
      Path cairnLog = lab.dir().resolve("cairnd.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      lab.spawn(
          rr,
          cairnLog,
          java,
          "-cp",
          System.getProperty("java.class.path"),
          "dev.cairn.daemon.Cairnd",
          "--config",
          conf.toString());
      startFrr(lab, c1, "192.0.2.2", "198.51.100.0/24");
      startFrr(lab, c2, "192.0.2.6", "203.0.113.0/24");
      Path vty1 = lab.dir().resolve("192.0.2.2");
      Path vty2 = lab.dir().resolve("192.0.2.6");
      Lab.await(
          Duration.ofSeconds(60),
          () -> log(cairnLog) + show(lab, c2, vty2, "198.51.100.0/24"),
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

  static void startFrr(Lab lab, String ns, String id, String prefix) throws IOException {
    Path dir = lab.dir().resolve(id);
    Files.createDirectories(dir);
    dir.toFile().setWritable(true, false);
    Path conf = dir.resolve("bgpd.conf");
    Files.writeString(conf, frrConfig(id, prefix));
    lab.spawn(
        ns,
        dir.resolve("bgpd.out"),
        BGPD,
        "-Z",
        "-n",
        "-S",
        "-f",
        conf.toString(),
        "-i",
        dir.resolve("bgpd.pid").toString(),
        "-z",
        dir.resolve("zserv.api").toString(),
        "--vty_socket",
        dir.toString(),
        "-P",
        "0");
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

  static String log(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
