package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * cairnd follows its interfaces (netlink link monitor): an interface that appears with an address
 * gives a connected route and lets a static route through it resolve, into the kernel; when the
 * interface is deleted the static route leaves the RIB and the kernel (and `show fib` agrees); when
 * it comes back, so does the route.
 */
@Tag("integration")
class InterfaceEventsIT {

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { export: [static] }
      static:
        - { prefix: 203.0.113.0/24, via: [198.51.100.2] }
      """;

  static String kernel(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "route", "show", "203.0.113.0/24");
  }

  static void addLink(Lab lab, String ns) throws Exception {
    lab.exec(ns, "ip", "link", "add", "svc0", "type", "veth", "peer", "name", "svc1");
    lab.exec(ns, "ip", "addr", "add", "198.51.100.1/24", "dev", "svc0");
    lab.exec(ns, "ip", "link", "set", "svc1", "up");
    lab.exec(ns, "ip", "link", "set", "svc0", "up");
  }

  @Test
  void aDeletedInterfaceTakesItsRoutesWithIt() throws Exception {
    Tools.requireRoot();
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      Path log = lab.cairnd(c, CAIRN);
      Lab.await(
          Duration.ofSeconds(30), () -> Lab.read(log), () -> Lab.read(log).contains("control:"));
      // no route to the gateway yet: the static route is inactive
      assertThat(lab.cairn(c, "show", "ip", "route", "203.0.113.0/24"))
          .contains("S i 203.0.113.0/24");

      addLink(lab, c);
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log) + kernel(lab, c),
          () -> kernel(lab, c).contains("via 198.51.100.2 dev svc0"));
      assertThat(lab.cairn(c, "show", "ip", "route", "198.51.100.0/24"))
          .contains("C>* 198.51.100.0/24 [0/0] directly connected, svc0");

      lab.exec(c, "ip", "link", "del", "svc0");
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log) + kernel(lab, c),
          () -> kernel(lab, c).isBlank());
      Lab.await(
          Duration.ofSeconds(10),
          () -> Lab.read(log),
          () -> {
            try {
              return lab.cairn(c, "show", "ip", "route", "203.0.113.0/24").contains("S i");
            } catch (Exception e) {
              return false;
            }
          });
      assertThat(lab.cairn(c, "show", "fib")).contains("The kernel agrees with the RIB.");
      assertThat(Lab.read(log)).contains("interface svc0 deleted");

      addLink(lab, c); // back again
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log) + kernel(lab, c),
          () -> kernel(lab, c).contains("via 198.51.100.2 dev svc0"));
      assertThat(lab.cairn(c, "show", "fib")).contains("The kernel agrees with the RIB.");
    }
  }
}
