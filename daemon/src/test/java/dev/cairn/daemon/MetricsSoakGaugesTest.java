package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.AttributeInterner;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.Endpoint;
import dev.cairn.net.IpAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures the soak test reads from /metrics: each routing loop's timer queue (live timers and
 * all queued ones) and the attribute interner's size.
 */
class MetricsSoakGaugesTest {
  @TempDir Path dir;

  static long sample(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    assertThat(m.find()).as(series + " in\n" + scrape).isTrue();
    return Math.round(Double.parseDouble(m.group(1)));
  }

  @Test
  void timerQueuesAndTheInternerAreExported() throws Exception {
    int port = TwoDaemons.freePort();
    Path conf = dir.resolve("a.yaml");
    // no neighbors: no session timers, so the loop's queue holds only the test's own
    Files.writeString(
        conf,
        """
        router-id: 192.0.2.1
        kernel: { enabled: false }
        control: { socket: /run/cairn/unused.sock }
        bgp:
          asn: 65001
          listen: { address: 127.0.0.1, port: %d }
        """
            .formatted(port));
    Daemon d = Daemon.start(conf, ConfigLoader.load(conf));
    Metrics metrics = Metrics.start(d, new Endpoint(IpAddress.parse("127.0.0.1"), 0));
    try {
      // a timer far away, then cancelled: still queued, no longer pending
      var far = d.bgpLoop.schedule(java.time.Duration.ofHours(1), () -> {});
      HttpClient http = HttpClient.newHttpClient();
      URI uri = URI.create("http://127.0.0.1:" + metrics.address().getPort() + "/metrics");
      String s1 =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      long pending = sample(s1, "cairn_loop_timers{loop=\"bgp\",state=\"pending\"}");
      long queued = sample(s1, "cairn_loop_timers{loop=\"bgp\",state=\"queued\"}");
      assertThat(pending).isEqualTo(1);
      assertThat(queued).isEqualTo(1);
      far.cancel();
      String s2 =
          http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(sample(s2, "cairn_loop_timers{loop=\"bgp\",state=\"pending\"}")).isZero();
      assertThat(sample(s2, "cairn_loop_timers{loop=\"bgp\",state=\"queued\"}")).isEqualTo(1);
      sample(s2, "cairn_loop_timers{loop=\"rib\",state=\"queued\"}");
      assertThat(sample(s2, "cairn_bgp_interned_attribute_sets"))
          .isEqualTo(AttributeInterner.GLOBAL.size());
    } finally {
      metrics.close();
      d.stop();
      d.bgpLoop.close();
      d.ribLoop.close();
    }
  }
}
