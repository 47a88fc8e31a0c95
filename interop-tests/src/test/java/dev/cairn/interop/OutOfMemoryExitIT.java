package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * An Error ends cairnd, with the documented status, and the kernel keeps its routes: the packaged
 * {@code bin/cairnd} (so {@code packaging/jvm.options}, with {@code -XX:+ExitOnOutOfMemoryError})
 * runs with a heap far too small (JAVA_OPTS) for the table a BIRD neighbor then sends; it must exit
 * with status 3 soon after, not limp on in garbage collection, and the route it had installed
 * before stays in the kernel for the next start to adopt.
 */
@Tag("integration")
class OutOfMemoryExitIT {
  static final String KEPT = "2001:db8:ffff::/48";
  static final int FLOOD = 400_000;

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      bgp:
        asn: 65000
        neighbors:
          - { address: "2001:db8:1::2", asn: 65011, families: [ipv6-unicast], import: accept-all,
              export: reject-all, timers: { connect-retry: 1s } }
      """;

  static String bird() {
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < FLOOD; i++) {
      flood.append(String.format("  route 2001:db8:%x:%x::/64 blackhole;%n", i >>> 16, i & 0xffff));
    }
    return """
        router id 192.0.2.2;
        protocol device {}
        protocol static keeper { ipv6; route 2001:db8:ffff::/48 blackhole; }
        protocol static flood {
          disabled;
          ipv6;
        %s}
        protocol bgp uplink {
          local 2001:db8:1::2 as 65011; neighbor 2001:db8:1::1 as 65000;
          connect retry time 1; error wait time 1, 2;
          ipv6 { import none; export all; };
        }
        """
        .formatted(flood);
  }

  /** The distribution {@code mvn package} left in daemon/target. */
  static Path dist() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("..", "daemon", "target"))) {
      Path d =
          s.filter(p -> p.getFileName().toString().endsWith("-dist"))
              .findFirst()
              .orElseThrow(() -> new IOException("no distribution: run mvn package"));
      try (Stream<Path> inner = Files.list(d)) {
        return inner.findFirst().orElseThrow().toAbsolutePath();
      }
    }
  }

  @Test
  void outOfMemoryExitsWithStatus3AndTheKernelKeepsTheRoutes() throws Exception {
    Tools.require("bird");
    Tools.require("birdc");
    try (Lab lab = new Lab()) {
      String gw = lab.namespace("gw");
      String n1 = lab.namespace("n1");
      lab.link(gw, "192.0.2.1/24,2001:db8:1::1/64", n1, "192.0.2.2/24,2001:db8:1::2/64");
      Path sock = lab.bird(n1, bird());
      Path conf = lab.dir().resolve("gw-cairn.yaml");
      Files.writeString(conf, "control: { socket: " + lab.controlSocket(gw) + " }\n" + CAIRN);
      Path log = lab.dir().resolve("gw-cairnd.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process cairnd =
          lab.spawn(
              gw,
              log,
              "env",
              "JAVA=" + java,
              "JAVA_OPTS=-Xms24m -Xmx64m -Xmn8m -XX:+UseAdaptiveSizePolicy -XX:GCTimeLimit=80 -XX:GCHeapFreeLimit=10",
              dist().resolve("bin/cairnd").toString(),
              "--config",
              conf.toString());
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log) + kernel(lab, gw),
          () -> kernel(lab, gw).contains(KEPT));

      lab.exec(n1, "birdc", "-s", sock.toString(), "enable", "flood");
      boolean ended = cairnd.waitFor(60, TimeUnit.SECONDS);
      assertThat(ended)
          .as(
              "cairnd ends soon after the heap runs out: %s%n%s%n%s",
              Lab.read(log),
              ended ? "" : Lab.run("jstat", "-gcutil", Long.toString(cairnd.pid())),
              lab.execSafe(
                  n1, "birdc", "-s", sock.toString(), "show", "protocols", "all", "uplink"))
          .isTrue();
      assertThat(cairnd.exitValue()).as(Lab.read(log)).isEqualTo(3);
      assertThat(Lab.read(log)).contains("Terminating due to java.lang.OutOfMemoryError");
      assertThat(kernel(lab, gw)).as("still forwarding").contains(KEPT);
    }
  }

  static String kernel(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "-6", "route", "show", "proto", "222");
  }
}
