package dev.cairn.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.fsm.ConnectionListener;
import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.WireError;
import dev.cairn.event.VirtualEventLoop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
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
    c.listen(
        new ConnectionListener() {
          @Override
          public void onMessage(BgpMessage message) {
            handled.incrementAndGet();
          }

          @Override
          public void onDecodeError(WireError error) {}

          @Override
          public void onClosed(String reason) {}
        });
    for (int i = 0; i < NettyConnection.HIGH; i++) {
      ch.writeInbound(keepalive());
    }
    assertThat(ch.config().isAutoRead()).isTrue();
    ch.writeInbound(keepalive()); // one more than the loop may have waiting
    assertThat(ch.config().isAutoRead()).isFalse();
    owner.runPending(); // the owner catches up
    ch.runPendingTasks(); // the I/O thread turns reading back on
    assertThat(handled.get()).isEqualTo(NettyConnection.HIGH + 1);
    assertThat(ch.config().isAutoRead()).isTrue();
    ch.finishAndReleaseAll();
  }

  static ByteBuf keepalive() {
    return BgpCodec.encode(Keepalive.INSTANCE, CodecContext.DEFAULT, ByteBufAllocator.DEFAULT);
  }
}
