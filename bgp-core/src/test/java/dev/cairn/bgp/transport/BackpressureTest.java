package dev.cairn.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.fsm.ConnectionListener;
import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.NlriList;
import dev.cairn.bgp.wire.Update;
import dev.cairn.bgp.wire.WireError;
import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpPrefix;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §3: when the owner loop falls behind, the connection stops reading from the socket (TCP
 * then pushes back on the neighbor) and starts again once the loop has caught up.
 */
class BackpressureTest {

  @Test
  void aBusyOwnerPausesReadingAndACaughtUpOneResumesIt() {
    VirtualEventLoop owner = new VirtualEventLoop();
    EmbeddedChannel ch = new EmbeddedChannel();
    NettyConnection c = new NettyConnection(ch, owner, false, (a, b) -> CodecContext.DEFAULT);
    ch.pipeline().addLast(c);
    AtomicInteger handled = new AtomicInteger();
    c.listen(counting(handled, new AtomicInteger()));
    for (int i = 0; i < InboundBudget.HIGH; i++) {
      ch.writeInbound(keepalive());
    }
    assertThat(ch.config().isAutoRead()).isTrue();
    ch.writeInbound(keepalive()); // one more than the loop may have waiting
    assertThat(ch.config().isAutoRead()).isFalse();
    owner.runPending(); // the owner catches up
    ch.runPendingTasks(); // the I/O thread turns reading back on
    assertThat(handled.get()).isEqualTo(InboundBudget.HIGH + 1);
    assertThat(ch.config().isAutoRead()).isTrue();
    ch.finishAndReleaseAll();
  }

  /**
   * The connections of one owner share what may wait for it: when one neighbor has filled it, a
   * second one stops reading at its first message, and both read again once the owner caught up.
   * (Counted per connection, ten neighbors had ten times as much waiting.)
   */
  @Test
  void connectionsOfOneOwnerShareWhatMayWait() {
    VirtualEventLoop owner = new VirtualEventLoop();
    InboundBudget budget = new InboundBudget();
    EmbeddedChannel ach = new EmbeddedChannel();
    EmbeddedChannel bch = new EmbeddedChannel();
    NettyConnection a =
        new NettyConnection(ach, owner, false, (x, y) -> CodecContext.DEFAULT, budget);
    NettyConnection b =
        new NettyConnection(bch, owner, false, (x, y) -> CodecContext.DEFAULT, budget);
    ach.pipeline().addLast(a);
    bch.pipeline().addLast(b);
    AtomicInteger handled = new AtomicInteger();
    a.listen(counting(handled, new AtomicInteger()));
    b.listen(counting(handled, new AtomicInteger()));
    for (int i = 0; i < InboundBudget.HIGH; i++) {
      ach.writeInbound(keepalive());
    }
    assertThat(ach.config().isAutoRead()).isTrue();
    bch.writeInbound(keepalive()); // b's first message: together they are over the mark
    assertThat(bch.config().isAutoRead()).isFalse();
    ach.writeInbound(keepalive());
    assertThat(ach.config().isAutoRead()).isFalse();
    assertThat(budget.queued()).isEqualTo(InboundBudget.HIGH + 2);
    owner.runPending();
    ach.runPendingTasks();
    bch.runPendingTasks();
    assertThat(handled.get()).isEqualTo(InboundBudget.HIGH + 2);
    assertThat(budget.queued()).isZero();
    assertThat(ach.config().isAutoRead()).isTrue();
    assertThat(bch.config().isAutoRead()).isTrue();
    ach.finishAndReleaseAll();
    bch.finishAndReleaseAll();
  }

  /**
   * Send side: UPDATEs handed over with sendAll and not yet written count against the connection;
   * past the high-water mark it says it is not writable, and once the socket has taken them the
   * owner hears onWritable, on its own loop.
   */
  @Test
  void unsentUpdatesMakeTheConnectionUnwritableUntilTheSocketTakesThem() {
    VirtualEventLoop owner = new VirtualEventLoop();
    EmbeddedChannel ch = new EmbeddedChannel();
    NettyConnection c = new NettyConnection(ch, owner, true, (a, b) -> CodecContext.DEFAULT);
    ch.pipeline().addLast(c);
    AtomicInteger writable = new AtomicInteger();
    c.listen(counting(new AtomicInteger(), writable));
    // withdrawals of 1000 /24s each: about 4 KB an UPDATE
    List<Update> burst = new ArrayList<>();
    int sent = 0;
    while (c.writable()) {
      NlriList.Builder b = NlriList.builder(Afi.IPV4, false);
      for (int i = 0; i < 1000; i++) {
        b.add(IpPrefix.parse("198.51." + (i % 250) + ".0/24"), 0);
      }
      burst.add(Update.withdraw(Family.IPV4_UNICAST, b.build()));
      c.sendAll(burst);
      burst.clear();
      sent++;
    }
    assertThat(c.unsentBytes()).isGreaterThanOrEqualTo(NettyConnection.SEND_HIGH);
    assertThat(sent).isLessThan(NettyConnection.SEND_HIGH / 3000 + 2); // it said so in time
    owner.runPending();
    assertThat(writable.get()).isZero(); // nothing written yet: no signal
    ch.runPendingTasks(); // the I/O thread writes and flushes
    assertThat(c.unsentBytes()).isZero();
    owner.runPending();
    assertThat(writable.get()).isEqualTo(1);
    assertThat(c.writable()).isTrue();
    int frames = 0;
    for (Object o; (o = ch.readOutbound()) != null; ) {
      frames++;
      ((ByteBuf) o).release();
    }
    assertThat(frames).isEqualTo(sent);
    ch.finishAndReleaseAll();
  }

  /** A listener that counts the messages and the writable signals it hears. */
  static ConnectionListener counting(AtomicInteger messages, AtomicInteger writable) {
    return new ConnectionListener() {
      @Override
      public void onMessage(BgpMessage message) {
        messages.incrementAndGet();
      }

      @Override
      public void onDecodeError(WireError error) {}

      @Override
      public void onWritable() {
        writable.incrementAndGet();
      }

      @Override
      public void onClosed(String reason) {}
    };
  }

  static ByteBuf keepalive() {
    return BgpCodec.encode(Keepalive.INSTANCE, CodecContext.DEFAULT, ByteBufAllocator.DEFAULT);
  }
}
