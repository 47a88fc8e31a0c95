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
 * ExaBGP → cairnd → GoBGP: a route carrying standard, extended and large communities and an
 * attribute no one knows (type 200, optional transitive) arrives at GoBGP with all of them intact
 * (the unknown one with the Partial bit set, as RFC 4271 §5 says), as {@code gobgp ... -j} shows.
 */
@Tag("integration")
class GobgpPassThroughIT {

  @Test
  void communitiesAndUnknownTransitiveAttributePassThrough() throws Exception {
    Tools.require("gobgpd");
    Tools.require("gobgp");
    Tools.require("exabgp");
    try (Lab lab = new Lab()) {
      String cairn = lab.namespace("cairn");
      String exa = lab.namespace("exa");
      String gobgp = lab.namespace("gobgp");
      lab.link(cairn, "192.0.2.1/30", exa, "192.0.2.2/30");
      lab.link(cairn, "192.0.2.5/30", gobgp, "192.0.2.6/30");
      Path cairnLog =
          lab.cairnd(
              cairn,
              """
              router-id: 192.0.2.1
              bgp:
                asn: 65001
                neighbors:
                  - { address: 192.0.2.2, asn: 65003, import: accept-all, export: accept-all, timers: { connect-retry: 1s } }
                  - { address: 192.0.2.6, asn: 65002, import: accept-all, export: accept-all, timers: { connect-retry: 1s } }
              """);
      Path exaConf = lab.dir().resolve("exabgp.conf");
      Files.writeString(
          exaConf,
          """
          neighbor 192.0.2.1 {
            router-id 192.0.2.2;
            local-address 192.0.2.2;
            local-as 65003;
            peer-as 65001;
            family { ipv4 unicast; }
            static {
              route 203.0.113.0/24 next-hop self community [65003:100] extended-community [target:65003:7] large-community [65003:1:2] attribute [0xc8 0xc0 0xdeadbeef];
            }
          }
          """);
      Path gobgpConf = lab.dir().resolve("gobgpd.toml");
      Files.writeString(
          gobgpConf,
          """
          [global.config]
            as = 65002
            router-id = "192.0.2.6"
          [[neighbors]]
            [neighbors.config]
              neighbor-address = "192.0.2.5"
              peer-as = 65001
          """);
      lab.spawn(gobgp, lab.dir().resolve("gobgpd.log"), "gobgpd", "-f", gobgpConf.toString());
      lab.spawn(
          exa,
          lab.dir().resolve("exabgp.log"),
          "env",
          "exabgp.daemon.daemonize=false",
          "exabgp.daemon.user=root",
          "exabgp.log.destination=stdout",
          "exabgp.api.cli=false",
          "exabgp",
          exaConf.toString());
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(cairnLog) + Lab.read(lab.dir().resolve("exabgp.log")) + rib(lab, gobgp),
          () -> rib(lab, gobgp).contains("203.0.113.0/24"));
      String json = rib(lab, gobgp);
      // COMMUNITIES 65003:100 = 0xfdeb0064 = 4260036708
      assertThat(json).contains("\"communities\":[4260036708]");
      assertThat(json).contains("\"ASN\":65003,\"LocalData1\":1,\"LocalData2\":2");
      assertThat(json).contains("{\"type\":0,\"subtype\":2,\"value\":\"65003:7\"}"); // route target
      // the unknown attribute: type 200 with its four octets, flags now with Partial (0xe0)
      assertThat(json).contains("\"type\":200").contains("\"flags\":224");
      assertThat(json).contains("3q2+7w=="); // base64 of de ad be ef
      assertThat(json)
          .contains("\"as_paths\":[{\"segment_type\":2,\"num\":2,\"asns\":[65001,65003]}]");
    }
  }

  static String rib(Lab lab, String ns) {
    return lab.execSafe(ns, "gobgp", "global", "rib", "-a", "ipv4", "-j").replaceAll("\\s+", "");
  }
}
