package dev.cairn.kernel;

import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Watches the kernel's links and addresses over a netlink socket of its own, subscribed to {@code
 * RTNLGRP_LINK}, {@code RTNLGRP_IPV4_IFADDR} and {@code RTNLGRP_IPV6_IFADDR}. On start it dumps
 * every link ({@code RTM_GETLINK}) and address ({@code RTM_GETADDR}) and reports them as events;
 * then it reports each change as it happens. When the kernel had to drop notifications for us
 * ({@code ENOBUFS}: the socket overran) it dumps again and reports the difference, so the listener
 * never misses a change for good.
 *
 * <p>Threading: everything (the socket, the state, every {@link InterfaceListener} call) lives on
 * one daemon thread named {@code cairn-link-monitor[-NETNS]}. {@link #links()}, {@link
 * #addresses()} and {@link #connectedPrefixes()} may be called from any thread and return an
 * immutable snapshot taken after the last message handled. It reports to {@link
 * dev.cairn.event.Health} as {@code link-monitor}: dead when its socket fails for good before
 * {@link #close()}; a listener's failure on one message is its last error.
 */
public final class LinkMonitor implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(LinkMonitor.class.getName());
  private static final int POLL_MILLIS = 200;
  private static final int DUMP_RETRIES = 5;

  private final NetlinkSocket sock;
  private final InterfaceState state;
  private final NlWriter w = new NlWriter(256);
  private final Thread thread;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile boolean closing;
  private volatile List<Link> links = List.of();
  private volatile List<Address> addresses = List.of();
  private volatile long resyncs;
  private final dev.cairn.event.Health.Reporter health;

  private LinkMonitor(NetlinkSocket sock, InterfaceListener listener, String netns) {
    this.sock = sock;
    this.state = new InterfaceState(listener);
    this.thread = new Thread(this::run, "cairn-link-monitor" + (netns == null ? "" : "-" + netns));
    this.thread.setDaemon(true);
    this.health =
        dev.cairn.event.Health.process()
            .register("link-monitor" + (netns == null ? "" : "/" + netns));
  }

  /**
   * Starts a monitor in the current network namespace ({@code netns} null) or in the named one, and
   * waits until the initial dump has been delivered to {@code listener}.
   */
  public static LinkMonitor start(String netns, InterfaceListener listener) {
    return start(netns, listener, 0);
  }

  /**
   * As {@link #start(String, InterfaceListener)}, with the socket's receive buffer forced to {@code
   * receiveBufferBytes} (0 keeps the large default). A small buffer makes overruns likely, which is
   * how the ENOBUFS path is tested.
   */
  public static LinkMonitor start(
      String netns, InterfaceListener listener, int receiveBufferBytes) {
    NetlinkSocket s = netns == null ? NetlinkSocket.openRoute() : NetNs.openRouteSocket(netns);
    LinkMonitor m;
    try {
      s.joinGroup(Rtnl.RTNLGRP_LINK);
      s.joinGroup(Rtnl.RTNLGRP_IPV4_IFADDR);
      s.joinGroup(Rtnl.RTNLGRP_IPV6_IFADDR);
      s.setReceiveTimeoutMillis(POLL_MILLIS);
      if (receiveBufferBytes > 0) {
        s.setInt(Rtnl.SOL_SOCKET, Rtnl.SO_RCVBUFFORCE, receiveBufferBytes);
      }
      m = new LinkMonitor(s, listener, netns);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    m.thread.start();
    try {
      m.ready.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      m.close();
      throw new NetlinkException("interrupted waiting for the link dump", Errno.EINTR);
    } catch (ExecutionException | TimeoutException e) {
      m.close();
      Throwable c = e.getCause() == null ? e : e.getCause();
      throw c instanceof RuntimeException r ? r : new NetlinkException("link dump: " + c, 0);
    }
    return m;
  }

  /** The links known now (snapshot). */
  public List<Link> links() {
    return links;
  }

  /** The addresses known now, link-local ones included (snapshot). */
  public List<Address> addresses() {
    return addresses;
  }

  /** The connected prefixes now: addresses of links that are up, less link-local IPv6. */
  public Set<IpPrefix> connectedPrefixes() {
    return InterfaceState.connectedPrefixes(links, addresses);
  }

  /** How many times the monitor re-dumped after an overrun. */
  public long resyncs() {
    return resyncs;
  }

  private void run() {
    try {
      resync();
      ready.complete(null);
    } catch (RuntimeException e) {
      ready.completeExceptionally(e);
      sock.close();
      return;
    }
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
            resyncs++;
            resync();
            continue;
          }
          throw e;
        }
        NlMessage.split(sock.rxBuffer(), n, this::event);
        publish();
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

  private void event(NlMessage m) {
    try {
      dispatch(m);
    } catch (RuntimeException e) {
      // a listener's bug must not stop the monitor: report it and go on with the next message
      LOG.log(
          System.Logger.Level.ERROR, Thread.currentThread().getName() + ": listener failed: " + e);
      health.error("listener failed: " + e);
    }
  }

  private void dispatch(NlMessage m) {
    switch (m.type()) {
      case Rtnl.RTM_NEWLINK -> state.link(InterfaceMessages.link(m));
      case Rtnl.RTM_DELLINK -> {
        Link l = InterfaceMessages.link(m);
        state.linkGone(l.index(), l.name());
      }
      case Rtnl.RTM_NEWADDR -> {
        Address a = InterfaceMessages.address(m);
        if (a != null) {
          state.address(a);
        }
      }
      case Rtnl.RTM_DELADDR -> {
        Address a = InterfaceMessages.address(m);
        if (a != null) {
          state.addressGone(a);
        }
      }
      default -> {}
    }
  }

  /**
   * Dumps links and addresses and applies the difference. Whatever is queued on the socket is
   * dropped first (the dump covers it). Notifications that arrive during the dumps are kept and
   * applied after it, in order: each is at least as new as the dump's view of what it touches, so
   * the end state is the kernel's. If notifications were lost during the dump itself, it starts
   * over (a few times at most).
   */
  private void resync() {
    for (int attempt = 1; ; attempt++) {
      drain();
      List<Runnable> later = new ArrayList<>();
      List<Link> ls = new ArrayList<>();
      List<Address> as = new ArrayList<>();
      boolean lost =
          dump(Rtnl.RTM_GETLINK, Rtnl.RTM_NEWLINK, m -> ls.add(InterfaceMessages.link(m)), later);
      lost |=
          dump(
              Rtnl.RTM_GETADDR,
              Rtnl.RTM_NEWADDR,
              m -> {
                Address a = InterfaceMessages.address(m);
                if (a != null) {
                  as.add(a);
                }
              },
              later);
      if (!lost || attempt == DUMP_RETRIES) {
        state.resync(ls, as);
        later.forEach(Runnable::run);
        publish();
        return;
      }
    }
  }

  /** Reads and drops everything queued (and the rest of any dump still running). */
  private void drain() {
    while (true) {
      try {
        sock.receive(false);
      } catch (NetlinkException e) {
        if (e.errno() == Errno.EAGAIN) {
          return;
        }
        if (e.errno() != Errno.ENOBUFS) {
          throw e;
        }
      }
    }
  }

  /** One dump; returns true when notifications were lost meanwhile or the dump was cut short. */
  private boolean dump(int request, int answer, Consumer<NlMessage> each, List<Runnable> later) {
    int seq = sock.nextSeq();
    w.clear();
    w.begin(request, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, seq);
    if (request == Rtnl.RTM_GETLINK) {
      w.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0); // ifinfomsg
    } else {
      w.u8(Rtnl.AF_UNSPEC).u8(0).u8(0).u8(0).u32(0); // ifaddrmsg
    }
    w.end();
    sock.send(w.buffer(), w.size());
    boolean[] done = {false};
    boolean[] lost = {false};
    int[] errno = {0};
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done[0]) {
      int n;
      try {
        n = sock.receive(true);
      } catch (NetlinkException e) {
        if (e.errno() == Errno.EAGAIN && System.nanoTime() < deadline) {
          continue;
        }
        if (e.errno() == Errno.ENOBUFS) {
          lost[0] = true; // notifications dropped; the dump itself goes on
          continue;
        }
        throw e;
      }
      NlMessage.split(
          sock.rxBuffer(),
          n,
          m -> {
            if (done[0]) {
              return;
            }
            if (m.seq() != seq) {
              Runnable r = deferred(m);
              if (r != null) {
                later.add(r);
              }
              return;
            }
            if ((m.flags() & Rtnl.NLM_F_DUMP_INTR) != 0) {
              lost[0] = true;
            }
            if (m.type() == answer) {
              each.accept(m);
            } else if (m.type() == Rtnl.NLMSG_DONE) {
              done[0] = true;
            } else if (m.type() == Rtnl.NLMSG_ERROR) {
              errno[0] = NlError.decode(m).errno();
              done[0] = true;
            }
          });
    }
    if (errno[0] == Errno.ENOBUFS || errno[0] == Errno.EBUSY) {
      return true;
    }
    if (errno[0] != 0) {
      throw new NetlinkException("dump of message type " + request, errno[0]);
    }
    return lost[0];
  }

  /** A notification decoded now (the buffer is reused) and applied after the dump. */
  private Runnable deferred(NlMessage m) {
    switch (m.type()) {
      case Rtnl.RTM_NEWLINK:
        {
          Link l = InterfaceMessages.link(m);
          return () -> state.link(l);
        }
      case Rtnl.RTM_DELLINK:
        {
          Link l = InterfaceMessages.link(m);
          return () -> state.linkGone(l.index(), l.name());
        }
      case Rtnl.RTM_NEWADDR:
        {
          Address a = InterfaceMessages.address(m);
          return a == null ? null : () -> state.address(a);
        }
      case Rtnl.RTM_DELADDR:
        {
          Address a = InterfaceMessages.address(m);
          return a == null ? null : () -> state.addressGone(a);
        }
      default:
        return null;
    }
  }

  private void publish() {
    links = state.links();
    addresses = List.copyOf(state.allAddresses());
  }

  /** Stops the thread (within a poll interval) and closes the socket. */
  @Override
  public void close() {
    closing = true;
    health.close();
    if (Thread.currentThread() != thread) {
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
