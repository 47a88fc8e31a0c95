package dev.cairn.ospf;

import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.transport.InMemorySegment;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteSink;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** An in-JVM OSPF topology on one virtual-time loop, for tests. */
final class Lab {
  final VirtualEventLoop loop = new VirtualEventLoop();
  final Map<String, OspfRouter> routers = new HashMap<>();
  final Map<String, Sink> sinks = new HashMap<>();
  final StringBuilder log = new StringBuilder();

  /** Records what a router offers to its RIB. */
  static final class Sink implements RouteSink {
    final Map<IpPrefix, Route> routes = new HashMap<>();

    @Override
    public void offer(Route route) {
      routes.put(route.prefix(), route);
    }

    @Override
    public void withdraw(Protocol protocol, IpPrefix prefix) {
      Route r = routes.get(prefix);
      if (r != null && r.protocol() == protocol) {
        routes.remove(prefix);
      }
    }

    Route get(String prefix) {
      return routes.get(
          Ipv4Prefix.of(Ipv4.parse(prefix.split("/")[0]), Integer.parseInt(prefix.split("/")[1])));
    }
  }

  OspfRouter router(String name, String rid, String... areas) {
    Sink s = new Sink();
    OspfRouter r =
        new OspfRouter(
            loop,
            Ipv4Address.parse(rid),
            s,
            OspfRouter.SpfTimers.DEFAULT,
            1000,
            line -> {
              if (log.length() < 2_000_000) {
                log.append(line).append('\n');
              }
            });
    if (areas.length == 0) {
      r.addArea(Ipv4Address.parse("0.0.0.0"), false, 0);
    }
    routers.put(name, r);
    sinks.put(name, s);
    return r;
  }

  InMemorySegment segment(String cidr) {
    String[] p = cidr.split("/");
    return new InMemorySegment(Ipv4.parse(p[0]), Integer.parseInt(p[1]));
  }

  void attach(OspfRouter r, InMemorySegment seg, String ifName, int host, InterfaceSettings s) {
    r.addInterface(seg.attach(ifName, host, loop), s);
  }

  /** Advances virtual time in 1 s steps until {@code cond} holds, failing after {@code max}. */
  void await(Duration max, BooleanSupplier cond, String what) {
    long steps = max.toSeconds();
    for (long i = 0; i <= steps; i++) {
      if (cond.getAsBoolean()) {
        return;
      }
      loop.advance(Duration.ofSeconds(1));
    }
    StringBuilder dump = new StringBuilder();
    sinks.forEach((n, s) -> dump.append(n).append(": ").append(s.routes.values()).append('\n'));
    throw new AssertionError("timed out waiting for " + what + "\n" + dump + tail());
  }

  void run(Duration d) {
    loop.advance(d);
  }

  String tail() {
    int from = Math.max(0, log.length() - 4000);
    return log.substring(from);
  }
}
