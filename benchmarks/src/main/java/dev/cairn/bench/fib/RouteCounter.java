package dev.cairn.bench.fib;

import dev.cairn.kernel.Errno;
import dev.cairn.kernel.NetNs;
import dev.cairn.kernel.NetlinkException;
import dev.cairn.kernel.NetlinkSocket;
import dev.cairn.kernel.NlMessage;
import dev.cairn.kernel.NlWriter;
import dev.cairn.kernel.Rtnl;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts IPv6 routes of one protocol arriving in a namespace's kernel, from the route notifications
 * ({@code RTNLGRP_IPV6_ROUTE}) on a thread of its own, and notes when the count reached a target.
 * This measures a program that we cannot instrument (BIRD) the same way as the others, without
 * polling dumps that would compete for the CPU. If the kernel drops notifications (ENOBUFS), the
 * counter falls back to counting with dumps.
 */
final class RouteCounter implements AutoCloseable {
  private final String netns;
  private final int protocol;
  private final long target;
  private final NetlinkSocket sock;
  private final Thread thread;
  private final AtomicLong count = new AtomicLong();
  private volatile long reachedNanos;
  private volatile boolean lost;
  private volatile boolean closing;

  RouteCounter(String netns, int protocol, long target) {
    this.netns = netns;
    this.protocol = protocol;
    this.target = target;
    this.sock = NetNs.openRouteSocket(netns);
    sock.joinGroup(Rtnl.RTNLGRP_IPV6_ROUTE);
    sock.setReceiveTimeoutMillis(100);
    thread = new Thread(this::run, "route-counter-" + netns);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (!closing && !lost) {
      int n;
      try {
        n = sock.receive(true);
      } catch (NetlinkException e) {
        if (e.errno() == Errno.EAGAIN) {
          continue;
        }
        if (e.errno() == Errno.ENOBUFS) {
          lost = true;
          return;
        }
        throw e;
      }
      NlMessage.split(
          sock.rxBuffer(),
          n,
          m -> {
            if (m.type() == Rtnl.RTM_NEWROUTE && matches(m)) {
              if (count.incrementAndGet() == target) {
                reachedNanos = System.nanoTime();
              }
            }
          });
    }
  }

  private boolean matches(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    return (b.get(p) & 0xff) == Rtnl.AF_INET6 && (b.get(p + 5) & 0xff) == protocol;
  }

  /**
   * Waits until {@code target} routes are in the kernel and returns the {@code System.nanoTime()}
   * at which the last one was reported; gives up (returns -1) after {@code timeoutMillis}.
   */
  long awaitTarget(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (reachedNanos != 0) {
        return reachedNanos;
      }
      if (lost) {
        // notifications were dropped: poll with dumps (coarser: the time is when a dump saw all)
        if (dumpCount() >= target) {
          return System.nanoTime();
        }
        Thread.sleep(200);
      } else {
        Thread.sleep(5);
      }
    }
    return -1;
  }

  boolean lostNotifications() {
    return lost;
  }

  /** Routes of the protocol in the main table now, counted with a dump. */
  long dumpCount() {
    return dumpCount(netns, protocol);
  }

  static long dumpCount(String netns, int protocol) {
    try (NetlinkSocket s = NetNs.openRouteSocket(netns)) {
      NlWriter w = new NlWriter(64);
      int seq = s.nextSeq();
      w.begin(Rtnl.RTM_GETROUTE, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, seq)
          .u8(Rtnl.AF_INET6)
          .u8(0)
          .u8(0)
          .u8(0)
          .u8(0)
          .u8(0)
          .u8(0)
          .u8(0)
          .u32(0)
          .end();
      s.send(w.written(), w.size());
      long[] n = {0};
      boolean[] done = {false};
      while (!done[0]) {
        int len = s.receive(true);
        NlMessage.split(
            s.rxBuffer(),
            len,
            m -> {
              if (m.seq() != seq) {
                return;
              }
              if (m.type() == Rtnl.NLMSG_DONE || m.type() == Rtnl.NLMSG_ERROR) {
                done[0] = true;
              } else if (m.type() == Rtnl.RTM_NEWROUTE
                  && (m.buf().get(m.payload() + 5) & 0xff) == protocol) {
                n[0]++;
              }
            });
      }
      return n[0];
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sock.close();
  }
}
