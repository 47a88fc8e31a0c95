package dev.cairn.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.Update;
import dev.cairn.bgp.wire.WireError;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counting connection every session wraps its transport in must pass the whole transport
 * contract through: a batch reaches the transport as a batch (the TCP transport encodes it at once
 * on the speaker's thread), and writability and its signal travel both ways.
 */
class MessageCountersTest {

  /** A transport that records how it was called. */
  static final class Recording implements Connection {
    final List<List<? extends BgpMessage>> batches = new ArrayList<>();
    final List<BgpMessage> singles = new ArrayList<>();
    ConnectionListener listener;
    boolean writable = true;

    @Override
    public void listen(ConnectionListener l) {
      listener = l;
    }

    @Override
    public void send(BgpMessage message) {
      singles.add(message);
    }

    @Override
    public void sendAll(List<? extends BgpMessage> messages) {
      batches.add(List.copyOf(messages));
    }

    @Override
    public boolean writable() {
      return writable;
    }

    @Override
    public void setCodecContext(CodecContext ctx) {}

    @Override
    public void close() {}

    @Override
    public IpAddress remoteAddress() {
      return IpAddress.parse("192.0.2.2");
    }

    @Override
    public IpAddress localAddress() {
      return IpAddress.parse("192.0.2.1");
    }

    @Override
    public boolean outbound() {
      return true;
    }
  }

  @Test
  void batchesWritabilityAndItsSignalPassThroughAndAreCounted() {
    Recording raw = new Recording();
    MessageCounters counters = new MessageCounters();
    Connection c = MessageCounters.counting(raw, counters);
    int[] writableSignals = {0};
    c.listen(
        new ConnectionListener() {
          @Override
          public void onMessage(BgpMessage message) {}

          @Override
          public void onDecodeError(WireError error) {}

          @Override
          public void onWritable() {
            writableSignals[0]++;
          }

          @Override
          public void onClosed(String reason) {}
        });
    List<Update> batch =
        List.of(Update.endOfRib(Family.IPV4_UNICAST), Update.endOfRib(Family.IPV6_UNICAST));
    c.sendAll(batch);
    c.send(Keepalive.INSTANCE);
    assertThat(raw.batches).containsExactly(batch);
    assertThat(raw.singles).containsExactly(Keepalive.INSTANCE);
    assertThat(counters.snapshot().out(MessageCounters.Kind.UPDATE)).isEqualTo(2);
    assertThat(counters.snapshot().out(MessageCounters.Kind.KEEPALIVE)).isEqualTo(1);

    raw.writable = false;
    assertThat(c.writable()).isFalse();
    raw.listener.onWritable();
    assertThat(writableSignals[0]).isEqualTo(1);
  }
}
