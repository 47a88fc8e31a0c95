package dev.cairn.kernel;

import dev.cairn.event.Health;
import java.util.ArrayList;
import java.util.List;

/**
 * Listens to the kernel's route and nexthop notifications ({@code RTNLGRP_IPV4_ROUTE}, {@code
 * RTNLGRP_IPV6_ROUTE}, {@code RTNLGRP_NEXTHOP}) on a netlink socket of its own, on a daemon thread
 * named {@code cairn-route-watch}, and hands them to a {@link Listener} one received datagram at a
 * time. Routes of other tables are dropped here. When the kernel had to drop notifications for this
 * socket ({@code ENOBUFS}) the listener hears {@link Listener#overrun()}: only a full re-read of
 * the kernel tells what was missed. It reports to {@link Health} as {@code route-watch}: dead when
 * its socket or its listener fails for good before {@link #close()}.
 */
public final class RouteWatch implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RouteWatch.class.getName());
  private static final int POLL_MILLIS = 200;

  /** One notification: a route or a nexthop object, added/changed or deleted. */
  public record Event(RouteMessage route, NexthopMessage nexthop, boolean deleted) {}

  /** Called on the watch's thread. */
  public interface Listener {
    void events(List<Event> events);

    void overrun();
  }

  private final NetlinkSocket sock;
  private final int table;
  private final Listener listener;
  private final Thread thread;
  private volatile boolean closing;
  private final Health.Reporter health;

  private RouteWatch(NetlinkSocket sock, int table, Listener listener, String netns) {
    this.sock = sock;
    this.table = table;
    this.listener = listener;
    this.health = Health.process().register("route-watch" + (netns == null ? "" : "/" + netns));
    this.thread = new Thread(this::run, "cairn-route-watch");
    this.thread.setDaemon(true);
  }

  /** Starts watching table {@code table} in the current network namespace (null) or in one. */
  public static RouteWatch start(String netns, int table, Listener listener) {
    NetlinkSocket s = netns == null ? NetlinkSocket.openRoute() : NetNs.openRouteSocket(netns);
    try {
      s.joinGroup(Rtnl.RTNLGRP_IPV4_ROUTE);
      s.joinGroup(Rtnl.RTNLGRP_IPV6_ROUTE);
      try {
        s.joinGroup(Rtnl.RTNLGRP_NEXTHOP);
      } catch (NetlinkException e) {
        // kernels before 5.3 have no nexthop objects, and no group for them
      }
      s.setReceiveTimeoutMillis(POLL_MILLIS);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    RouteWatch w = new RouteWatch(s, table, listener, netns);
    w.thread.start();
    return w;
  }

  private void run() {
    try {
      while (!closing) {
        int n;
        try {
          n = sock.receive(true);
        } catch (NetlinkException e) {
          if (e.errno() == Errno.EAGAIN) {
            continue; // poll timeout: look at the closing flag
          }
          if (e.errno() == Errno.ENOBUFS) {
            listener.overrun();
            continue;
          }
          throw e;
        }
        List<Event> events = new ArrayList<>();
        NlMessage.split(sock.rxBuffer(), n, m -> decode(m, events));
        if (!events.isEmpty()) {
          listener.events(events);
        }
      }
    } catch (RuntimeException e) {
      if (!closing) {
        LOG.log(System.Logger.Level.ERROR, Thread.currentThread().getName() + " stopped: " + e);
        health.dead(e.toString());
      }
    } catch (Error e) {
      health.fatal(e);
    } finally {
      sock.close();
    }
  }

  private void decode(NlMessage m, List<Event> out) {
    switch (m.type()) {
      case Rtnl.RTM_NEWROUTE, Rtnl.RTM_DELROUTE -> {
        RouteMessage r = RouteMessage.decode(m);
        if (r.table() == table) {
          out.add(new Event(r, null, m.type() == Rtnl.RTM_DELROUTE));
        }
      }
      case Rtnl.RTM_NEWNEXTHOP, Rtnl.RTM_DELNEXTHOP ->
          out.add(new Event(null, NexthopMessage.decode(m), m.type() == Rtnl.RTM_DELNEXTHOP));
      default -> {}
    }
  }

  /** Stops the thread (within a poll interval) and closes the socket. */
  @Override
  public void close() {
    closing = true;
    health.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
