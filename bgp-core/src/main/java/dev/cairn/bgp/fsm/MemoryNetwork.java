// An in-memory network of BGP speakers for one-JVM topologies over real encoded bytes.
package dev.cairn.bgp.fsm;

import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpDecodeException;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An in-memory network for whole topologies in one JVM (DESIGN §2, §8): speakers listen on
 * addresses, connections are pipes that carry real encoded bytes (each side encodes and decodes
 * with its own {@link CodecContext}), and everything is delivered through one {@link EventLoop}
 * (virtual time in tests). A test can refuse connections to an address, hold all traffic of an
 * address (a frozen or partitioned router), and cut connections.
 */
public final class MemoryNetwork {
  private final EventLoop loop;
  private final Map<IpAddress, Consumer<Connection>> acceptors = new HashMap<>();
  private final Set<IpAddress> refused = new HashSet<>();
  private final Set<IpAddress> held = new HashSet<>();
  private final List<Pipe> pipes = new ArrayList<>();
  private final Map<IpAddress, List<BgpMessage>> sentBy = new HashMap<>();

  private int window = Integer.MAX_VALUE;

  public MemoryNetwork(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * A connection holding this many messages that its other end has not received yet (because that
   * router is {@linkplain #hold held}) says it is not {@link Connection#writable}, as a TCP
   * connection to a neighbor that stops reading does; unlimited by default.
   */
  public void sendWindow(int messages) {
    window = messages;
  }

  /** Inbound connections to {@code address} go to {@code acceptor}. */
  public void listen(IpAddress address, Consumer<Connection> acceptor) {
    acceptors.put(address, acceptor);
  }

  /** Connections to {@code address} are refused (as by a closed port) while true. */
  public void refuse(IpAddress address, boolean refuse) {
    if (refuse) {
      refused.add(address);
    } else {
      refused.remove(address);
    }
  }

  /**
   * While true, nothing is delivered to or from {@code address} (as if the router were frozen with
   * SIGSTOP); what was sent meanwhile is delivered, in order, once released.
   */
  public void hold(IpAddress address, boolean hold) {
    if (hold) {
      held.add(address);
    } else {
      held.remove(address);
      for (Pipe p : List.copyOf(pipes)) {
        p.a.flush();
        p.b.flush();
      }
    }
  }

  /** Closes every connection between {@code x} and {@code y} as a reset would. */
  public void cut(IpAddress x, IpAddress y) {
    for (Pipe p : List.copyOf(pipes)) {
      if ((p.a.local.equals(x) && p.a.remote.equals(y))
          || (p.a.local.equals(y) && p.a.remote.equals(x))) {
        p.a.reset("connection reset");
        p.b.reset("connection reset");
      }
    }
  }

  /** Every message {@code address} has sent so far, in order. */
  public List<BgpMessage> sentBy(IpAddress address) {
    return List.copyOf(sentBy.getOrDefault(address, List.of()));
  }

  /** The transport a router at {@code self} uses to connect out. */
  public Transport transport(IpAddress self) {
    return (remote, local, cb) -> {
      IpAddress from = local != null ? local : self;
      Consumer<Connection> acceptor = acceptors.get(remote);
      if (acceptor == null || refused.contains(remote)) {
        loop.execute(() -> cb.failed("connection refused by " + remote));
        return;
      }
      Pipe p = new Pipe(from, remote);
      pipes.add(p);
      loop.execute(
          () -> {
            acceptor.accept(p.b);
            cb.connected(p.a);
          });
    };
  }

  private final class Pipe {
    final End a;
    final End b;

    Pipe(IpAddress from, IpAddress to) {
      a = new End(from, to, true);
      b = new End(to, from, false);
      a.peer = b;
      b.peer = a;
    }
  }

  private final class End implements Connection {
    final IpAddress local;
    final IpAddress remote;
    final boolean outbound;
    End peer;
    ConnectionListener listener;
    CodecContext ctx = CodecContext.DEFAULT;
    boolean closed;
    final Queue<Runnable> pending = new ArrayDeque<>(); // sent to this end, not delivered yet
    boolean wantWritable; // this end's writable() said false

    End(IpAddress local, IpAddress remote, boolean outbound) {
      this.local = local;
      this.remote = remote;
      this.outbound = outbound;
    }

    @Override
    public void listen(ConnectionListener l) {
      listener = l;
    }

    @Override
    public void send(BgpMessage message) {
      if (closed) {
        return;
      }
      sentBy.computeIfAbsent(local, k -> new ArrayList<>()).add(message);
      ByteBuf b = BgpCodec.encode(message, ctx, UnpooledByteBufAllocator.DEFAULT);
      byte[] wire = new byte[b.readableBytes()];
      b.readBytes(wire).release();
      peer.deliver(() -> peer.receive(wire));
    }

    @Override
    public boolean writable() {
      if (peer.pending.size() < window) {
        return true;
      }
      wantWritable = true;
      return false;
    }

    /** Runs {@code r} on the loop for this end, unless this end's or its peer's router is held. */
    void deliver(Runnable r) {
      pending.add(r);
      flush();
    }

    void flush() {
      if (held.contains(local) || held.contains(remote)) {
        return;
      }
      while (!pending.isEmpty()) {
        loop.execute(pending.poll());
      }
      if (peer.wantWritable) {
        peer.wantWritable = false; // (after what it sent has been delivered)
        loop.execute(
            () -> {
              if (!peer.closed && peer.listener != null) {
                peer.listener.onWritable();
              }
            });
      }
    }

    void receive(byte[] wire) {
      if (closed || listener == null) {
        return;
      }
      ByteBuf b = io.netty.buffer.Unpooled.wrappedBuffer(wire);
      try {
        listener.onMessage(BgpCodec.decode(b, ctx));
      } catch (BgpDecodeException e) {
        listener.onDecodeError(e.error());
      } finally {
        b.release();
      }
    }

    @Override
    public void setCodecContext(CodecContext c) {
      ctx = c;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      peer.deliver(() -> peer.reset("closed by " + local));
    }

    void reset(String reason) {
      if (peer.closed && closed) {
        return;
      }
      boolean wasOpen = !closed;
      closed = true;
      if (wasOpen && listener != null) {
        listener.onClosed(reason);
      }
      pipes.removeIf(p -> p.a.closed && p.b.closed);
    }

    @Override
    public IpAddress remoteAddress() {
      return remote;
    }

    @Override
    public IpAddress localAddress() {
      return local;
    }

    @Override
    public boolean outbound() {
      return outbound;
    }
  }
}
