package dev.cairn.daemon;

import dev.cairn.event.EventLoop;
import dev.cairn.kernel.InterfaceEvents;
import dev.cairn.kernel.LinkMonitor;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Connected routes from the kernel's interfaces, kept current by the netlink {@link LinkMonitor}:
 * an address on a usable (up, with carrier) interface gives a route to its network out of that
 * interface; when the address goes, or the interface goes down or away, so does the route, and
 * routes that resolved through it are resolved again by the RIB. The state lives on the RIB's loop;
 * the monitor's thread only posts.
 */
final class Connected implements InterfaceEvents.Listener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Connected.class.getName());

  private final Rib rib;
  private final EventLoop loop;
  private final Consumer<InterfaceEvents.Link> removed;
  private final Map<Integer, InterfaceEvents.Link> links = new HashMap<>();
  private final Map<Integer, List<InterfaceEvents.Address>> addresses = new HashMap<>();
  private final Map<IpPrefix, List<NextHop>> offered = new HashMap<>();
  private LinkMonitor monitor;

  private Connected(Rib rib, Consumer<InterfaceEvents.Link> removed) {
    this.rib = rib;
    this.loop = rib.loop();
    this.removed = removed;
  }

  /**
   * Starts following the interfaces; {@code removed} hears of each deleted interface (the FIB
   * re-reads the kernel then). Returns null when netlink is not available here.
   */
  static Connected start(Rib rib, Consumer<InterfaceEvents.Link> removed) {
    Connected c = new Connected(rib, removed);
    try {
      c.monitor = LinkMonitor.start(null, c);
      return c;
    } catch (RuntimeException e) {
      LOG.warning("interfaces: no netlink link monitor (" + e.getMessage() + ")");
      return null;
    }
  }

  @Override
  public void linkChanged(InterfaceEvents.Link l) {
    loop.execute(
        () -> {
          InterfaceEvents.Link before = links.put(l.index(), l);
          if (before == null || before.usable() != l.usable()) {
            LOG.info(
                "interface "
                    + l.name()
                    + " "
                    + (l.usable() ? "up" : l.up() ? "no carrier" : "down"));
          }
          refresh();
        });
  }

  @Override
  public void linkRemoved(InterfaceEvents.Link l) {
    loop.execute(
        () -> {
          links.remove(l.index());
          addresses.remove(l.index());
          LOG.info("interface " + l.name() + " deleted");
          refresh();
          removed.accept(l);
        });
  }

  @Override
  public void addressAdded(InterfaceEvents.Address a) {
    loop.execute(
        () -> {
          addresses.computeIfAbsent(a.index(), k -> new ArrayList<>()).add(a);
          refresh();
        });
  }

  @Override
  public void addressRemoved(InterfaceEvents.Address a) {
    loop.execute(
        () -> {
          List<InterfaceEvents.Address> l = addresses.get(a.index());
          if (l != null) {
            l.remove(a);
          }
          refresh();
        });
  }

  /** Offers what the interfaces give now and withdraws what they no longer give. */
  private void refresh() {
    Map<IpPrefix, List<NextHop>> now = new TreeMap<>();
    for (Map.Entry<Integer, List<InterfaceEvents.Address>> e : addresses.entrySet()) {
      InterfaceEvents.Link l = links.get(e.getKey());
      if (l == null || !l.usable()) {
        continue;
      }
      for (InterfaceEvents.Address a : e.getValue()) {
        if (!a.linkLocal()) {
          List<NextHop> hops = now.computeIfAbsent(a.network(), k -> new ArrayList<>());
          NextHop h = new NextHop(null, l.name());
          if (!hops.contains(h)) {
            hops.add(h);
          }
        }
      }
    }
    for (IpPrefix p : List.copyOf(offered.keySet())) {
      if (!now.containsKey(p)) {
        offered.remove(p);
        rib.withdraw(Protocol.CONNECTED, p);
      }
    }
    for (Map.Entry<IpPrefix, List<NextHop>> e : now.entrySet()) {
      List<NextHop> hops = List.copyOf(e.getValue());
      if (!hops.equals(offered.get(e.getKey()))) {
        offered.put(e.getKey(), hops);
        rib.offer(new Route(e.getKey(), Protocol.CONNECTED, hops, 0));
      }
    }
  }

  @Override
  public void close() {
    if (monitor != null) {
      monitor.close();
    }
  }
}
