package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlSocketTest {
  @TempDir Path dir;

  @Test
  void execCompleteAndHelpOverTheSocket() throws Exception {
    Path sock = dir.resolve("run/cairn.sock");
    try (ControlServer s = ControlServer.start(sock, CommandTreeTest.tree());
        ControlClient c = ControlClient.connect(sock)) {
      assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
      ControlProtocol.Reply ok = c.exec("sh bgp su json");
      assertTrue(ok.ok());
      assertEquals("summary json", ok.text());
      ControlProtocol.Reply bad = c.exec("show nothing");
      assertFalse(bad.ok());
      assertEquals("% Unknown command: 'nothing' after 'show'\n", bad.text());
      assertEquals(List.of("192.0.2.2", "192.0.2.6", "json"), c.complete("show bgp neighbors "));
      assertEquals("summary", c.help("show bgp s").get(0).word());
      assertEquals("One line per neighbor", c.help("show bgp s").get(0).help());
      Main.Result filtered = Main.execute(c, "show bgp summary | include json");
      assertEquals("", filtered.text());
    }
    assertFalse(Files.exists(sock), "the socket file is removed on close");
  }

  @Test
  void aStaleSocketIsReplacedALiveOneRefused() throws Exception {
    Path sock = dir.resolve("cairn.sock");
    try (ControlServer s = ControlServer.start(sock, CommandTreeTest.tree())) {
      IOException e =
          assertThrows(IOException.class, () -> ControlServer.start(sock, CommandTreeTest.tree()));
      assertTrue(e.getMessage().contains("in use"), e.getMessage());
    }
    Files.createFile(sock); // what a crashed daemon leaves
    try (ControlServer s = ControlServer.start(sock, CommandTreeTest.tree());
        ControlClient c = ControlClient.connect(sock)) {
      assertEquals("reloaded", c.exec("reload").text());
    }
  }

  @Test
  void noDaemonIsAClearError() {
    IOException e =
        assertThrows(IOException.class, () -> ControlClient.connect(dir.resolve("none.sock")));
    assertTrue(e.getMessage().contains("is cairnd running?"), e.getMessage());
  }

  // ------------------------------------------------------------------ issue 17

  /** A tree with a query, a long query, a slow query and a command that changes state. */
  static final class Toy {
    final AtomicInteger cleared = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    final CommandTree tree = new CommandTree();

    Toy() {
      CommandTree.Node show = tree.root().keyword("show", "Show");
      show.keyword("thing", "A thing").jsonAction(inv -> "thing\n");
      show.keyword("big", "Many lines")
          .jsonStream(
              (inv, out) -> {
                for (int i = 0; i < 200_000; i++) {
                  out.append("line ").append(Integer.toString(i)).append('\n');
                }
              });
      show.keyword("slow", "Waits")
          .jsonAction(
              inv -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                running.decrementAndGet();
                return "slow\n";
              });
      tree.root()
          .keyword("clear", "Reset")
          .keyword("thing", "The thing")
          .action(inv -> "cleared " + cleared.incrementAndGet() + "\n");
    }
  }

  static ControlServer.Settings settings(
      Path sock, Optional<String> group, Optional<String> admin, int workers, Duration idle)
      throws IOException {
    return new ControlServer.Settings(
        sock, group, ControlAccess.forThisProcess(admin), workers, idle, 64);
  }

  @Test
  void aLongOutputIsStreamedInFrames() throws Exception {
    Path sock = dir.resolve("cairn.sock");
    Toy toy = new Toy();
    try (ControlServer s =
            ControlServer.start(
                settings(sock, Optional.empty(), Optional.empty(), 8, Duration.ofMinutes(5)),
                toy.tree);
        SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      raw.connect(UnixDomainSocketAddress.of(sock));
      InputStream in = new BufferedInputStream(Channels.newInputStream(raw));
      ControlProtocol.writeRequest(
          Channels.newOutputStream(raw), ControlProtocol.Verb.EXEC, "sh big");
      int frames = 0;
      long bytes = 0;
      String header;
      while ((header = line(in)).startsWith("data ")) {
        int n = Integer.parseInt(header.substring(5));
        assertTrue(n <= 4 * ReplyWriter.CHUNK, "a frame of " + n + " bytes");
        bytes += in.readNBytes(n).length;
        frames++;
      }
      assertTrue(header.startsWith("ok "), header); // the end frame carries the last piece
      bytes += in.readNBytes(Integer.parseInt(header.substring(3))).length;
      assertEquals(expectedBigBytes(), bytes);
      assertTrue(frames > 50, frames + " frames");
    }
    // and the client puts the frames back together, as it gets them
    try (ControlServer s =
            ControlServer.start(
                settings(sock, Optional.empty(), Optional.empty(), 8, Duration.ofMinutes(5)),
                toy.tree);
        ControlClient c = ControlClient.connect(sock)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertTrue(Main.stream(c, "show big | include line 19999", out, System.err));
      assertEquals(
          "line 19999\nline 199990\nline 199991\nline 199992\nline 199993\nline 199994\n"
              + "line 199995\nline 199996\nline 199997\nline 199998\nline 199999\n",
          out.toString(StandardCharsets.UTF_8));
      String whole = c.exec("show big").text();
      assertEquals(expectedBigBytes(), whole.length());
      assertTrue(whole.endsWith("line 199999\n"));
    }
  }

  static long expectedBigBytes() {
    long n = 0;
    for (int i = 0; i < 200_000; i++) {
      n += ("line " + i + "\n").length();
    }
    return n;
  }

  static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new EOFException("at " + sb);
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  @Test
  void anIdleConnectionIsClosedAndTheClientReconnects() throws Exception {
    Path sock = dir.resolve("cairn.sock");
    Toy toy = new Toy();
    try (ControlServer s =
            ControlServer.start(
                settings(sock, Optional.empty(), Optional.empty(), 8, Duration.ofMillis(300)),
                toy.tree);
        ControlClient c = ControlClient.connect(sock);
        SocketChannel raw = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      assertEquals("thing\n", c.exec("show thing").text());
      raw.connect(UnixDomainSocketAddress.of(sock));
      // a connection that sends nothing is closed by the daemon (the read sees the end)
      assertTimeoutPreemptively(
          Duration.ofSeconds(10), () -> assertEquals(-1, raw.read(ByteBuffer.allocate(16))));
      // the client's connection was idle as long: its next command goes over a new one
      assertEquals("cleared 1\n", c.exec("clear thing").text());
      assertEquals(1, toy.cleared.get(), "run once, not twice");
    }
  }

  @Test
  void atMostTheConfiguredWorkersRunCommandsAtOnce() throws Exception {
    Path sock = dir.resolve("cairn.sock");
    Toy toy = new Toy();
    int clients = 12;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try (ControlServer s =
        ControlServer.start(
            settings(sock, Optional.empty(), Optional.empty(), 8, Duration.ofMinutes(5)),
            toy.tree)) {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        answers.add(
            pool.submit(
                () -> {
                  try (ControlClient c = ControlClient.connect(sock)) {
                    return c.exec("show slow").text();
                  }
                }));
      }
      long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (toy.running.get() < 8 && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertEquals(8, toy.running.get(), "eight workers busy");
      // meanwhile an idle shell holds no worker, and a new connection is accepted
      try (ControlClient idle = ControlClient.connect(sock)) {
        assertTrue(idle.complete("show t").contains("thing"), "queued behind, not refused");
      } catch (AssertionError | IOException e) {
        throw e;
      } finally {
        toy.release.countDown();
      }
      for (Future<String> f : answers) {
        assertEquals("slow\n", f.get(30, TimeUnit.SECONDS));
      }
      assertEquals(8, toy.mostAtOnce.get(), "never more than eight at once");
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Runs the one-shot {@code cairn} as {@code nobody} (uid 65534) with effective group {@code gid}
   * and supplementary group nogroup (the socket's group, so that it may connect).
   */
  static Process asNobody(Path sock, int gid, String command) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // the client's classes, where nobody may read them (a checkout may be under /root)
    Path classes = sock.resolveSibling("classes");
    if (!Files.exists(classes)) {
      Path from;
      try {
        from = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      } catch (java.net.URISyntaxException e) {
        throw new IOException(e);
      }
      try (var files = Files.walk(from)) {
        for (Path f : files.toList()) {
          Path to = classes.resolve(from.relativize(f).toString());
          if (Files.isDirectory(f)) {
            Files.createDirectories(to);
          } else {
            Files.copy(f, to);
          }
        }
      }
    }
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=" + gid,
                "--groups=65534",
                java,
                "-cp",
                classes.toString(),
                "dev.cairn.cli.Main",
                "--socket",
                sock.toString()));
    cmd.addAll(List.of(command.split(" ")));
    return new ProcessBuilder(cmd).redirectErrorStream(false).start();
  }

  static String run(Process p, StringBuilder err) throws Exception {
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return out;
  }

  @Test
  void anotherUserMayShowButNotClearUnlessInTheAdminGroup() throws Exception {
    assumeTrue(
        ControlAccess.effectiveUid() == 0 && Files.isExecutable(Path.of("/usr/bin/setpriv")),
        "needs root and setpriv to run a second process as nobody");
    // a directory nobody can enter (a JUnit temp dir is the owner's only)
    Path d = Files.createTempDirectory(Path.of("/tmp"), "cairn-control-");
    Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path sock = d.resolve("cairn.sock");
    Toy toy = new Toy();
    try (ControlServer s =
        ControlServer.start(
            settings(sock, Optional.of("nogroup"), Optional.of("adm"), 8, Duration.ofMinutes(5)),
            toy.tree)) {
      assertEquals(
          "nogroup", Files.readAttributes(sock, PosixFileAttributes.class).group().getName());
      StringBuilder err = new StringBuilder();
      Process show = asNobody(sock, 65534, "show thing");
      assertEquals("thing\n", run(show, err), err.toString());
      assertEquals(0, show.exitValue());

      err.setLength(0);
      Process clear = asNobody(sock, 65534, "clear thing");
      assertEquals("", run(clear, err));
      assertEquals(1, clear.exitValue());
      assertEquals(
          "% Permission denied: 'clear thing' changes state and needs root, the daemon's user ("
              + System.getProperty("user.name")
              + ") or membership of group adm\n",
          err.toString());
      assertEquals(0, toy.cleared.get(), "not run");

      // the same user with the admin group as its group may
      err.setLength(0);
      Process admin = asNobody(sock, 4, "clear thing");
      assertEquals("cleared 1\n", run(admin, err), err.toString());
      assertEquals(0, admin.exitValue());
      // and root (this JVM) may
      try (ControlClient c = ControlClient.connect(sock)) {
        assertEquals("cleared 2\n", c.exec("clear thing").text());
      }
    } finally {
      try (var files = Files.walk(d)) {
        for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }
}
