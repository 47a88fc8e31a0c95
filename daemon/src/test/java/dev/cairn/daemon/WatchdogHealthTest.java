package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.Exit;
import dev.cairn.event.Health;
import dev.cairn.event.ThreadEventLoop;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd watchdog is fed only while every component is alive: a loop killed by an Error stops
 * it, and {@code STATUS=} names the dead loop. Over a real Unix datagram socket, as systemd's.
 */
class WatchdogHealthTest {
  @TempDir Path dir;
  final LinkedBlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
  final Health health = new Health(Clock.systemUTC(), exits::add);

  @Test
  void aDeadLoopStopsTheWatchdogAndStatusNamesIt() throws Exception {
    try (ServiceIT.Receiver r = new ServiceIT.Receiver(dir.resolve("notify"))) {
      SdNotify notify = new SdNotify(r.path.toString());
      ThreadEventLoop rib = new ThreadEventLoop("rib", health);
      ThreadEventLoop fib = new ThreadEventLoop("fib", health);
      AtomicInteger probes = new AtomicInteger();
      Runnable probe =
          () -> {
            java.util.concurrent.CompletableFuture<Integer> f =
                new java.util.concurrent.CompletableFuture<>();
            rib.execute(() -> f.complete(probes.incrementAndGet()));
            f.join();
          };

      assertThat(notify.beat(health, probe)).isTrue();
      assertThat(r.receive(10_000, "WATCHDOG=1")).last().isEqualTo("WATCHDOG=1");

      fib.execute(
          () -> {
            throw new StackOverflowError();
          });
      assertThat(exits.poll(30, TimeUnit.SECONDS)).isEqualTo(Exit.THREAD_ERROR);

      int before = probes.get();
      assertThat(notify.beat(health, probe)).isFalse();
      List<String> got = r.receive(10_000, "STATUS=");
      assertThat(got).noneMatch(m -> m.contains("WATCHDOG=1"));
      assertThat(got.get(got.size() - 1))
          .startsWith("STATUS=dead: fib since ")
          .contains("java.lang.StackOverflowError")
          .doesNotContain("rib");
      assertThat(probes.get())
          .as("a dead component: the loops are not even asked")
          .isEqualTo(before);
      // the next beats send nothing: no WATCHDOG=1, and the same STATUS only once
      assertThat(notify.beat(health, probe)).isFalse();
      rib.close();
    }
  }

  @Test
  void statusNamesEveryDeadComponentAndTheWatchdogComesBackWithThem() {
    List<String> sent = new java.util.ArrayList<>();
    SdNotify notify = new SdNotify(m -> sent.add(m));
    Health.Reporter watch = health.register("route-watch");
    Health.Reporter reader = health.register("ospf-reader/eth0");
    health.register("bgp");
    watch.dead("recvmsg: EBADF");
    reader.dead("recvmsg on eth0: ENETDOWN");
    assertThat(notify.beat(health, () -> {})).isFalse();
    assertThat(notify.beat(health, () -> {})).isFalse();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0))
        .startsWith("STATUS=dead: ospf-reader/eth0 since ")
        .contains("(recvmsg on eth0: ENETDOWN), route-watch since ")
        .contains("(recvmsg: EBADF)");
    watch.close(); // (a component that is stopped on purpose leaves the registry)
    reader.up();
    assertThat(notify.beat(health, () -> {})).isTrue();
    assertThat(sent).endsWith("STATUS=running: every component alive again", "WATCHDOG=1");
  }
}
