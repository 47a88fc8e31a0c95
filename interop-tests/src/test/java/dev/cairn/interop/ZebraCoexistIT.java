package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * cairnd and FRR's zebra (with staticd) in one namespace and one table: each keeps its own routes
 * and neither deletes the other's, also after cairnd is killed and restarted (its reconcile touches
 * only protocol 222), and cairn's route watch does not take zebra's routes for changes to repair.
 * (On a prefix both route, zebra prefers the other daemon's kernel route, distance 0, and withdraws
 * its own: zebra's choice, so not tested here; {@code kernel.metric} keeps the kernel from
 * replacing one daemon's route with the other's.)
 */
@Tag("integration")
class ZebraCoexistIT {

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { export: [static], metric: 30, reconcile-after: 3s }
      static:
        - { prefix: 203.0.113.0/24, via: [198.51.100.2] }
        - { prefix: 203.0.113.128/25, via: [198.51.100.2] }
      """;

  static final String STATICD =
      """
      hostname z
      ip route 192.0.2.128/25 198.51.100.3
      ip route 198.51.100.128/25 198.51.100.3
      """;

  static String routes(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "route", "show");
  }

  static boolean both(String r) {
    return line(r, "203.0.113.0/24", "proto 222 metric 30")
        && line(r, "203.0.113.128/25", "proto 222 metric 30")
        && line(r, "198.51.100.128/25", "via 198.51.100.3", "metric 20")
        && line(r, "192.0.2.128/25", "via 198.51.100.3", "metric 20");
  }

  /** True when a line of {@code ip route show} starts with {@code prefix} and has every part. */
  static boolean line(String routes, String prefix, String... parts) {
    for (String l : routes.split("\n")) {
      if (l.startsWith(prefix + " ") && java.util.Arrays.stream(parts).allMatch(l::contains)) {
        return true;
      }
    }
    return false;
  }

  Path zebra(Lab lab, String ns) throws Exception {
    Path d = lab.dir().resolve(ns + "-frr");
    Files.createDirectories(d);
    Files.writeString(d.resolve("zebra.conf"), "hostname z\n");
    Files.writeString(d.resolve("staticd.conf"), STATICD);
    Lab.run("chown", "-R", "frr:frr", d.toString());
    Lab.run("chmod", "755", lab.dir().toString());
    for (String daemon : List.of("zebra", "staticd")) {
      lab.spawn(
          ns,
          d.resolve(daemon + ".log"),
          "/usr/lib/frr/" + daemon,
          "-f",
          d.resolve(daemon + ".conf").toString(),
          "-i",
          d.resolve(daemon + ".pid").toString(),
          "-z",
          d.resolve("zserv.api").toString(),
          "--vty_socket",
          d.toString(),
          "-u",
          "frr",
          "-g",
          "frr");
      if (daemon.equals("zebra")) {
        Lab.await(
            Duration.ofSeconds(20), () -> "zebra", () -> Files.exists(d.resolve("zserv.api")));
      }
    }
    return d;
  }

  @Test
  void cairnAndZebraKeepTheirOwnRoutes() throws Exception {
    Tools.requireRoot();
    Tools.require("/usr/lib/frr/zebra");
    Tools.require("/usr/lib/frr/staticd");
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      lab.exec(c, "ip", "link", "add", "svc0", "type", "veth", "peer", "name", "svc1");
      lab.exec(c, "ip", "addr", "add", "198.51.100.1/24", "dev", "svc0");
      lab.exec(c, "ip", "link", "set", "svc1", "up");
      lab.exec(c, "ip", "link", "set", "svc0", "up");
      Path d = zebra(lab, c);
      Path log = lab.cairnd(c, CAIRN);
      Process first = KernelRestartIT.last(lab);
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log) + routes(lab, c) + Lab.read(d.resolve("zebra.log")),
          () -> both(routes(lab, c)) && Lab.read(log).contains("kernel: reconciled"));

      Lab.signal(first, "KILL");
      first.waitFor();
      Path log2 = lab.cairnd(c, CAIRN);
      Lab.await(
          Duration.ofSeconds(60),
          () -> Lab.read(log2) + routes(lab, c),
          () -> Lab.read(log2).contains("kernel: reconciled"));
      String after = routes(lab, c);
      assertThat(both(after)).as(after).isTrue();
      assertThat(Lab.read(log2)).doesNotContain("repairing");
      assertThat(lab.cairn(c, "show", "fib")).contains("The kernel agrees with the RIB.");
    }
  }
}
