package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Route and nexthop programming over one {@link NetlinkSocket}: batched changes with errors matched
 * back to their operation, dumps parsed into records, and feature detection. Single-threaded, like
 * the socket.
 *
 * <p>A batch is written as many messages per {@code send} (up to {@link #batchBytes()}), without
 * {@code NLM_F_ACK}: the kernel answers only failures. Each chunk ends with an {@code NLMSG_NOOP}
 * that does ask for an ACK; the kernel handles the messages of one datagram in order, so when that
 * ACK arrives every earlier message has been processed and its error, if any, has been received.
 */
public final class KernelRoutes implements Kernel, AutoCloseable {
  /** Default bytes per send; fits the default socket send buffer (net.core.wmem_default). */
  public static final int DEFAULT_BATCH_BYTES = 128 * 1024;

  private static final int DUMP_RETRIES = 5;

  private final NetlinkSocket sock;
  private final NlWriter w = new NlWriter(DEFAULT_BATCH_BYTES + 64 * 1024);
  private final int batchBytes;

  public KernelRoutes(NetlinkSocket sock) {
    this(sock, DEFAULT_BATCH_BYTES);
  }

  public KernelRoutes(NetlinkSocket sock, int batchBytes) {
    this.sock = sock;
    this.batchBytes = Math.max(4096, Math.min(batchBytes, sock.sendBufferSize() - 1024));
  }

  /** Opens a socket in the current network namespace. */
  public static KernelRoutes open() {
    return new KernelRoutes(NetlinkSocket.openRoute());
  }

  /** Opens a socket inside the named network namespace (see {@link NetNs}). */
  public static KernelRoutes openIn(String netns) {
    return new KernelRoutes(NetNs.openRouteSocket(netns));
  }

  public int batchBytes() {
    return batchBytes;
  }

  /**
   * Sends all operations, in order, in as few datagrams as fit, and returns the ones the kernel
   * refused (an empty list means every operation was applied). A failure does not stop the
   * operations after it.
   */
  @Override
  public List<FibError> apply(List<? extends FibOp> ops) {
    List<FibError> errors = new ArrayList<>();
    if (ops.isEmpty()) {
      return errors;
    }
    int base = sock.reserveSeq(ops.size());
    int i = 0;
    while (i < ops.size()) {
      w.clear();
      int chunkStart = i;
      while (i < ops.size()) {
        int before = w.size();
        ops.get(i).encode(w, base + i);
        if (w.size() > batchBytes && i > chunkStart) {
          w.truncate(before);
          break;
        }
        i++;
      }
      int sentinel = sock.nextSeq();
      w.begin(Rtnl.NLMSG_NOOP, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_ACK, sentinel).end();
      sock.send(w.buffer(), w.size());
      int lo = chunkStart;
      int hi = i;
      receiveUntil(
          m -> {
            if (m.type() != Rtnl.NLMSG_ERROR) {
              return false;
            }
            NlError e = NlError.decode(m);
            if (e.seq() == sentinel) {
              return true;
            }
            int idx = e.seq() - base;
            if (!e.isAck() && idx >= lo && idx < hi) {
              errors.add(new FibError(idx, ops.get(idx), e.errno(), e.message()));
            }
            return false;
          });
    }
    return errors;
  }

  /** Every route of a family ({@code AF_INET}, {@code AF_INET6}, {@code AF_UNSPEC} for both). */
  @Override
  public List<RouteMessage> dumpRoutes(int family) {
    return dump(
        Rtnl.RTM_GETROUTE,
        w -> w.u8(family).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0),
        Rtnl.RTM_NEWROUTE,
        RouteMessage::decode);
  }

  /**
   * Every nexthop object. Throws {@link NetlinkException} (EINVAL/EOPNOTSUPP) on kernels without
   * nexthop objects.
   */
  @Override
  public List<NexthopMessage> dumpNexthops() {
    return dump(
        Rtnl.RTM_GETNEXTHOP,
        w -> w.u8(Rtnl.AF_UNSPEC).u8(0).u8(0).u8(0).u32(0),
        Rtnl.RTM_NEWNEXTHOP,
        NexthopMessage::decode);
  }

  /** Every network interface. */
  @Override
  public List<LinkMessage> dumpLinks() {
    return dump(
        Rtnl.RTM_GETLINK,
        w -> w.u8(Rtnl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0),
        Rtnl.RTM_NEWLINK,
        LinkMessage::decode);
  }

  /** True when the kernel has nexthop objects (Linux 5.3+): a nexthop dump succeeds. */
  @Override
  public boolean nexthopObjectsSupported() {
    try {
      dumpNexthops();
      return true;
    } catch (NetlinkException e) {
      return false;
    }
  }

  /**
   * True when the kernel has resilient nexthop groups (Linux 5.13+). Probed by the running kernel's
   * version: creating a throwaway group would need a usable interface.
   */
  public static boolean resilientGroupsSupported() {
    return kernelAtLeast(System.getProperty("os.version", "0"), 5, 13);
  }

  @Override
  public boolean resilientGroups() {
    return kernelAtLeast(System.getProperty("os.version", "0"), 5, 13);
  }

  static boolean kernelAtLeast(String release, int major, int minor) {
    String[] parts = release.split("[.-]");
    try {
      int ma = Integer.parseInt(parts[0]);
      int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return ma > major || (ma == major && mi >= minor);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Asks the kernel which route it would use to reach {@code dst} ({@code ip route get}); null when
   * it has none (unreachable).
   */
  @Override
  public RouteMessage lookup(IpAddress dst) {
    int seq = sock.nextSeq();
    w.clear();
    w.begin(Rtnl.RTM_GETROUTE, Rtnl.NLM_F_REQUEST, seq)
        .u8(Rtnl.family(dst))
        .u8(dst.toBytes().length * 8)
        .u8(0)
        .u8(0)
        .u8(0)
        .u8(0)
        .u8(0)
        .u8(0)
        .u32(0)
        .attrAddr(Rtnl.RTA_DST, dst)
        .end();
    sock.send(w.buffer(), w.size());
    RouteMessage[] found = {null};
    int[] errno = {0};
    receiveUntil(
        m -> {
          if (m.seq() != seq) {
            return false;
          }
          if (m.type() == Rtnl.RTM_NEWROUTE) {
            found[0] = RouteMessage.decode(m);
            return true;
          }
          if (m.type() == Rtnl.NLMSG_ERROR) {
            errno[0] = NlError.decode(m).errno();
            return true;
          }
          return false;
        });
    if (found[0] == null && errno[0] != Errno.ENETUNREACH && errno[0] != Errno.EHOSTUNREACH) {
      throw new NetlinkException("route lookup for " + dst, errno[0]);
    }
    return found[0];
  }

  private <T> List<T> dump(
      int requestType, Consumer<NlWriter> header, int answerType, Function<NlMessage, T> decode) {
    for (int attempt = 1; ; attempt++) {
      int seq = sock.nextSeq();
      w.clear();
      w.begin(requestType, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, seq);
      header.accept(w);
      w.end();
      sock.send(w.buffer(), w.size());
      List<T> out = new ArrayList<>();
      int[] errno = {0};
      boolean[] interrupted = {false};
      receiveUntil(
          m -> {
            if (m.seq() != seq) {
              return false;
            }
            if ((m.flags() & Rtnl.NLM_F_DUMP_INTR) != 0) {
              interrupted[0] = true;
            }
            if (m.type() == answerType) {
              out.add(decode.apply(m));
              return false;
            }
            if (m.type() == Rtnl.NLMSG_DONE) {
              int e = m.end() - m.payload() >= 4 ? m.buf().getInt(m.payload()) : 0;
              errno[0] = -e;
              return true;
            }
            if (m.type() == Rtnl.NLMSG_ERROR) {
              errno[0] = NlError.decode(m).errno();
              return true;
            }
            return false;
          });
      if (errno[0] != 0) {
        throw new NetlinkException("dump of message type " + requestType, errno[0]);
      }
      if (!interrupted[0] || attempt == DUMP_RETRIES) {
        return out;
      }
    }
  }

  /** Feeds received messages to {@code handler} until it returns true. */
  private void receiveUntil(java.util.function.Predicate<NlMessage> handler) {
    boolean[] done = {false};
    while (!done[0]) {
      int n = sock.receive(true);
      NlMessage.split(
          sock.rxBuffer(),
          n,
          m -> {
            if (!done[0] && handler.test(m)) {
              done[0] = true;
            }
          });
    }
  }

  @Override
  public void close() {
    sock.close();
  }
}
