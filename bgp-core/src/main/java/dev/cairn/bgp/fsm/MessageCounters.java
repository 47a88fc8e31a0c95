// Messages sent and received per neighbor, by type (RFC 4271 §4.1 types; RFC 4273 counters).
package dev.cairn.bgp.fsm;

import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.Notification;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.RouteRefresh;
import dev.cairn.bgp.wire.Update;

/**
 * Messages sent and received on one neighbor's sessions, by type, over the life of the neighbor.
 * Written on the session's loop only; readers on other threads take a {@link #snapshot()} there.
 */
public final class MessageCounters {
  /** The message kinds counted, in the order of {@link Snapshot}'s arrays. */
  public enum Kind {
    OPEN,
    UPDATE,
    NOTIFICATION,
    KEEPALIVE,
    ROUTE_REFRESH
  }

  private final long[] in = new long[Kind.values().length];
  private final long[] out = new long[Kind.values().length];

  static Kind kind(BgpMessage m) {
    if (m instanceof Update) {
      return Kind.UPDATE;
    } else if (m instanceof Keepalive) {
      return Kind.KEEPALIVE;
    } else if (m instanceof Open) {
      return Kind.OPEN;
    } else if (m instanceof Notification) {
      return Kind.NOTIFICATION;
    } else if (m instanceof RouteRefresh) {
      return Kind.ROUTE_REFRESH;
    }
    throw new IllegalArgumentException("unknown message " + m);
  }

  void received(BgpMessage m) {
    in[kind(m).ordinal()]++;
  }

  void sent(BgpMessage m) {
    out[kind(m).ordinal()]++;
  }

  public Snapshot snapshot() {
    return new Snapshot(in.clone(), out.clone());
  }

  /** Counts at one moment. */
  public record Snapshot(long[] in, long[] out) {
    public long in(Kind k) {
      return in[k.ordinal()];
    }

    public long out(Kind k) {
      return out[k.ordinal()];
    }
  }

  /** A connection that counts what passes through it. */
  static Connection counting(Connection c, MessageCounters counters) {
    return new Connection() {
      @Override
      public void listen(ConnectionListener listener) {
        c.listen(
            new ConnectionListener() {
              @Override
              public void onMessage(BgpMessage message) {
                counters.received(message);
                listener.onMessage(message);
              }

              @Override
              public void onDecodeError(dev.cairn.bgp.wire.WireError error) {
                listener.onDecodeError(error);
              }

              @Override
              public void onWritable() {
                listener.onWritable();
              }

              @Override
              public void onClosed(String reason) {
                listener.onClosed(reason);
              }
            });
      }

      @Override
      public void send(BgpMessage message) {
        counters.sent(message);
        c.send(message);
      }

      @Override
      public void sendAll(java.util.List<? extends BgpMessage> messages) {
        for (BgpMessage m : messages) {
          counters.sent(m);
        }
        c.sendAll(messages); // (the transport's own: it may encode the batch at once)
      }

      @Override
      public boolean writable() {
        return c.writable();
      }

      @Override
      public void setCodecContext(dev.cairn.bgp.wire.CodecContext ctx) {
        c.setCodecContext(ctx);
      }

      @Override
      public void close() {
        c.close();
      }

      @Override
      public dev.cairn.net.IpAddress remoteAddress() {
        return c.remoteAddress();
      }

      @Override
      public dev.cairn.net.IpAddress localAddress() {
        return c.localAddress();
      }

      @Override
      public boolean outbound() {
        return c.outbound();
      }
    };
  }
}
