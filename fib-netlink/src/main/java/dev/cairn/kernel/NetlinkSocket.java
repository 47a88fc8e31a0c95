package dev.cairn.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@code NETLINK_ROUTE} socket opened through libc. It belongs to the network namespace of the
 * thread that created it (see {@link NetNs}) and is meant to be used from one thread only: the FIB
 * writer's loop. It asks for extended acks (error text), capped acks (errors without the echoed
 * request) and large buffers so that a batch's errors and a big dump fit.
 */
public final class NetlinkSocket implements AutoCloseable {
  /** Receive buffer for one datagram; dumps send at most a few tens of KiB per datagram. */
  private static final int RX_CAPACITY = 1 << 20;

  private final LibC libc = LibC.get();
  private final int fd;
  private final int portId;
  private final ByteBuffer rx =
      ByteBuffer.allocateDirect(RX_CAPACITY).order(ByteOrder.nativeOrder());
  private final ByteBuffer opt = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
  private int seq = (int) (System.nanoTime() & 0x3fffffff) | 1;
  private boolean closed;

  private NetlinkSocket(int fd) {
    this.fd = fd;
    ByteBuffer sa = ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder());
    sa.putShort(0, (short) Rtnl.AF_NETLINK);
    if (libc.bind(fd, sa, 12) != 0) {
      NetlinkException e = NetlinkException.lastError("bind(AF_NETLINK)");
      libc.close(fd);
      throw e;
    }
    int[] len = {12};
    sa.clear();
    if (libc.getsockname(fd, sa, len) != 0) {
      NetlinkException e = NetlinkException.lastError("getsockname");
      libc.close(fd);
      throw e;
    }
    this.portId = sa.getInt(4);
  }

  /**
   * Opens a route socket in the calling thread's network namespace, with extended and capped acks,
   * 32 MiB buffers when allowed (falling back silently to the system maximum) and a receive timeout
   * so that a lost answer cannot hang the caller.
   */
  public static NetlinkSocket openRoute() {
    int fd =
        LibC.get().socket(Rtnl.AF_NETLINK, Rtnl.SOCK_RAW | Rtnl.SOCK_CLOEXEC, Rtnl.NETLINK_ROUTE);
    if (fd < 0) {
      throw NetlinkException.lastError("socket(AF_NETLINK, NETLINK_ROUTE)");
    }
    NetlinkSocket s = new NetlinkSocket(fd);
    try {
      s.setInt(Rtnl.SOL_NETLINK, Rtnl.NETLINK_EXT_ACK, 1);
      s.setInt(Rtnl.SOL_NETLINK, Rtnl.NETLINK_CAP_ACK, 1);
      s.setBuffer(Rtnl.SO_RCVBUFFORCE, Rtnl.SO_RCVBUF, 32 << 20);
      s.setBuffer(Rtnl.SO_SNDBUFFORCE, Rtnl.SO_SNDBUF, 4 << 20);
      s.setReceiveTimeoutMillis(30_000);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** The netlink port id the kernel assigned at bind. */
  public int portId() {
    return portId;
  }

  /** A fresh, non-zero sequence number. */
  public int nextSeq() {
    seq = seq == Integer.MAX_VALUE ? 1 : seq + 1;
    return seq;
  }

  /** Reserves {@code n} consecutive sequence numbers and returns the first. */
  public int reserveSeq(int n) {
    if (seq > Integer.MAX_VALUE - n - 1) {
      seq = 0;
    }
    int first = seq + 1;
    seq += n;
    return first;
  }

  public void setInt(int level, int name, int value) {
    opt.clear();
    opt.putInt(0, value);
    if (libc.setsockopt(fd, level, name, opt, 4) != 0) {
      throw NetlinkException.lastError("setsockopt(" + level + ", " + name + ")");
    }
  }

  public int getInt(int level, int name) {
    opt.clear();
    int[] len = {4};
    if (libc.getsockopt(fd, level, name, opt, len) != 0) {
      throw NetlinkException.lastError("getsockopt(" + level + ", " + name + ")");
    }
    return opt.getInt(0);
  }

  /** Joins an rtnetlink multicast group ({@code RTNLGRP_*}) to receive notifications. */
  public void joinGroup(int group) {
    setInt(Rtnl.SOL_NETLINK, Rtnl.NETLINK_ADD_MEMBERSHIP, group);
  }

  public void leaveGroup(int group) {
    setInt(Rtnl.SOL_NETLINK, Rtnl.NETLINK_DROP_MEMBERSHIP, group);
  }

  /** Sets {@code SO_RCVTIMEO}; 0 blocks forever. */
  public void setReceiveTimeoutMillis(long millis) {
    opt.clear();
    opt.putLong(0, millis / 1000).putLong(8, (millis % 1000) * 1000);
    if (libc.setsockopt(fd, Rtnl.SOL_SOCKET, Rtnl.SO_RCVTIMEO, opt, 16) != 0) {
      throw NetlinkException.lastError("setsockopt(SO_RCVTIMEO)");
    }
  }

  private void setBuffer(int forced, int plain, int bytes) {
    opt.clear();
    opt.putInt(0, bytes);
    if (libc.setsockopt(fd, Rtnl.SOL_SOCKET, forced, opt, 4) != 0) {
      libc.setsockopt(fd, Rtnl.SOL_SOCKET, plain, opt, 4); // capped by net.core.*mem_max
    }
  }

  /** The kernel's send buffer size (what one {@code send} may carry, less a little). */
  public int sendBufferSize() {
    return getInt(Rtnl.SOL_SOCKET, Rtnl.SO_SNDBUF);
  }

  /** Sends {@code buf[0, length)} (one or many messages) to the kernel in one datagram. */
  public void send(ByteBuffer buf, int length) {
    if (!buf.isDirect()) {
      throw new IllegalArgumentException("netlink buffers must be direct");
    }
    // jnr-ffi passes a direct buffer's address at its position: send from 0
    ByteBuffer from0 = buf.position() == 0 ? buf : buf.duplicate().position(0);
    while (true) {
      long n = libc.send(fd, from0, length, 0);
      if (n == length) {
        return;
      }
      int err = LibC.errno();
      if (n < 0 && err == Errno.EINTR) {
        continue;
      }
      throw new NetlinkException("netlink send of " + length + " bytes", n < 0 ? err : 0);
    }
  }

  /**
   * Receives one datagram into {@link #rxBuffer()} and returns its length. Throws with {@code
   * EAGAIN} on timeout and {@code ENOBUFS} when the kernel had to drop messages for us.
   */
  public int receive(boolean block) {
    while (true) {
      rx.clear();
      long n = libc.recv(fd, rx, RX_CAPACITY, block ? 0 : Rtnl.MSG_DONTWAIT);
      if (n >= 0) {
        return (int) n;
      }
      int err = LibC.errno();
      if (err != Errno.EINTR) {
        throw new NetlinkException("netlink recv", err);
      }
    }
  }

  /** The buffer {@link #receive(boolean)} fills, native order, valid until the next receive. */
  public ByteBuffer rxBuffer() {
    return rx;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      libc.close(fd);
    }
  }
}
