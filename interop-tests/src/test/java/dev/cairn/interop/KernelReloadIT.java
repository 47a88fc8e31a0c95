package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernel section reloads without a restart: a protocol taken out of {@code kernel.export} takes
 * its routes out of the kernel and putting it back puts them back; a new {@code kernel.table} moves
 * cairn's routes from one table to the other.
 */
@Tag("integration")
class KernelReloadIT {

  static String cairn(Lab lab, String ns, String kernel) {
    return """
        control: { socket: %s }
        router-id: 192.0.2.1
        kernel: { %s }
        static:
          - { prefix: 203.0.113.0/24, via: [198.51.100.2] }
        """
        .formatted(lab.controlSocket(ns), kernel);
  }

  static String route(Lab lab, String ns, String table) {
    return lab.execSafe(ns, "ip", "route", "show", "table", table, "203.0.113.0/24");
  }

  static boolean installed(String route) {
    return route.contains("via 198.51.100.2 dev svc0") && route.contains("proto 222");
  }

  static final Duration WITHIN = Duration.ofSeconds(30);

  @Test
  void exportAndTableChangeWithoutARestart() throws Exception {
    Tools.requireRoot();
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      lab.exec(c, "ip", "link", "add", "svc0", "type", "veth", "peer", "name", "svc1");
      lab.exec(c, "ip", "addr", "add", "198.51.100.1/24", "dev", "svc0");
      lab.exec(c, "ip", "link", "set", "svc1", "up");
      lab.exec(c, "ip", "link", "set", "svc0", "up");
      Path log = lab.cairnd(c, cairn(lab, c, "export: [static]"));
      Lab.await(
          WITHIN,
          () -> Lab.read(log) + route(lab, c, "main"),
          () -> installed(route(lab, c, "main")));

      // static leaves the export list: its route leaves the kernel
      Files.writeString(lab.cairnConfig(c), cairn(lab, c, "export: [bgp]"));
      assertThat(lab.cairn(c, "reload"))
          .contains("kernel: soft")
          .contains("kernel export [bgp] (was [static])");
      Lab.await(
          WITHIN,
          () -> Lab.read(log) + route(lab, c, "main"),
          () -> route(lab, c, "main").isBlank());
      assertThat(lab.cairn(c, "show", "ip", "route")).contains("203.0.113.0/24");

      // and comes back: the route is back in the kernel
      Files.writeString(lab.cairnConfig(c), cairn(lab, c, "export: [static, bgp]"));
      assertThat(lab.cairn(c, "reload")).contains("kernel export [bgp, static] (was [bgp])");
      Lab.await(
          WITHIN,
          () -> Lab.read(log) + route(lab, c, "main"),
          () -> installed(route(lab, c, "main")));

      // another table: the route moves there
      Files.writeString(lab.cairnConfig(c), cairn(lab, c, "export: [static, bgp], table: 100"));
      assertThat(lab.cairn(c, "reload"))
          .contains("kernel routes moved from table 254 metric 20 to table 100 metric 20");
      Lab.await(
          WITHIN,
          () -> Lab.read(log) + route(lab, c, "main") + route(lab, c, "100"),
          () -> installed(route(lab, c, "100")) && route(lab, c, "main").isBlank());
      assertThat(lab.cairn(c, "show", "running-config")).contains("table: 100");
      assertThat(lab.cairn(c, "show", "fib")).contains("203.0.113.0/24");
    }
  }
}
