package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Follows the kernel's interfaces and addresses: a netlink socket of its own subscribed to
 * RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR, a dump of the current state, then
 * every change, told to a {@link InterfaceEvents.Listener} on the monitor's thread ({@code
 * link-monitor}). When the kernel had to drop notifications ({@code ENOBUFS}), it dumps again and
 * reports the difference, so the listener's view never drifts from the kernel's.
 */
public final class LinkMonitor implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LinkMonitor.class.getName());

  static final int RTM_NEWADDR = 20;
  static final int RTM_DELADDR = 21;
  static final int RTM_GETADDR = 22;
  static final int IFADDRMSG_LEN = 8;
  static final int IFA_ADDRESS = 1;
  static final int IFA_LOCAL = 2;
  static final int IFF_RUNNING = 0x40;

  private final NetlinkSocket sock;
  private final InterfaceEvents.Listener listener;
  private final NlWriter w = new NlWriter(256);
  private final Map<Integer, InterfaceEvents.Link> links = new HashMap<>();
  private final Set<InterfaceEvents.Address> addresses = new HashSet<>();
  private final Thread thread;
  private volatile boolean running = true;

  private LinkMonitor(NetlinkSocket sock, InterfaceEvents.Listener listener) {
    this.sock = sock;
    this.listener = listener;
    this.thread = new Thread(this::run, "link-monitor");
    this.thread.setDaemon(true);
  }

  /**
   * Starts following the interfaces of {@code netns} (a name as in {@code ip netns}), or of this
   * process's namespace when null.
   */
  public static LinkMonitor start(String netns, InterfaceEvents.Listener listener) {
    NetlinkSocket s = netns == null ? NetlinkSocket.openRoute() : NetNs.openRouteSocket(netns);
    try {
      s.joinGroup(Rtnl.RTNLGRP_LINK);
      s.joinGroup(Rtnl.RTNLGRP_IPV4_IFADDR);
      s.joinGroup(Rtnl.RTNLGRP_IPV6_IFADDR);
      s.setReceiveTimeoutMillis(500); // to notice close()
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    LinkMonitor m = new LinkMonitor(s, listener);
    m.thread.start();
    return m;
  }

  // ------------------------------------------------------------------ decoding

  static InterfaceEvents.Link decodeLink(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    int index = b.getInt(p + 4);
    int flags = b.getInt(p + 8);
    NlAttrs a = m.attrs(Rtnl.IFINFOMSG_LEN);
    String name = a.has(Rtnl.IFLA_IFNAME) ? a.string(Rtnl.IFLA_IFNAME) : "if" + index;
    return new InterfaceEvents.Link(
        index,
        name,
        (flags & Rtnl.IFF_UP) != 0,
        (flags & IFF_RUNNING) != 0,
        a.u32(Rtnl.IFLA_MTU, 0));
  }

  /** Null for an address message without an address (never sent by Linux; skipped). */
  static InterfaceEvents.Address decodeAddress(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    int prefixLength = b.get(p + 1) & 0xff;
    int index = b.getInt(p + 4);
    NlAttrs a = m.attrs(IFADDRMSG_LEN);
    // IFA_LOCAL is the interface's own address (IFA_ADDRESS is the peer on point-to-point links)
    IpAddress addr =
        a.has(IFA_LOCAL)
            ? a.address(IFA_LOCAL)
            : a.has(IFA_ADDRESS) ? a.address(IFA_ADDRESS) : null;
    return addr == null ? null : new InterfaceEvents.Address(index, addr, prefixLength);
  }

  // ------------------------------------------------------------------ the thread

  private void run() {
    try {
      resync();
      while (running) {
        int n;
        try {
          n = sock.receive(true);
        } catch (NetlinkException e) {
          if (e.errno() == Errno.EAGAIN) {
            continue; // receive timeout: check whether to stop
          }
          if (e.errno() == Errno.ENOBUFS) {
            LOG.warning("link monitor: the kernel dropped notifications, reading the state again");
            resync();
            continue;
          }
          throw e;
        }
        NlMessage.split(sock.rxBuffer(), n, this::event);
      }
    } catch (RuntimeException e) {
      if (running) {
        LOG.severe("link monitor stopped: " + e);
      }
    } finally {
      sock.close();
    }
  }

  private void event(NlMessage m) {
    switch (m.type()) {
      case Rtnl.RTM_NEWLINK -> linkNow(decodeLink(m));
      case Rtnl.RTM_DELLINK -> linkGone(decodeLink(m).index());
      case RTM_NEWADDR -> {
        InterfaceEvents.Address a = decodeAddress(m);
        if (a != null && addresses.add(a)) {
          listener.addressAdded(a);
        }
      }
      case RTM_DELADDR -> {
        InterfaceEvents.Address a = decodeAddress(m);
        if (a != null && addresses.remove(a)) {
          listener.addressRemoved(a);
        }
      }
      default -> {
        // NLMSG_DONE of a dump, or something this monitor does not follow
      }
    }
  }

  private void linkNow(InterfaceEvents.Link l) {
    if (!l.equals(links.put(l.index(), l))) {
      listener.linkChanged(l);
    }
  }

  private void linkGone(int index) {
    // the kernel removes the addresses of a deleted link, sometimes without telling each one
    for (InterfaceEvents.Address a : List.copyOf(addresses)) {
      if (a.index() == index) {
        addresses.remove(a);
        listener.addressRemoved(a);
      }
    }
    InterfaceEvents.Link l = links.remove(index);
    if (l != null) {
      listener.linkRemoved(l);
    }
  }

  /** Dumps links and addresses and reports what differs from what the listener was told. */
  private void resync() {
    Map<Integer, InterfaceEvents.Link> nowLinks = new HashMap<>();
    Set<InterfaceEvents.Address> nowAddrs = new HashSet<>();
    dump(
        Rtnl.RTM_GETLINK,
        true,
        m -> {
          if (m.type() == Rtnl.RTM_NEWLINK) {
            InterfaceEvents.Link l = decodeLink(m);
            nowLinks.put(l.index(), l);
          }
        });
    dump(
        RTM_GETADDR,
        false,
        m -> {
          if (m.type() == RTM_NEWADDR) {
            InterfaceEvents.Address a = decodeAddress(m);
            if (a != null) {
              nowAddrs.add(a);
            }
          }
        });
    for (InterfaceEvents.Address a : List.copyOf(addresses)) {
      if (!nowAddrs.contains(a)) {
        addresses.remove(a);
        listener.addressRemoved(a);
      }
    }
    for (Integer index : List.copyOf(links.keySet())) {
      if (!nowLinks.containsKey(index)) {
        linkGone(index);
      }
    }
    nowLinks.values().stream()
        .sorted((x, y) -> Integer.compare(x.index(), y.index()))
        .forEach(this::linkNow);
    for (InterfaceEvents.Address a : nowAddrs) {
      if (addresses.add(a)) {
        listener.addressAdded(a);
      }
    }
  }

  /**
   * Sends a dump request and hands its answers to {@code each}; notifications that arrive in
   * between are answers of the same kinds and are applied by the caller's comparison.
   */
  private void dump(int type, boolean link, java.util.function.Consumer<NlMessage> each) {
    int seq = sock.nextSeq();
    w.clear();
    w.begin(type, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, seq);
    if (link) {
      w.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
    } else {
      w.u8(Rtnl.AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
    }
    w.end();
    sock.send(w.buffer(), w.size());
    boolean[] done = {false};
    while (!done[0]) {
      int n;
      try {
        n = sock.receive(true);
      } catch (NetlinkException e) {
        if (e.errno() == Errno.EAGAIN && running) {
          continue;
        }
        throw e;
      }
      NlMessage.split(
          sock.rxBuffer(),
          n,
          m -> {
            if (m.seq() == seq && (m.type() == Rtnl.NLMSG_DONE || m.type() == Rtnl.NLMSG_ERROR)) {
              done[0] = true;
            } else if (m.seq() == seq) {
              each.accept(m);
            } else {
              event(m); // a notification in the middle of the dump
            }
          });
    }
  }

  /** Stops following (within half a second). */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
