// A BGP connection over Netty: framing, decoding on the I/O thread, handover to the owner loop.
package dev.cairn.bgp.transport;

import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.ConnectionListener;
import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpDecodeException;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.WireError;
import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * A BGP connection over a Netty channel. The I/O thread frames and decodes; every event is then
 * posted to the owner's {@link EventLoop} (DESIGN §3).
 *
 * <p>The codec context changes once, after the OPEN exchange. Because the neighbor may send its
 * first UPDATE right behind its KEEPALIVE, the context is computed here on the I/O thread the
 * moment both OPENs have passed through this connection (ours encoded, theirs decoded), so no
 * message after the OPENs is ever decoded with the pre-OPEN context.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter implements Connection {
  private static final System.Logger LOG = System.getLogger(NettyConnection.class.getName());
  private final Channel channel;
  private final EventLoop owner;
  private final boolean outbound;
  private final BiFunction<Open, Open, CodecContext> negotiate;
  private volatile ConnectionListener listener;
  private volatile CodecContext ctx = CodecContext.DEFAULT;
  private Open localOpen; // I/O thread only
  private Open remoteOpen; // I/O thread only
  private volatile boolean closing;
  private boolean flushScheduled; // I/O thread only

  /**
   * Backpressure (DESIGN §3): messages posted to the owner and not handled yet, counted with the
   * other connections of the same owner. Above {@link InboundBudget#HIGH} the channel stops
   * reading, so a busy owner loop makes TCP push back on the neighbors instead of queueing without
   * bound; below {@link InboundBudget#LOW} they read again.
   */
  private final InboundBudget budget;

  private volatile boolean paused;

  /**
   * Send-side backpressure: bytes of UPDATEs encoded by {@link #sendAll} and not yet written to the
   * socket. At {@link #SEND_HIGH} the connection says it is not {@link #writable}, and the speaker
   * keeps its further changes (where a newer one replaces an older one) instead of encoding them
   * behind a slow neighbor; below {@link #SEND_LOW} it hears {@link ConnectionListener#onWritable}.
   */
  private final java.util.concurrent.atomic.AtomicLong unsent =
      new java.util.concurrent.atomic.AtomicLong();

  private final java.util.concurrent.atomic.AtomicBoolean wantWritable =
      new java.util.concurrent.atomic.AtomicBoolean();
  // (a megabyte is some 30k routes: enough to keep the socket busy while the speaker packs more)
  static final int SEND_HIGH = 1 << 20;
  static final int SEND_LOW = 256 << 10;

  NettyConnection(
      Channel channel,
      EventLoop owner,
      boolean outbound,
      BiFunction<Open, Open, CodecContext> negotiate) {
    this(channel, owner, outbound, negotiate, new InboundBudget());
  }

  /** A connection whose waiting messages count against {@code budget}, shared with others. */
  NettyConnection(
      Channel channel,
      EventLoop owner,
      boolean outbound,
      BiFunction<Open, Open, CodecContext> negotiate,
      InboundBudget budget) {
    this.channel = channel;
    this.owner = owner;
    this.outbound = outbound;
    this.negotiate = negotiate;
    this.budget = budget;
  }

  private volatile java.util.function.Consumer<Throwable> onError = t -> {};

  /** Who hears of this connection's handler failures (the transport's health), besides the FSM. */
  void onError(java.util.function.Consumer<Throwable> c) {
    onError = c;
  }

  @Override
  public void listen(ConnectionListener l) {
    listener = l;
  }

  @Override
  public void send(BgpMessage message) {
    if (closing) {
      return;
    }
    channel
        .eventLoop()
        .execute(
            () -> {
              if (message instanceof Open o) {
                localOpen = o;
                negotiated();
              }
              write(BgpCodec.encode(message, ctx, channel.alloc()));
            });
  }

  /** Writes {@code b} (I/O thread); one flush follows every write queued behind it. */
  private void write(ByteBuf b) {
    channel.write(b, channel.voidPromise());
    scheduleFlush();
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      // one flush (one syscall) for every message queued behind this one
      flushScheduled = true;
      channel
          .eventLoop()
          .execute(
              () -> {
                flushScheduled = false;
                channel.flush();
              });
    }
  }

  /** Buffers handed to the I/O thread hold about this many bytes of encoded messages. */
  static final int CHUNK = 64 * 1024;

  /**
   * Encodes the messages here, on the owner's thread, into buffers of about {@link #CHUNK} bytes: a
   * burst of UPDATEs (a full table to a new neighbor) then waits for the socket as compact bytes
   * outside the heap, not as message objects that the collector copies while they wait. The codec
   * context is final by then (these are UPDATEs of an Established session); a batch holding an OPEN
   * goes message by message.
   */
  @Override
  public void sendAll(java.util.List<? extends BgpMessage> messages) {
    if (closing || messages.isEmpty()) {
      return;
    }
    int n = messages.size();
    for (int i = 0; i < n; i++) { // (indexed loops: no iterator per batch)
      if (messages.get(i) instanceof Open) {
        messages.forEach(this::send);
        return;
      }
    }
    CodecContext c = ctx;
    ByteBuf buf = null;
    for (int i = 0; i < n; i++) {
      BgpMessage m = messages.get(i);
      if (buf == null) {
        buf = channel.alloc().buffer(CHUNK + 4096); // (room for the message that crosses CHUNK)
      }
      int start = buf.writerIndex();
      try {
        BgpCodec.encode(m, c, buf);
      } catch (RuntimeException e) {
        buf.writerIndex(start); // (nothing of it goes out: the stream stays whole)
        LOG.log(System.Logger.Level.ERROR, "not sent, cannot be encoded: " + m, e);
        continue;
      }
      if (buf.readableBytes() >= CHUNK) {
        post(buf);
        buf = null;
      }
    }
    if (buf != null) {
      post(buf);
    }
  }

  private void post(ByteBuf buf) {
    int n = buf.readableBytes();
    unsent.addAndGet(n);
    channel
        .eventLoop()
        .execute(
            () -> {
              if (!channel.isActive()) {
                buf.release();
                written(n);
                return;
              }
              channel.write(buf).addListener(f -> written(n));
              scheduleFlush();
            });
  }

  @Override
  public boolean writable() {
    if (unsent.get() < SEND_HIGH) {
      return true;
    }
    wantWritable.set(true);
    // (read again: if the socket drained in between, no signal is coming for this call)
    return unsent.get() < SEND_HIGH;
  }

  /** {@code n} bytes of {@link #sendAll} left (written, or dropped with the connection). */
  private void written(int n) {
    if (unsent.addAndGet(-n) < SEND_LOW && wantWritable.compareAndSet(true, false)) {
      post(ConnectionListener::onWritable);
    }
  }

  /** Bytes handed over by {@link #sendAll} and not written yet (for tests). */
  long unsentBytes() {
    return unsent.get();
  }

  private void negotiated() {
    if (localOpen != null && remoteOpen != null) {
      ctx = negotiate.apply(localOpen, remoteOpen);
    }
  }

  @Override
  public void setCodecContext(CodecContext c) {
    ctx = c; // normally already in force (see the class comment)
  }

  @Override
  public void close() {
    closing = true;
    channel
        .eventLoop()
        .execute(
            () ->
                channel
                    .writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
                    .addListener(ChannelFutureListener.CLOSE));
  }

  @Override
  public IpAddress remoteAddress() {
    return IpAddress.fromBytes(
        ((InetSocketAddress) channel.remoteAddress()).getAddress().getAddress());
  }

  @Override
  public IpAddress localAddress() {
    return IpAddress.fromBytes(
        ((InetSocketAddress) channel.localAddress()).getAddress().getAddress());
  }

  @Override
  public boolean outbound() {
    return outbound;
  }

  /** The channel (tests read its socket options). */
  Channel channel() {
    return channel;
  }

  // ------------------------------------------------------------------ inbound, I/O thread

  /**
   * Messages decoded in the current read burst, handed to the owner as one task when the burst ends
   * (or every {@link #BATCH} messages): one cross-thread handoff per socket read instead of one per
   * message. Events other than messages first deliver the batch, so order is kept.
   */
  private ArrayList<BgpMessage> batch = new ArrayList<>(); // I/O thread only

  static final int BATCH = 256;

  @Override
  public void channelRead(ChannelHandlerContext c, Object msg) {
    if (msg instanceof WireError e) {
      deliver();
      post(l -> l.onDecodeError(e));
      return;
    }
    ByteBuf frame = (ByteBuf) msg;
    try {
      BgpMessage m = BgpCodec.decode(frame, ctx);
      if (m instanceof Open o) {
        remoteOpen = o;
        negotiated();
      }
      batch.add(m);
      if (batch.size() >= BATCH) {
        deliver();
      }
    } catch (BgpDecodeException e) {
      deliver();
      post(l -> l.onDecodeError(e.error()));
    } finally {
      frame.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext c) {
    deliver();
    c.fireChannelReadComplete();
  }

  /** Posts the messages of the current batch to the owner, in one task. */
  private void deliver() {
    if (batch.isEmpty()) {
      return;
    }
    List<BgpMessage> b = batch;
    batch = new ArrayList<>();
    int n = b.size();
    if (budget.add(n) && !paused) {
      paused = true;
      channel.config().setAutoRead(false);
      budget.pause(this::resume);
    }
    owner.execute(
        () -> {
          try {
            for (int i = 0; i < n; i++) {
              ConnectionListener l = listener; // a message may end the session: read it each time
              try {
                (l != null ? l : IGNORE).onMessage(b.get(i));
              } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "handling " + b.get(i).getClass(), e);
              }
            }
          } finally {
            budget.done(n);
          }
        });
  }

  /** Reads again (the owner has caught up with this connection and the others that share it). */
  private void resume() {
    paused = false;
    channel
        .eventLoop()
        .execute(
            () -> {
              if (!paused) { // (not paused again since)
                channel.config().setAutoRead(true);
              }
            });
  }

  @Override
  public void channelInactive(ChannelHandlerContext c) {
    deliver();
    post(l -> l.onClosed("connection closed"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext c, Throwable cause) {
    onError.accept(cause);
    deliver();
    post(l -> l.onClosed(String.valueOf(cause.getMessage())));
    c.close();
  }

  private void post(java.util.function.Consumer<ConnectionListener> event) {
    owner.execute(
        () -> {
          ConnectionListener l = listener;
          if (l != null) {
            event.accept(l);
          } else {
            event.accept(IGNORE);
          }
        });
  }

  /** Events that arrive before anyone listens still count down the queue. */
  private static final ConnectionListener IGNORE =
      new ConnectionListener() {
        @Override
        public void onMessage(BgpMessage message) {}

        @Override
        public void onDecodeError(WireError error) {}

        @Override
        public void onClosed(String reason) {}
      };
}
