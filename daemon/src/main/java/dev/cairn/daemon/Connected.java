package dev.cairn.daemon;

import dev.cairn.event.EventLoop;
import dev.cairn.kernel.Address;
import dev.cairn.kernel.InterfaceListener;
import dev.cairn.kernel.Link;
import dev.cairn.kernel.LinkMonitor;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv6Address;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Connected routes from the kernel's interfaces, kept current by the netlink {@link LinkMonitor}:
 * an address on a usable (up, with carrier) interface gives a route to its network out of that
 * interface; when the address goes, or the interface goes down or away, so does the route, and
 * routes that resolved through it are resolved again by the RIB. The state lives on the RIB's loop;
 * the monitor's thread only posts.
 */
final class Connected implements InterfaceListener, AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Connected.class.getName());

  private final RouteSink rib; // the connected channel
  private final EventLoop loop;
  private final KernelLinks kernel;
  private final Map<Integer, Link> links = new HashMap<>();
  private final Map<Integer, List<Address>> addresses = new HashMap<>();
  private final Map<IpPrefix, List<NextHop>> offered = new HashMap<>();
  private LinkMonitor monitor;

  /** Where link events go besides the RIB: the FIB writer, which must follow the kernel. */
  interface KernelLinks {
    void linkChanged(int ifindex, String name);

    void linkRemoved(int ifindex, String name);

    /** The interface became usable (up with a carrier) or stopped being (for the protocols). */
    default void usableChanged(String name, boolean usable) {}
  }

  private Connected(EventLoop loop, RouteSink channel, KernelLinks kernel) {
    this.rib = channel;
    this.loop = loop;
    this.kernel = kernel;
  }

  /**
   * Starts following the interfaces; {@code kernel} hears of every link change and removal (the FIB
   * writer learns interface indexes and re-reads the kernel after a removal). Returns null when
   * netlink is not available here.
   */
  static Connected start(Rib rib, RouteSink channel, KernelLinks kernel) {
    Connected c = new Connected(rib.loop(), channel, kernel);
    try {
      c.monitor = LinkMonitor.start(null, c);
      return c;
    } catch (RuntimeException e) {
      LOG.warning("interfaces: no netlink link monitor (" + e.getMessage() + ")");
      return null;
    }
  }

  @Override
  public void linkChanged(Link l) {
    kernel.linkChanged(l.index(), l.name());
    loop.execute(
        () -> {
          Link before = links.put(l.index(), l);
          if (before != null && usable(before) != usable(l)) {
            kernel.usableChanged(l.name(), usable(l));
          }
          if (before == null || usable(before) != usable(l)) {
            LOG.info(
                "interface "
                    + l.name()
                    + " "
                    + (usable(l) ? "up" : l.isUp() ? "no carrier" : "down"));
          }
          refresh();
        });
  }

  /** Up with a carrier: traffic can flow, the condition for its connected routes. */
  static boolean usable(Link l) {
    return l.isUp() && l.isRunning();
  }

  @Override
  public void linkRemoved(int ifindex, String name) {
    loop.execute(
        () -> {
          Link gone = links.remove(ifindex);
          if (gone != null && usable(gone)) {
            kernel.usableChanged(name, false);
          }
          addresses.remove(ifindex);
          LOG.info("interface " + name + " deleted");
          refresh();
          kernel.linkRemoved(ifindex, name);
        });
  }

  @Override
  public void addressAdded(Address a) {
    loop.execute(
        () -> {
          addresses.computeIfAbsent(a.ifindex(), k -> new ArrayList<>()).add(a);
          refresh();
        });
  }

  @Override
  public void addressRemoved(Address a) {
    loop.execute(
        () -> {
          List<Address> l = addresses.get(a.ifindex());
          if (l != null) {
            l.remove(a);
          }
          refresh();
        });
  }

  /** Offers what the interfaces give now and withdraws what they no longer give. */
  private void refresh() {
    Map<IpPrefix, List<NextHop>> now = new TreeMap<>();
    for (Map.Entry<Integer, List<Address>> e : addresses.entrySet()) {
      Link l = links.get(e.getKey());
      if (l == null || !usable(l)) {
        continue;
      }
      for (Address a : e.getValue()) {
        if (!(a.address() instanceof Ipv6Address v6 && v6.isLinkLocal())) {
          // the network of every address (127.0.0.0/8 on lo included, as routers show it)
          IpPrefix net = IpPrefix.of(a.address(), a.prefixLength());
          List<NextHop> hops = now.computeIfAbsent(net, k -> new ArrayList<>());
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
        rib.offer(Route.of(e.getKey(), Protocol.CONNECTED, hops, 0));
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
