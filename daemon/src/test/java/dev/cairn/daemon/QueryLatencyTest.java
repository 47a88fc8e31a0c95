package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.cli.ControlAccess;
import dev.cairn.cli.ControlClient;
import dev.cairn.cli.ControlProtocol;
import dev.cairn.cli.ControlServer;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.Endpoint;
import dev.cairn.event.LoopStats;
import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Prefix;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query never holds a routing loop (issue 17): two daemons in this JVM over loopback with a 3 s
 * hold time, one announcing {@value #ROUTES} routes to the other, whose {@code show bgp ipv4 json},
 * {@code received-routes} and {@code show ip route json} run over its control socket again and
 * again. The session must stay up, every query must be walked in many short loop tasks, and the
 * longest task of the BGP and RIB loops ({@code cairn_loop_task_seconds_max}) must stay far below
 * the hold time.
 */
class QueryLatencyTest {
  static final int ROUTES = 200_000;
  static final int ROUNDS = 3;

  @TempDir Path dir;

  static String config(String rid, long asn, String me, String peer, long peerAs, int port) {
    return """
        router-id: %s
        kernel: { enabled: false }
        control: { socket: /run/cairn/unused.sock }
        bgp:
          asn: %d
          listen: { address: %s, port: %d }
          neighbors:
            - { address: %s, asn: %d, local-address: %s, import: accept-all, export: accept-all,
                timers: { hold: 3s, keepalive: 1s, connect-retry: 1s } }
        """
        .formatted(rid, asn, me, port, peer, peerAs, me);
  }

  /** The i-th test prefix: consecutive /24s from 32.0.0.0 (routes in this JVM only). */
  static Ipv4Prefix prefix(int i) {
    return new Ipv4Prefix((32 << 24) + (i << 8), 24);
  }

  static BgpSpeaker.NeighborDetail neighbor(Daemon d) {
    return d.onBgp(d.speaker::neighbors).get(0);
  }

  /** Counts the bytes of a reply, keeping the first {@code keep} of them. */
  static final class Counting extends OutputStream {
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    final long keep;
    long bytes;

    Counting(long keep) {
      this.keep = keep;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (bytes < keep) {
        head.write(b, off, (int) Math.min(len, keep - bytes));
      }
      bytes += len;
    }
  }

  @SuppressWarnings("unchecked")
  @Test
  void queriesOfABigTableNeverHoldTheLoopsNorDropTheSession() throws Exception {
    int port = TwoDaemons.freePort();
    Path ca = dir.resolve("a.yaml");
    Path cb = dir.resolve("b.yaml");
    Files.writeString(ca, config("192.0.2.1", 65001, "127.0.0.1", "127.0.0.2", 65002, port));
    Files.writeString(cb, config("192.0.2.2", 65002, "127.0.0.2", "127.0.0.1", 65001, port));
    Daemon b = Daemon.start(cb, ConfigLoader.load(cb));
    Daemon a = Daemon.start(ca, ConfigLoader.load(ca));
    Path sock = dir.resolve("a.sock");
    ControlServer control =
        ControlServer.start(
            ControlServer.Settings.of(
                sock, Optional.empty(), ControlAccess.forThisProcess(Optional.empty())),
            Commands.of(a).tree());
    Metrics metrics = Metrics.start(a, new Endpoint(IpAddress.parse("127.0.0.1"), 0));
    try {
      // the longest task of each loop, as the metric reports it, watched all along: while the
      // routes come in, then while the queries run
      LoopStats bgp = a.bgpLoop.stats();
      LoopStats rib = a.ribLoop.stats();
      AtomicLong phaseStart = new AtomicLong(System.nanoTime());
      AtomicLong[] max = {new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong()};
      AtomicBoolean querying = new AtomicBoolean();
      AtomicBoolean done = new AtomicBoolean();
      Thread watch =
          new Thread(
              () -> {
                while (!done.get()) {
                  long now = System.nanoTime();
                  long since = Math.max(phaseStart.get(), now - 60_000_000_000L);
                  int k = querying.get() ? 2 : 0;
                  max[k].accumulateAndGet(bgp.maxNanos(since, now), Math::max);
                  max[k + 1].accumulateAndGet(rib.maxNanos(since, now), Math::max);
                  try {
                    Thread.sleep(20);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "watch");
      watch.setDaemon(true);
      watch.start();
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> neighbor(a).toString(),
          () -> neighbor(a).state() == SessionState.ESTABLISHED);
      for (int from = 0; from < ROUTES; from += 5000) {
        int start = from;
        b.bgpLoop.execute(
            () -> {
              for (int i = start; i < Math.min(ROUTES, start + 5000); i++) {
                b.speaker.announce(prefix(i));
              }
            });
      }
      TwoDaemons.await(
          Duration.ofSeconds(120),
          () -> neighbor(a).prefixesAccepted() + " accepted",
          () -> neighbor(a).prefixesAccepted() == ROUTES);
      TwoDaemons.await(
          Duration.ofSeconds(120),
          () -> "RIB " + a.onRib(() -> a.rib.prefixes(Afi.IPV4).size()),
          () -> a.onRib(() -> a.rib.prefixes(Afi.IPV4).size()) >= ROUTES);
      int flapsA = neighbor(a).flaps();
      int flapsB = neighbor(b).flaps();
      // the queries' phase starts with a new second of the loops' statistics
      long fed = System.nanoTime();
      TwoDaemons.await(
          Duration.ofSeconds(5),
          () -> "a new second",
          () -> LoopStats.second(System.nanoTime()) > LoopStats.second(fed));
      phaseStart.set(System.nanoTime());
      querying.set(true);

      try (ControlClient c = ControlClient.connect(sock)) {
        for (int round = 0; round < ROUNDS; round++) {
          long tasks = bgp.count();
          Counting out = new Counting(round == 0 ? Long.MAX_VALUE : 0);
          ControlProtocol.Reply end = c.exec("show bgp ipv4 json", out);
          assertTrue(end.ok(), end.text());
          out.write(end.text().getBytes(StandardCharsets.UTF_8)); // (the last piece)
          long slices = bgp.count() - tasks;
          assertTrue(
              slices >= ROUTES / SlicedWalk.SLICE,
              "the table was walked in " + slices + " BGP loop tasks, not in slices");
          if (round == 0) {
            Map<String, Object> t =
                (Map<String, Object>) Json.parse(out.head.toString(StandardCharsets.UTF_8));
            List<Map<String, Object>> routes = (List<Map<String, Object>>) t.get("routes");
            assertEquals(ROUTES, routes.size());
            assertEquals("32.0.0.0/24", routes.get(0).get("prefix"));
            assertEquals(prefix(ROUTES - 1).toString(), routes.get(ROUTES - 1).get("prefix"));
          }

          long ribTasks = rib.count();
          Counting r = new Counting(0);
          assertTrue(c.exec("show ip route json", r).ok());
          assertTrue(r.bytes > ROUTES * 100L, r.bytes + " bytes");
          assertTrue(rib.count() - ribTasks >= ROUTES / SlicedWalk.SLICE, "RIB walked in slices");

          Counting rx = new Counting(0);
          assertTrue(c.exec("show bgp neighbors 127.0.0.2 received-routes", rx).ok());
          assertTrue(rx.bytes > ROUTES * 50L, rx.bytes + " bytes");
        }
      } finally {
        done.set(true);
        watch.join();
      }

      // the metric (read from the registry: a scrape would also read the meters that other tests
      // of this JVM left behind)
      io.micrometer.core.instrument.Gauge gauge =
          Metrics.REGISTRY.find("cairn.loop.task.seconds.max").tag("loop", "bgp").gauge();
      assertTrue(gauge != null && gauge.value() > 0, "max " + gauge);
      assertEquals(
          "cairn_loop_task_seconds_max",
          Metrics.REGISTRY
              .config()
              .namingConvention()
              .name("cairn.loop.task.seconds.max", io.micrometer.core.instrument.Meter.Type.GAUGE));
      io.micrometer.core.instrument.FunctionTimer timer =
          Metrics.REGISTRY.find("cairn.loop.task").tag("loop", "rib").functionTimer();
      assertTrue(timer != null && timer.count() >= rib.count() - 1000, "timer " + timer);

      System.out.printf(
          "QueryLatencyTest: %d routes; longest task while they came in: BGP loop %.1f ms, RIB"
              + " loop %.1f ms; while the queries ran: BGP loop %.1f ms, RIB loop %.1f ms%n",
          ROUTES, max[0].get() / 1e6, max[1].get() / 1e6, max[2].get() / 1e6, max[3].get() / 1e6);
      assertTrue(max[2].get() < 1_000_000_000L, "BGP loop task of " + max[2].get() / 1e6 + " ms");
      assertTrue(max[3].get() < 1_000_000_000L, "RIB loop task of " + max[3].get() / 1e6 + " ms");
      assertEquals(SessionState.ESTABLISHED, neighbor(a).state());
      assertEquals(flapsA, neighbor(a).flaps(), "the session never dropped");
      assertEquals(flapsB, neighbor(b).flaps(), "the session never dropped");
    } finally {
      metrics.close();
      control.close();
      a.stop();
      b.stop();
      a.bgpLoop.close();
      b.bgpLoop.close();
      a.ribLoop.close();
      b.ribLoop.close();
    }
  }
}
