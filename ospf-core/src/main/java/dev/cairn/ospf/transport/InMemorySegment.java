package dev.cairn.ospf.transport;

import dev.cairn.event.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory multi-access network for in-JVM topologies: a packet to 224.0.0.5 reaches every
 * other attached interface, one to 224.0.0.6 the members of AllDRouters, a unicast one the
 * interface with that address. Delivery is posted on each receiver's event loop; a point-to-point
 * link is a segment with two ends. {@link #setUp} cuts or restores the medium.
 */
public final class InMemorySegment {
  private final int network;
  private final int prefixLength;
  private final List<End> ends = new ArrayList<>();
  private boolean up = true;
  private long delivered;

  public InMemorySegment(int network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /** Attaches an interface with host number {@code host} in the segment's network. */
  public OspfTransport attach(String name, int host, EventLoop loop) {
    End e = new End(name, network | host, loop);
    ends.add(e);
    return e;
  }

  public void setUp(boolean up) {
    this.up = up;
  }

  /** Packets delivered so far. */
  public long delivered() {
    return delivered;
  }

  private void deliver(End from, int dst, byte[] packet) {
    if (!up || from.receiver == null) {
      return;
    }
    for (End e : ends) {
      if (e == from || e.receiver == null) {
        continue;
      }
      boolean take =
          dst == OspfTransport.ALL_SPF_ROUTERS
              || (dst == OspfTransport.ALL_D_ROUTERS && e.dMember)
              || dst == e.address;
      if (take) {
        byte[] copy = packet.clone();
        int src = from.address;
        delivered++;
        e.loop.execute(
            () -> {
              OspfTransport.Receiver r = e.receiver;
              if (r != null && up) {
                r.receive(src, copy);
              }
            });
      }
    }
  }

  private final class End implements OspfTransport {
    final String name;
    final int address;
    final EventLoop loop;
    Receiver receiver;
    boolean dMember;

    End(String name, int address, EventLoop loop) {
      this.name = name;
      this.address = address;
      this.loop = loop;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int address() {
      return address;
    }

    @Override
    public int prefixLength() {
      return prefixLength;
    }

    @Override
    public void send(int destination, byte[] packet) {
      deliver(this, destination, packet);
    }

    @Override
    public void setReceiver(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public void setAllDRoutersMember(boolean member) {
      dMember = member;
    }
  }
}
