package dev.cairn.fib;

import dev.cairn.kernel.RouteMessage;
import dev.cairn.kernel.Rtnl;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/** The route messages the {@link FibWriter} sends: a route onto a group, inline, or a delete. */
final class KernelMessages {
  private KernelMessages() {}

  static RouteMessage route(FibConfig config, IpPrefix p, NhSet to, int groupId) {
    int t = config.table();
    int proto = config.protocol();
    int metric = config.metric();
    if (to.isBlackhole()) {
      return new RouteMessage(
          p,
          t,
          proto,
          Rtnl.RT_SCOPE_UNIVERSE,
          Rtnl.RTN_BLACKHOLE,
          0,
          metric,
          null,
          0,
          0,
          List.of());
    }
    if (groupId != 0) {
      return new RouteMessage(
          p,
          t,
          proto,
          Rtnl.RT_SCOPE_UNIVERSE,
          Rtnl.RTN_UNICAST,
          0,
          metric,
          null,
          0,
          groupId,
          List.of());
    }
    List<NhKey> ms = to.members();
    if (ms.size() == 1) {
      NhKey k = ms.get(0);
      int scope = k.gateway() == null ? Rtnl.RT_SCOPE_LINK : Rtnl.RT_SCOPE_UNIVERSE;
      return new RouteMessage(
          p, t, proto, scope, Rtnl.RTN_UNICAST, 0, metric, k.gateway(), k.ifindex(), 0, List.of());
    }
    List<RouteMessage.Path> paths = new ArrayList<>();
    for (NhKey k : ms) {
      paths.add(new RouteMessage.Path(k.gateway(), k.ifindex(), 1, 0));
    }
    return new RouteMessage(
        p, t, proto, Rtnl.RT_SCOPE_UNIVERSE, Rtnl.RTN_UNICAST, 0, metric, null, 0, 0, paths);
  }

  static RouteMessage delete(FibConfig config, IpPrefix p, int metric) {
    return new RouteMessage(
        p,
        config.table(),
        config.protocol(),
        Rtnl.RT_SCOPE_NOWHERE,
        Rtnl.RTN_UNSPEC,
        0,
        metric,
        null,
        0,
        0,
        List.of());
  }
}
