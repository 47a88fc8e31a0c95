package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.ConfigLoader;
import dev.cairn.config.Endpoint;
import dev.cairn.net.IpAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures the soak test reads from /metrics: each routing loop's timer queue (live timers and
 * all queued ones) and the attribute interner's size.
 */
class MetricsSoakGaugesTest {
  @TempDir Path dir;

  static long gauge(String name, String loop, String state) {
    return Math.round(
        Metrics.REGISTRY.get(name).tag("loop", loop).tag("state", state).gauge().value());
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
      // a timer far away, then cancelled: still queued, no longer pending (read from the registry
      // the scrape renders: a scrape in this JVM also renders meters of daemons that other tests
      // started and stopped)
      var far = d.bgpLoop.schedule(java.time.Duration.ofHours(1), () -> {});
      assertThat(gauge("cairn.loop.timers", "bgp", "pending")).isEqualTo(1);
      assertThat(gauge("cairn.loop.timers", "bgp", "queued")).isEqualTo(1);
      far.cancel();
      assertThat(gauge("cairn.loop.timers", "bgp", "pending")).isZero();
      assertThat(gauge("cairn.loop.timers", "bgp", "queued")).isEqualTo(1);
      assertThat(gauge("cairn.loop.timers", "rib", "queued")).isNotNegative();
      metrics.refresh(); // what a scrape does first: read the routing state on its loops
      double interned = Metrics.REGISTRY.get("cairn.bgp.interned.attribute.sets").gauge().value();
      assertThat(interned).isNotNaN();
      assertThat(Math.round(interned))
          .isEqualTo(d.onBgp(d.speaker::internedAttributeSets).longValue());
    } finally {
      metrics.close();
      d.stop();
      d.bgpLoop.close();
      d.ribLoop.close();
    }
  }
}
