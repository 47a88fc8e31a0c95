package dev.cairn.ospf.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cairn.ospf.transport.PacketFilter.Reason;
import dev.cairn.ospf.wire.Ipv4;
import org.junit.jupiter.api.Test;

/** The reader-thread checks of RFC 2328 8.1, 8.2 and A.1, without a socket. */
class PacketFilterTest {
  static final int SPF = OspfTransport.ALL_SPF_ROUTERS;
  static final int DR = OspfTransport.ALL_D_ROUTERS;
  static final int ME = Ipv4.parse("198.51.100.1");
  static final int PEER = Ipv4.parse("198.51.100.2");
  static final int OFF = Ipv4.parse("203.0.113.9");

  PacketFilter lan = new PacketFilter(ME, 24, false);
  PacketFilter p2p = new PacketFilter(ME, 24, true);

  @Test
  void accepted() {
    assertNull(lan.check(1, PEER, SPF));
    assertNull(lan.check(1, PEER, DR));
    assertNull(lan.check(1, PEER, ME));
    // unicast: no TTL rule (a neighbor's unicast may come with any TTL the sender chose)
    assertNull(lan.check(64, PEER, ME));
  }

  @Test
  void multicastWithATtlOtherThanOneIsDropped() {
    assertEquals(Reason.TTL, lan.check(2, PEER, SPF));
    assertEquals(Reason.TTL, lan.check(255, PEER, DR));
    assertEquals(Reason.TTL, lan.check(0, PEER, SPF));
    assertEquals(Reason.TTL, p2p.check(2, OFF, SPF));
  }

  @Test
  void otherDestinationsAreDropped() {
    assertEquals(Reason.DESTINATION, lan.check(1, PEER, Ipv4.parse("224.0.0.9")));
    assertEquals(Reason.DESTINATION, lan.check(1, PEER, Ipv4.parse("198.51.100.3")));
    assertEquals(Reason.DESTINATION, lan.check(1, PEER, Ipv4.parse("198.51.100.255")));
    assertEquals(Reason.DESTINATION, p2p.check(1, PEER, Ipv4.parse("255.255.255.255")));
  }

  @Test
  void offSubnetSourcesAreDroppedOnBroadcastNetworksOnly() {
    assertEquals(Reason.SOURCE_SUBNET, lan.check(1, OFF, SPF));
    assertEquals(Reason.SOURCE_SUBNET, lan.check(1, OFF, ME));
    assertNull(p2p.check(1, OFF, SPF));
    assertNull(new PacketFilter(ME, 32, true).check(1, OFF, ME));
  }

  @Test
  void ourOwnAddressIsDropped() {
    assertEquals(Reason.OWN_ADDRESS, lan.check(1, ME, SPF));
    assertEquals(Reason.OWN_ADDRESS, p2p.check(1, ME, SPF));
  }
}
