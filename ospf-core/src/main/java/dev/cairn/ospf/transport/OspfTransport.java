package dev.cairn.ospf.transport;

/**
 * How an OSPF interface sends and receives packets (the IP payload, protocol 89). The daemon
 * implements it over a raw IP socket bound to one Linux interface; tests use {@link
 * InMemorySegment}. Addresses are IPv4 addresses as ints (224.0.0.5 is AllSPFRouters, 224.0.0.6
 * AllDRouters). Callbacks are delivered on the OSPF instance's event loop.
 */
public interface OspfTransport {
  int ALL_SPF_ROUTERS = 0xe0000005;
  int ALL_D_ROUTERS = 0xe0000006;

  /** Receives one packet. */
  interface Receiver {
    void receive(int sourceAddress, byte[] packet);
  }

  /** The interface's name, e.g. {@code eth0}. */
  String name();

  /** The interface's primary IPv4 address. */
  int address();

  /** The prefix length of that address. */
  int prefixLength();

  /** The IP MTU, announced in Database Description packets. */
  default int mtu() {
    return 1500;
  }

  /** Sends with TTL 1 to a multicast group or a neighbor's address. */
  void send(int destination, byte[] packet);

  /** Starts delivering received packets (not our own) to {@code receiver}; null stops. */
  void setReceiver(Receiver receiver);

  /** Joins or leaves AllDRouters (224.0.0.6): members are the DR and the BDR. */
  void setAllDRoutersMember(boolean member);

  /** Releases the socket. */
  default void close() {
    setReceiver(null);
  }
}
