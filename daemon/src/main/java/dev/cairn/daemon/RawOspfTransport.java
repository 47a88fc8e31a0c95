package dev.cairn.daemon;

import dev.cairn.event.EventLoop;
import dev.cairn.kernel.RawIpSocket;
import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.transport.OspfTransport;

/**
 * An OSPF interface's packets over a raw IP socket (protocol 89) bound to one Linux interface:
 * member of AllSPFRouters always and of AllDRouters while the router is DR or BDR, TTL 1, its own
 * packets not looped back. Received packets are handed to the OSPF loop.
 */
final class RawOspfTransport implements OspfTransport {
  private final RawIpSocket socket;
  private final EventLoop loop;
  private final String name;
  private final int address;
  private final int prefixLength;
  private final int mtu;
  private volatile Receiver receiver;
  private boolean allDRouters;

  private RawOspfTransport(
      RawIpSocket socket, EventLoop loop, String name, int address, int prefixLength, int mtu) {
    this.socket = socket;
    this.loop = loop;
    this.name = name;
    this.address = address;
    this.prefixLength = prefixLength;
    this.mtu = mtu;
  }

  /** Opens the socket on {@code ifname}, whose IPv4 address is {@code address/prefixLength}. */
  static RawOspfTransport open(
      String ifname, Ipv4Address address, int prefixLength, int mtu, EventLoop loop) {
    RawIpSocket s = RawIpSocket.open(null, ifname, RawIpSocket.IPPROTO_OSPF);
    s.join(RawIpSocket.ALL_SPF_ROUTERS);
    RawOspfTransport t =
        new RawOspfTransport(s, loop, ifname, address.bits(), prefixLength, mtu > 0 ? mtu : 1500);
    s.start(
        p -> {
          Receiver r = t.receiver;
          if (r != null && p.source().bits() != t.address) {
            loop.execute(() -> r.receive(p.source().bits(), p.payload()));
          }
        });
    return t;
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
    receiver = r;
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
    receiver = null;
    socket.close();
  }
}
