package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernel is watched, not trusted: a route of cairn's that someone deletes ({@code ip route
 * del}), whose nexthop object someone deletes ({@code ip nexthop del}, which takes the route with
 * it without a route notification), or that someone replaces with another gateway ({@code ip route
 * replace}) is back as cairn wants it within a few seconds, and {@code show fib} names the repair.
 */
@Tag("integration")
class KernelDriftIT {

  static final String CAIRN =
      """
      router-id: 192.0.2.1
      kernel: { export: [static] }
      static:
        - { prefix: 203.0.113.0/24, via: [198.51.100.2] }
      """;

  static final Duration BACK_WITHIN = Duration.ofSeconds(5);

  static String route(Lab lab, String ns) {
    return lab.execSafe(ns, "ip", "route", "show", "203.0.113.0/24");
  }

  static boolean asCairnWants(String route) {
    return route.contains("via 198.51.100.2 dev svc0") && route.contains("proto 222");
  }

  static int nexthopId(Lab lab, String ns) {
    Matcher m = Pattern.compile("\"nhid\":(\\d+)").matcher(lab.execSafe(ns, "ip", "-j", "route"));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  @Test
  void whatSomethingElseDidToCairnsRouteIsUndone() throws Exception {
    Tools.requireRoot();
    try (Lab lab = new Lab()) {
      String c = lab.namespace("c");
      lab.exec(c, "ip", "link", "add", "svc0", "type", "veth", "peer", "name", "svc1");
      lab.exec(c, "ip", "addr", "add", "198.51.100.1/24", "dev", "svc0");
      lab.exec(c, "ip", "link", "set", "svc1", "up");
      lab.exec(c, "ip", "link", "set", "svc0", "up");
      Path log = lab.cairnd(c, CAIRN);
      Lab.await(
          Duration.ofSeconds(30),
          () -> Lab.read(log) + route(lab, c),
          () -> asCairnWants(route(lab, c)));

      lab.exec(c, "ip", "route", "del", "203.0.113.0/24");
      Lab.await(
          BACK_WITHIN, () -> Lab.read(log) + route(lab, c), () -> asCairnWants(route(lab, c)));
      assertThat(lab.cairn(c, "show", "fib", "json"))
          .contains("\"prefix\":\"203.0.113.0/24\",\"reason\":\"deleted\"");

      int nhid = nexthopId(lab, c);
      assertThat(nhid).isPositive();
      lab.exec(c, "ip", "nexthop", "del", "id", Integer.toString(nhid));
      Lab.await(
          BACK_WITHIN, () -> Lab.read(log) + route(lab, c), () -> asCairnWants(route(lab, c)));
      assertThat(lab.cairn(c, "show", "fib", "json")).contains("\"reason\":\"nexthop-deleted\"");

      lab.exec(
          c, "ip", "route", "replace", "203.0.113.0/24", "via", "198.51.100.3", "metric", "20");
      Lab.await(
          BACK_WITHIN, () -> Lab.read(log) + route(lab, c), () -> asCairnWants(route(lab, c)));
      assertThat(lab.cairn(c, "show", "fib", "json")).contains("\"reason\":\"changed\"");
      assertThat(lab.cairn(c, "show", "fib")).contains("Last repair: 203.0.113.0/24");
    }
  }
}
