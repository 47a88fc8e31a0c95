package dev.cairn.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading cairnd's Prometheus text as the soak runner sees it (HTTP headers first). */
class ProbeTest {
  static final String SCRAPE =
      """
      HTTP/1.1 200 OK\r
      Content-type: text/plain; version=0.0.4; charset=utf-8\r
      \r
      # HELP cairn_bgp_interned_attribute_sets Distinct BGP path attribute sets
      # TYPE cairn_bgp_interned_attribute_sets gauge
      cairn_bgp_interned_attribute_sets 50000.0
      cairn_loop_timers{loop="bgp",state="pending"} 6.0
      cairn_loop_timers{loop="bgp",state="queued"} 9.0
      cairn_loop_timers{loop="fib",state="pending"} 1.0
      cairn_bgp_prefixes_advertised{family="ipv4-unicast",neighbor="198.51.100.2"} 150000.0
      cairn_bgp_prefixes_advertised{family="ipv6-unicast",neighbor="198.51.100.2"} 50000.0
      cairn_bgp_prefixes_advertised{family="ipv4-unicast",neighbor="192.0.2.2"} 0.0
      cairn_rib_routes{protocol="ebgp"} 199000.0
      cairn_rib_routes{protocol="ibgp"} 1000.0
      cairn_rib_routes{protocol="connected"} 4.0
      cairn_kubernetes_connected NaN
      """;

  @Test
  void samplesAreSummedByNameAndLabels() {
    Map<String, Double> m = Probe.parse(SCRAPE);
    assertThat(Probe.sum(m, "cairn_bgp_interned_attribute_sets")).isEqualTo(50_000);
    assertThat(Probe.sum(m, "cairn_loop_timers", "loop=\"bgp\"", "state=\"pending\"")).isEqualTo(6);
    assertThat(Probe.sum(m, "cairn_bgp_prefixes_advertised", "neighbor=\"198.51.100.2\""))
        .isEqualTo(200_000);
    assertThat(Probe.sum(m, "cairn_rib_routes", "bgp\"")).isEqualTo(200_000);
    assertThat(Probe.labelValues(m, "cairn_loop_timers", "loop")).containsExactly("bgp", "fib");
    assertThat(Probe.labelValues(m, "cairn_bgp_prefixes_advertised", "neighbor"))
        .containsExactly("198.51.100.2", "192.0.2.2");
    assertThat(m).doesNotContainKey("cairn_kubernetes_connected");
  }
}
