package dev.cairn.daemon;

import dev.cairn.fib.WriterError;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.InterfaceInfo;
import dev.cairn.ospf.InterfaceState;
import dev.cairn.ospf.NeighborInfo;
import dev.cairn.ospf.NeighborState;
import dev.cairn.ospf.spf.Hop;
import dev.cairn.ospf.spf.OspfRoute;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the OSPF instance and the FIB writer report, made up (no raw sockets, no netlink here): the
 * input of the view and rendering tests of the commands that a test in this JVM cannot run live.
 */
final class Samples {
  private Samples() {}

  static Ipv4Address a(String s) {
    return Ipv4Address.parse(s);
  }

  static List<NeighborInfo> ospfNeighbors() {
    return List.of(
        new NeighborInfo(
            "eth0",
            a("192.0.2.2"),
            a("192.0.2.2"),
            1,
            NeighborState.FULL,
            a("192.0.2.1"),
            a("192.0.2.2"),
            0,
            0),
        new NeighborInfo(
            "eth1", a("192.0.2.9"), a("198.51.100.9"), 0, NeighborState.TWO_WAY, null, null, 3, 2));
  }

  static List<InterfaceInfo> ospfInterfaces() {
    return List.of(
        new InterfaceInfo(
            "eth0",
            a("0.0.0.0"),
            a("192.0.2.1"),
            24,
            InterfaceState.DR,
            a("192.0.2.1"),
            a("192.0.2.2"),
            10,
            false,
            1,
            1,
            0),
        new InterfaceInfo(
            "lo",
            a("0.0.0.1"),
            a("203.0.113.1"),
            32,
            InterfaceState.WAITING,
            null,
            null,
            1,
            true,
            0,
            0,
            7));
  }

  static List<LsaHeader> lsas(int n) {
    return List.of(
        new LsaHeader(12, 2, 1, a("192.0.2.1").hashCode(), 0xc0000201, 0x80000001 + n, 0, 48),
        new LsaHeader(3600, 2, 2, 0xc0000202, 0xc0000202, 0x80000010, 0, 32));
  }

  static List<OspfRoute> ospfRoutes() {
    TreeSet<Hop> two =
        new TreeSet<>(List.of(new Hop("eth0", 0xc0000202), new Hop("eth1", 0xc0000203)));
    return List.of(
        new OspfRoute(
            (Ipv4Prefix) IpPrefix.parse("198.51.100.0/24"), Protocol.OSPF_INTRA_AREA, 20, 0, two),
        new OspfRoute(
            (Ipv4Prefix) IpPrefix.parse("203.0.113.0/24"),
            Protocol.OSPF_EXTERNAL_2,
            30,
            20,
            new TreeSet<>(List.of(new Hop("eth0", 0xc0000202)))));
  }

  static KernelSync.FibView fib(boolean clean) {
    IpPrefix p1 = IpPrefix.parse("198.51.100.0/24");
    IpPrefix p2 = IpPrefix.parse("203.0.113.0/24");
    IpPrefix p3 = IpPrefix.parse("192.0.2.128/25");
    IpPrefix stray = IpPrefix.parse("192.0.2.64/26");
    IpPrefix old = IpPrefix.parse("192.0.2.32/27");
    List<Route> desired =
        List.of(
            Route.of(
                p1,
                Protocol.EBGP,
                List.of(
                    NextHop.via(IpAddress.parse("192.0.2.2")),
                    NextHop.via(IpAddress.parse("192.0.2.3"))),
                0),
            Route.of(
                p2,
                Protocol.OSPF_EXTERNAL_2,
                List.of(new NextHop(IpAddress.parse("192.0.2.2"), "eth0")),
                20),
            Route.of(p3, Protocol.STATIC, List.of(), 0));
    if (clean) {
      return new KernelSync.FibView(
          254, 186, true, desired, new TreeSet<>(Set.of(p1, p2, p3)), Map.of(), Set.of(), null);
    }
    Map<IpPrefix, WriterError> failing = new LinkedHashMap<>();
    failing.put(p2, new WriterError(p2, 22, "Invalid argument", 3));
    return new KernelSync.FibView(
        100,
        186,
        false,
        desired,
        new TreeSet<>(Set.of(p1, stray, old)),
        failing,
        Set.of(old),
        new KernelSync.LastRepair(
            Instant.parse("2026-12-08T00:00:00Z"), p1, "route deleted by someone else"));
  }
}
