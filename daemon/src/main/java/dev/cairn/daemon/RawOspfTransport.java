package dev.cairn.daemon;

import dev.cairn.event.EventLoop;
import dev.cairn.kernel.RawIpSocket;
import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.transport.DropLog;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.ospf.transport.PacketFilter;
import dev.cairn.ospf.transport.PacketInbox;
import java.util.function.Consumer;

/**
 * An OSPF interface's packets over a raw IP socket (protocol 89) bound to one Linux interface:
 * member of AllSPFRouters always and of AllDRouters while the router is DR or BDR, TTL 1, its own
 * packets not looped back. On the socket's reader thread each received packet passes the {@link
 * PacketFilter} (TTL, destination, source subnet, own address) and then waits in a bounded {@link
 * PacketInbox} for the OSPF loop; every drop is counted per reason and logged through a capped
 * {@link DropLog}.
 */
final class RawOspfTransport implements OspfTransport {
  private final RawIpSocket socket;
  private final String name;
  private final int address;
  private final int prefixLength;
  private final int mtu;
  private final PacketFilter filter;
  private final PacketInbox inbox;
  final DropLog drops;
  private boolean allDRouters;

  private RawOspfTransport(
      RawIpSocket socket,
      EventLoop loop,
      String name,
      int address,
      int prefixLength,
      int mtu,
      boolean pointToPoint,
      Consumer<String> log) {
    this.socket = socket;
    this.name = name;
    this.address = address;
    this.prefixLength = prefixLength;
    this.mtu = mtu;
    this.filter = new PacketFilter(address, prefixLength, pointToPoint);
    this.inbox = new PacketInbox(loop, PacketInbox.DEFAULT_CAPACITY);
    this.drops = new DropLog(name, log, System::nanoTime);
  }

  /**
   * Opens the socket on {@code ifname} (in the namespace {@code netns}, null: the current one),
   * whose IPv4 address is {@code address/prefixLength}.
   */
  static RawOspfTransport open(
      String netns,
      String ifname,
      Ipv4Address address,
      int prefixLength,
      int mtu,
      boolean pointToPoint,
      EventLoop loop,
      Consumer<String> log) {
    RawIpSocket s = RawIpSocket.open(netns, ifname, RawIpSocket.IPPROTO_OSPF);
    s.join(RawIpSocket.ALL_SPF_ROUTERS);
    RawOspfTransport t =
        new RawOspfTransport(
            s, loop, ifname, address.bits(), prefixLength, mtu > 0 ? mtu : 1500, pointToPoint, log);
    s.start(t::received, "ospf-reader/" + ifname); // its liveness in show health
    return t;
  }

  /** On the reader thread: the filter, then the bounded inbox into the loop. */
  private void received(RawIpSocket.Packet p) {
    int src = p.source().bits();
    PacketFilter.Reason why = filter.check(p.ttl(), src, p.destination().bits());
    if (why == null && !inbox.offer(src, p.payload())) {
      why = PacketFilter.Reason.QUEUE_FULL;
    }
    if (why != null) {
      drops.drop(why, src);
    }
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
  public int mtu() {
    return mtu;
  }

  @Override
  public void send(int destination, byte[] packet) {
    socket.send(new Ipv4Address(destination), packet);
  }

  @Override
  public void setReceiver(Receiver r) {
    inbox.setReceiver(r);
  }

  @Override
  public void setAllDRoutersMember(boolean member) {
    if (member != allDRouters) {
      allDRouters = member;
      if (member) {
        socket.join(RawIpSocket.ALL_D_ROUTERS);
      } else {
        socket.leave(RawIpSocket.ALL_D_ROUTERS);
      }
    }
  }

  @Override
  public void close() {
    inbox.setReceiver(null);
    socket.close();
  }
}
