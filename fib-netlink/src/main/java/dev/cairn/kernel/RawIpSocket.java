package dev.cairn.kernel;

import dev.cairn.net.Ipv4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Consumer;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A raw IPv4 socket for one IP protocol (89 for OSPF) bound to one interface, as OSPF uses it: the
 * kernel builds the IP header on send (TOS 0xC0, internetwork control; multicast TTL 1, no loopback
 * of our own multicasts), and each received datagram is delivered with its source, destination,
 * arrival interface ({@code IP_PKTINFO}) and payload without the IP header. Only multicast groups
 * this socket joined are delivered to it ({@code IP_MULTICAST_ALL} off).
 *
 * <p>Threading: {@link #send} may be called from any one thread; received packets go to the handler
 * on the socket's own daemon thread, {@code cairn-rawip-IFNAME}, one at a time. {@link #close}
 * stops that thread within a poll interval.
 */
public final class RawIpSocket implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RawIpSocket.class.getName());

  /**
   * A received packet.
   *
   * @param ifindex the interface it arrived on ({@code IP_PKTINFO})
   * @param tos the IP header's TOS byte
   * @param ttl the IP header's TTL
   * @param payload the bytes after the IP header
   */
  public record Packet(
      Ipv4Address source, Ipv4Address destination, int ifindex, int tos, int ttl, byte[] payload) {}

  public static final int IPPROTO_OSPF = 89;
  public static final Ipv4Address ALL_SPF_ROUTERS = Ipv4Address.parse("224.0.0.5");
  public static final Ipv4Address ALL_D_ROUTERS = Ipv4Address.parse("224.0.0.6");

  static final int IPPROTO_IP = 0;
  static final int IP_TOS = 1;
  static final int IP_PKTINFO = 8;
  static final int IP_MULTICAST_IF = 32;
  static final int IP_MULTICAST_TTL = 33;
  static final int IP_MULTICAST_LOOP = 34;
  static final int IP_ADD_MEMBERSHIP = 35;
  static final int IP_DROP_MEMBERSHIP = 36;
  static final int IP_MULTICAST_ALL = 49;
  static final int SO_BINDTODEVICE = 25;
  static final int TOS_INTERNETWORK_CONTROL = 0xC0;
  private static final int POLL_MILLIS = 200;
  private static final int MAX_PACKET = 65536;
  private static final int CONTROL_LEN = 256;

  private final LibC libc = LibC.get();
  private final int fd;
  private final int ifindex;
  private final String ifname;
  private final ByteBuffer opt = ByteBuffer.allocateDirect(64).order(ByteOrder.nativeOrder());
  private final Pointer msg;
  private final Pointer iov;
  private final Pointer data;
  private final Pointer control;
  private Thread reader;
  private volatile dev.cairn.event.Health.Reporter health;
  private volatile boolean closed;

  private RawIpSocket(int fd, String ifname, int ifindex) {
    this.fd = fd;
    this.ifname = ifname;
    this.ifindex = ifindex;
    jnr.ffi.Runtime rt = jnr.ffi.Runtime.getRuntime(libc);
    msg = Memory.allocateDirect(rt, 56, true);
    iov = Memory.allocateDirect(rt, 16, true);
    data = Memory.allocateDirect(rt, MAX_PACKET, true);
    control = Memory.allocateDirect(rt, CONTROL_LEN, true);
  }

  /**
   * Opens a raw socket for {@code protocol} on interface {@code ifname}, in the current network
   * namespace ({@code netns} null) or the named one.
   */
  public static RawIpSocket open(String netns, String ifname, int protocol) {
    Objects.requireNonNull(ifname);
    return netns == null
        ? openHere(ifname, protocol)
        : NetNs.call(netns, () -> openHere(ifname, protocol));
  }

  private static RawIpSocket openHere(String ifname, int protocol) {
    LibC libc = LibC.get();
    int index = libc.if_nametoindex(ifname);
    if (index == 0) {
      throw NetlinkException.lastError("if_nametoindex(" + ifname + ")");
    }
    int fd = libc.socket(Rtnl.AF_INET, Rtnl.SOCK_RAW | Rtnl.SOCK_CLOEXEC, protocol);
    if (fd < 0) {
      throw NetlinkException.lastError("socket(AF_INET, SOCK_RAW, " + protocol + ")");
    }
    RawIpSocket s = new RawIpSocket(fd, ifname, index);
    try {
      byte[] name = (ifname + "\0").getBytes(StandardCharsets.US_ASCII);
      s.opt.clear();
      s.opt.put(0, name);
      s.setsockopt(Rtnl.SOL_SOCKET, SO_BINDTODEVICE, name.length, "SO_BINDTODEVICE");
      s.setInt(IPPROTO_IP, IP_TOS, TOS_INTERNETWORK_CONTROL, "IP_TOS");
      s.setInt(IPPROTO_IP, IP_MULTICAST_TTL, 1, "IP_MULTICAST_TTL");
      s.setInt(IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
      s.setInt(IPPROTO_IP, IP_MULTICAST_ALL, 0, "IP_MULTICAST_ALL");
      s.setInt(IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO");
      s.mreqn(Ipv4Address.ANY);
      s.setsockopt(IPPROTO_IP, IP_MULTICAST_IF, 12, "IP_MULTICAST_IF");
      s.opt.clear();
      s.opt.putLong(0, POLL_MILLIS / 1000).putLong(8, (POLL_MILLIS % 1000) * 1000L);
      s.setsockopt(Rtnl.SOL_SOCKET, Rtnl.SO_RCVTIMEO, 16, "SO_RCVTIMEO");
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The interface index the socket is bound to. */
  public int ifindex() {
    return ifindex;
  }

  /** Joins a multicast group on the socket's interface. */
  public void join(Ipv4Address group) {
    mreqn(group);
    setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, 12, "IP_ADD_MEMBERSHIP " + group);
  }

  /** Leaves a multicast group. */
  public void leave(Ipv4Address group) {
    mreqn(group);
    setsockopt(IPPROTO_IP, IP_DROP_MEMBERSHIP, 12, "IP_DROP_MEMBERSHIP " + group);
  }

  /** Sends {@code payload} to {@code destination}; the kernel adds the IP header. */
  public void send(Ipv4Address destination, byte[] payload) {
    byte[] sa = new byte[16];
    ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).putShort(0, (short) Rtnl.AF_INET);
    System.arraycopy(destination.toBytes(), 0, sa, 4, 4);
    long n = libc.sendto(fd, payload, payload.length, 0, sa, sa.length);
    if (n != payload.length) {
      throw new NetlinkException(
          "sendto " + destination + " on " + ifname, n < 0 ? LibC.errno() : 0);
    }
  }

  /**
   * Starts the receive thread, which calls {@code handler} for every packet until {@link #close}.
   */
  public synchronized void start(Consumer<Packet> handler) {
    start(handler, "rawip/" + ifname);
  }

  /**
   * As {@link #start(Consumer)}, the reader reporting to {@link dev.cairn.event.Health} as {@code
   * component}: dead when the socket fails for good before {@link #close}; a handler's failure on
   * one packet is its last error (the reader goes on); an {@link Error} ends the process.
   */
  public synchronized void start(Consumer<Packet> handler, String component) {
    if (reader != null) {
      throw new IllegalStateException("already started");
    }
    health = dev.cairn.event.Health.process().register(component);
    reader = new Thread(() -> receiveLoop(handler), "cairn-rawip-" + ifname);
    reader.setDaemon(true);
    reader.start();
  }

  private void receiveLoop(Consumer<Packet> handler) {
    try {
      while (!closed) {
        Packet p;
        try {
          p = receive();
        } catch (NetlinkException e) {
          if (!closed) {
            LOG.log(
                System.Logger.Level.ERROR,
                Thread.currentThread().getName() + " stopped: " + e.getMessage());
            health.dead(e.getMessage());
          }
          return;
        }
        if (p != null) {
          try {
            handler.accept(p);
          } catch (RuntimeException e) {
            health.error("packet handler failed: " + e);
          }
        }
      }
    } catch (Error e) {
      health.fatal(e);
    }
  }

  /** One blocking receive (up to the poll interval); null on timeout or a malformed datagram. */
  Packet receive() {
    iov.putAddress(0, data.address());
    iov.putLong(8, MAX_PACKET);
    msg.putAddress(0, 0L); // msg_name: the source is in the IP header
    msg.putInt(8, 0);
    msg.putAddress(16, iov.address());
    msg.putLong(24, 1);
    msg.putAddress(32, control.address());
    msg.putLong(40, CONTROL_LEN);
    msg.putInt(48, 0);
    long n = libc.recvmsg(fd, msg, 0);
    if (n < 0) {
      int err = LibC.errno();
      if (err == Errno.EAGAIN || err == Errno.EINTR) {
        return null;
      }
      throw new NetlinkException("recvmsg on " + ifname, err);
    }
    byte[] packet = new byte[(int) n];
    data.get(0, packet, 0, packet.length);
    int arrived = 0;
    long controlLen = msg.getLong(40);
    int p = 0;
    while (p + 16 <= controlLen) {
      long len = control.getLong(p);
      int level = control.getInt(p + 8);
      int type = control.getInt(p + 12);
      if (len < 16) {
        break;
      }
      if (level == IPPROTO_IP && type == IP_PKTINFO && len >= 16 + 12) {
        arrived = control.getInt(p + 16); // ipi_ifindex
      }
      p += (int) ((len + 7) & ~7L);
    }
    return parse(packet, arrived);
  }

  /**
   * Splits a raw IPv4 datagram into its header's addresses and the payload; null when malformed.
   */
  static Packet parse(byte[] packet, int ifindex) {
    if (packet.length < 20 || (packet[0] >> 4 & 0xf) != 4) {
      return null;
    }
    int ihl = (packet[0] & 0xf) * 4;
    if (ihl < 20 || ihl > packet.length) {
      return null;
    }
    byte[] payload = new byte[packet.length - ihl];
    System.arraycopy(packet, ihl, payload, 0, payload.length);
    return new Packet(
        Ipv4Address.fromBytes(packet, 12),
        Ipv4Address.fromBytes(packet, 16),
        ifindex,
        packet[1] & 0xff,
        packet[8] & 0xff,
        payload);
  }

  private void mreqn(Ipv4Address group) {
    opt.clear();
    opt.put(0, group.toBytes()); // imr_multiaddr, network order
    opt.putInt(4, 0); // imr_address: any
    opt.putInt(8, ifindex); // imr_ifindex
  }

  private void setInt(int level, int name, int value, String what) {
    opt.clear();
    opt.putInt(0, value);
    setsockopt(level, name, 4, what);
  }

  private void setsockopt(int level, int name, int len, String what) {
    if (libc.setsockopt(fd, level, name, opt, len) != 0) {
      throw NetlinkException.lastError("setsockopt(" + what + ") on " + ifname);
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Thread r;
    synchronized (this) {
      r = reader;
      if (health != null) {
        health.close();
      }
    }
    if (r != null && r != Thread.currentThread()) {
      try {
        r.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    libc.close(fd);
  }
}
