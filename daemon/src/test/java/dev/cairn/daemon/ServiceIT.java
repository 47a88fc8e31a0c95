package dev.cairn.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service as systemd runs it: the packaged distribution, its unit file (checked by {@code
 * systemd-analyze verify}), and the notifications cairnd sends on a {@code NOTIFY_SOCKET} of the
 * test's own: READY, WATCHDOG, RELOADING and READY again on SIGHUP, STOPPING on SIGTERM.
 */
@Tag("integration")
class ServiceIT {
  @TempDir Path dir;

  static Path dist() throws IOException {
    Path target = Path.of("target");
    try (Stream<Path> s = Files.list(target)) {
      Path d =
          s.filter(p -> p.getFileName().toString().endsWith("-dist"))
              .findFirst()
              .orElseThrow(() -> new IOException("no distribution: run mvn package"));
      try (Stream<Path> inner = Files.list(d)) {
        return inner.findFirst().orElseThrow();
      }
    }
  }

  /** A Unix datagram socket bound to a path, read without blocking (the JDK has none). */
  static final class Receiver implements AutoCloseable {
    final int fd;
    final Path path;

    Receiver(Path path) {
      this.path = path;
      dev.cairn.kernel.LibC c = SdNotify.libc();
      fd = c.socket(SdNotify.AF_UNIX, SdNotify.SOCK_DGRAM, 0);
      byte[] sa = SdNotify.address(path.toString());
      ByteBuffer a = ByteBuffer.allocateDirect(sa.length);
      a.put(sa).flip();
      if (fd < 0 || c.bind(fd, a, sa.length) != 0) {
        throw new IllegalStateException("cannot bind " + path);
      }
    }

    /** Every datagram received within {@code millis}, until one contains {@code until}. */
    List<String> receive(long millis, String until) throws InterruptedException {
      List<String> got = new ArrayList<>();
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      ByteBuffer b = ByteBuffer.allocateDirect(4096);
      while (System.nanoTime() < end) {
        b.clear();
        long n = SdNotify.libc().recv(fd, b, b.capacity(), 0x40 /* MSG_DONTWAIT */);
        if (n > 0) {
          byte[] bytes = new byte[(int) n];
          b.get(bytes);
          String msg = new String(bytes, StandardCharsets.UTF_8);
          got.add(msg);
          if (msg.contains(until)) {
            return got;
          }
        } else {
          Thread.sleep(20);
        }
      }
      throw new AssertionError("no " + until + " within " + millis + " ms; got " + got);
    }

    @Override
    public void close() {
      SdNotify.libc().close(fd);
    }
  }

  @Test
  void notifiesReadyWatchdogReloadingAndStopping() throws Exception {
    Path conf = dir.resolve("cairn.yaml");
    Files.writeString(
        conf,
        """
        router-id: 192.0.2.1
        control: { socket: %s }
        metrics: { listen: "127.0.0.1:0" }
        kernel: { enabled: false }
        bgp:
          asn: 65001
          listen: { address: 127.0.0.1, port: %d }
          neighbors:
            - { address: 127.0.0.2, asn: 65002, passive: true }
        """
            .formatted(dir.resolve("cairn.sock"), TwoDaemons.freePort()));
    try (Receiver r = new Receiver(dir.resolve("notify"))) {
      ProcessBuilder pb =
          new ProcessBuilder(dist().resolve("bin/cairnd").toString(), "--config", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("cairnd.log").toFile());
      pb.environment().put("NOTIFY_SOCKET", r.path.toString());
      pb.environment().put("WATCHDOG_USEC", "400000");
      pb.environment()
          .put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
      Process p = pb.start();
      try {
        List<String> start = r.receive(30_000, "READY=1");
        String ready = start.get(start.size() - 1);
        assertTrue(ready.contains("MAINPID=" + p.pid()), "bin/cairnd execs java: " + ready);
        assertTrue(ready.contains("STATUS=running: 0 of 1 BGP neighbors established"), ready);
        assertTrue(
            Files.exists(dir.resolve("cairn.sock")), "the control socket is bound before READY");
        r.receive(5_000, "WATCHDOG=1");
        r.receive(5_000, "WATCHDOG=1");

        new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
        List<String> reload = r.receive(10_000, "READY=1");
        assertTrue(
            reload.stream().anyMatch(m -> m.startsWith("RELOADING=1\nMONOTONIC_USEC=")),
            reload.toString());

        p.destroy(); // SIGTERM
        r.receive(10_000, "STOPPING=1");
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "cairnd exits after SIGTERM");
      } finally {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void systemdAcceptsTheUnitFile() throws Exception {
    File analyze = new File("/usr/bin/systemd-analyze");
    if (!analyze.canExecute()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("systemd-analyze is missing (apt-get install systemd)");
      }
      Assumptions.assumeTrue(false, "systemd-analyze is not installed");
    }
    Path dist = dist();
    String unit = Files.readString(dist.resolve("packaging/cairnd.service"));
    assertTrue(unit.contains("Type=notify"));
    assertTrue(unit.contains("AmbientCapabilities=CAP_NET_ADMIN CAP_NET_RAW CAP_NET_BIND_SERVICE"));
    assertTrue(unit.contains("ExecReload=/bin/kill -HUP $MAINPID"));
    // restarted after an Error (70), out of memory (3), a kernel failure (71); not after a
    // configuration error (78), which an ExecStartPre would turn into a restart loop
    assertTrue(unit.contains("\nRestart=on-failure\n"));
    assertTrue(unit.contains("\nRestartPreventExitStatus=" + ExitStatus.CONFIG + "\n"));
    assertTrue(!unit.contains("ExecStartPre="), unit);
    String jvm = Files.readString(dist.resolve("packaging/jvm.options"));
    assertTrue(jvm.contains("\n-XX:+ExitOnOutOfMemoryError\n"), jvm);
    assertTrue(jvm.contains("\n-XX:MaxRAMPercentage=50\n"), jvm);
    // the unit names /opt/cairn; verify it against where the distribution is now
    Path copy = dir.resolve("cairnd.service");
    Files.writeString(copy, unit.replace("/opt/cairn", dist.toAbsolutePath().toString()));
    Process v =
        new ProcessBuilder(analyze.toString(), "verify", copy.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(v.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, v.exitValue(), out);
    assertTrue(out.lines().noneMatch(l -> l.contains("cairnd.service")), "no complaint: " + out);
  }
}
