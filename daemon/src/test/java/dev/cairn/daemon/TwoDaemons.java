package dev.cairn.daemon;

import dev.cairn.config.ConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Two daemons in this JVM, peering over loopback (127.0.0.1 AS 65001 and 127.0.0.2 AS 65002, on one
 * free port): enough BGP to give every {@code show} something to show, with no root.
 */
final class TwoDaemons implements AutoCloseable {
  final Daemon a;
  final Daemon b;
  final Commands ca;
  final Path configA;

  TwoDaemons(Path dir, String importA) throws Exception {
    int port = freePort();
    configA = dir.resolve("a.yaml");
    Files.writeString(configA, configA(port, importA));
    Path configB = dir.resolve("b.yaml");
    Files.writeString(
        configB,
        """
        router-id: 192.0.2.2
        kernel: { enabled: false }
        bgp:
          asn: 65002
          listen: { address: 127.0.0.2, port: %d }
          announce: [198.51.100.0/24, 203.0.113.0/24]
          neighbors:
            - { address: 127.0.0.1, asn: 65001, local-address: 127.0.0.2, import: accept-all,
                export: accept-all, timers: { connect-retry: 1s } }
        """
            .formatted(port));
    b = Daemon.start(configB, ConfigLoader.load(configB));
    a = Daemon.start(configA, ConfigLoader.load(configA));
    ca = Commands.of(a);
  }

  static String configA(int port, String importPolicy) {
    return """
        router-id: 192.0.2.1
        kernel: { enabled: false }
        static:
          - { prefix: 192.0.2.128/25, via: [127.0.0.2] }
        bgp:
          asn: 65001
          listen: { address: 127.0.0.1, port: %d }
          neighbors:
            - { address: 127.0.0.2, asn: 65002, local-address: 127.0.0.1, import: %s,
                export: accept-all, description: the other daemon, timers: { connect-retry: 1s } }
        policies:
          only-documentation-1:
            - match: { prefix: [198.51.100.0/24] }
              action: accept
            - action: reject
        """
        .formatted(port, importPolicy);
  }

  int port() {
    return a.config().bgp().get().listen().port();
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
      return s.getLocalPort();
    }
  }

  static void await(Duration max, Supplier<String> what, BooleanSupplier ok)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + max + ": " + what.get());
      }
      Thread.sleep(50);
    }
  }

  String run(String line) throws Exception {
    return ca.tree().execute(line);
  }

  @Override
  public void close() {
    a.stop();
    b.stop();
    a.bgpLoop.close();
    b.bgpLoop.close();
    a.ribLoop.close();
    b.ribLoop.close();
  }
}
