package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Operating cairnd next to BIRD: {@code /metrics} shows the session and prefix counts as they are;
 * {@code cairn reload} with a changed import policy narrows what is accepted without resetting the
 * session (BIRD's "since" time and cairn's uptime go on); a reload with a bad file is refused with
 * FILE:LINE:COLUMN and changes nothing.
 */
@Tag("integration")
class OperationsInteropIT {

  static String cairn(String policy) {
    return """
        router-id: 192.0.2.1
        kernel: { enabled: false }
        metrics: { listen: "127.0.0.1:9179" }
        bgp:
          asn: 65001
          neighbors:
            - { address: 192.0.2.2, asn: 65002, import: %s, export: accept-all,
                timers: { connect-retry: 1s } }
        policies:
          vip-only:
            - match: { prefix: ["203.0.113.0/24 ge 32"] }
              action: accept
            - action: reject
        """
        .formatted(policy);
  }

  static final String BIRD =
      """
      router id 192.0.2.2;
      protocol device {}
      protocol static svc {
        ipv4;
        route 203.0.113.10/32 blackhole;
        route 198.51.100.0/24 blackhole;
      }
      protocol bgp uplink {
        local 192.0.2.2 as 65002; neighbor 192.0.2.1 as 65001;
        connect retry time 1; error wait time 1, 2;
        ipv4 { import all; export all; };
      }
      """;

  /** One sample of the Prometheus text, e.g. {@code metric(text, "cairn_rib_routes", "ebgp")}. */
  static double metric(String text, String name, String labels) {
    for (String line : text.lines().toList()) {
      if (line.startsWith(name + "{") && line.contains(labels)) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return Double.NaN;
  }

  static String scrape(Lab lab, String ns) throws Exception {
    return lab.exec(
        ns,
        "python3",
        "-c",
        "import urllib.request;"
            + "print(urllib.request.urlopen('http://127.0.0.1:9179/metrics').read().decode())");
  }

  static String sinceOf(Lab lab, String ns, Path sock) throws Exception {
    String out = lab.exec(ns, "birdc", "-s", sock.toString(), "show", "protocols", "uplink");
    Matcher m =
        Pattern.compile("uplink\\s+BGP\\s+\\S+\\s+up\\s+(\\S+)\\s+Established").matcher(out);
    return m.find() ? m.group(1) : "";
  }

  /**
   * BIRD's "since" once it has stopped moving: right after the session comes up BIRD may stamp a
   * second state change a millisecond after the first (seen once in CI: 10:03:35.275 read as .276
   * just before), which is not a reset.
   */
  static String settledSince(Lab lab, String ns, Path sock) throws Exception {
    String[] last = {sinceOf(lab, ns, sock)};
    Lab.await(
        Duration.ofSeconds(10),
        () -> "BIRD's session state keeps changing: " + last[0],
        () -> {
          try {
            String now = sinceOf(lab, ns, sock);
            boolean same = !now.isEmpty() && now.equals(last[0]);
            last[0] = now;
            return same;
          } catch (Exception e) {
            return false;
          }
        });
    return last[0];
  }

  @Test
  void metricsAndHitlessReload() throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    Tools.require("python3");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      String b = lab.namespace("b");
      lab.link(c, "192.0.2.1/24", b, "192.0.2.2/24");
      Path log = lab.cairnd(c, cairn("accept-all"));
      Path sock = lab.bird(b, BIRD);
      String accepted = "family=\"ipv4-unicast\",neighbor=\"192.0.2.2\"";
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log),
          () -> {
            try {
              return metric(scrape(lab, c), "cairn_bgp_prefixes_accepted", accepted) == 2.0;
            } catch (Exception e) {
              return false;
            }
          });
      String m = scrape(lab, c);
      assertThat(metric(m, "cairn_bgp_session_established", "neighbor=\"192.0.2.2\"")).isEqualTo(1);
      assertThat(metric(m, "cairn_bgp_session_state", "neighbor=\"192.0.2.2\"")).isEqualTo(6);
      assertThat(metric(m, "cairn_bgp_prefixes_received_total", accepted)).isEqualTo(2);
      assertThat(metric(m, "cairn_bgp_prefixes_advertised", accepted)).isEqualTo(0);
      assertThat(metric(m, "cairn_bgp_messages_received_total", "type=\"update\""))
          .isGreaterThan(0);
      assertThat(metric(m, "cairn_rib_routes", "protocol=\"ebgp\"")).isEqualTo(2);
      assertThat(m).contains("jvm_memory_used_bytes");
      String since = settledSince(lab, b, sock);
      assertThat(since).isNotEmpty();

      // a bad file: refused with FILE:LINE:COLUMN, nothing changes
      Path conf = lab.cairnConfig(c);
      String good = Files.readString(conf);
      Files.writeString(conf, good.replace("asn: 65002,", "asn: 65002, colour: blue,"));
      String refused = lab.cairn(c, "reload");
      assertThat(refused).contains(conf + ":").contains("unknown key 'colour'");
      assertThat(lab.cairn(c, "show", "running-config")).doesNotContain("colour");

      // the import policy narrows to the VIP: soft reconfiguration, the session stays up
      Files.writeString(conf, good.replace("import: accept-all", "import: vip-only"));
      assertThat(lab.cairn(c, "reload")).contains("neighbor 192.0.2.2 updated in place");
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log),
          () -> {
            try {
              return metric(scrape(lab, c), "cairn_bgp_prefixes_accepted", accepted) == 1.0;
            } catch (Exception e) {
              return false;
            }
          });
      assertThat(lab.cairn(c, "show", "bgp", "neighbors", "192.0.2.2", "received-routes"))
          .contains("203.0.113.10/32")
          .doesNotContain("198.51.100.0/24");
      m = scrape(lab, c);
      assertThat(metric(m, "cairn_bgp_session_flaps_total", "neighbor=\"192.0.2.2\"")).isEqualTo(0);
      assertThat(metric(m, "cairn_bgp_session_uptime_seconds", "neighbor=\"192.0.2.2\""))
          .isGreaterThan(0);
      assertThat(sinceOf(lab, b, sock)).as("BIRD's session was not reset").isEqualTo(since);
      assertThat(metric(m, "cairn_rib_routes", "protocol=\"ebgp\"")).isEqualTo(1);
    }
  }
}
