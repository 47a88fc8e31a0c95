package dev.cairn.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Byte fixtures (little-endian host order) for the link and address notifications. */
class InterfaceMessagesTest {

  @BeforeAll
  static void littleEndianHost() {
    assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "fixtures are little-endian");
  }

  private static final String NEWLINK =
      """
      34000000 1000 0000 00000000 00000000  # len 52, RTM_NEWLINK, seq 0, pid 0 (a notification)
      00 00 0100 07000000 43100000 ffffffff # AF_UNSPEC, ARPHRD_ETHER, index 7, UP|BROADCAST|RUNNING|MULTICAST
      0a00 0300 76657468 3000 0000          # IFLA_IFNAME "veth0\\0", padded
      0800 0400 dc050000                    # IFLA_MTU 1500
      """;

  private static final String DELLINK_DOWN =
      """
      2c000000 1100 0000 00000000 00000000  # len 44, RTM_DELLINK
      00 00 0100 07000000 02100000 00000000 # index 7, BROADCAST|MULTICAST (down)
      0a00 0300 76657468 3000 0000          # IFLA_IFNAME "veth0"
      """;

  private static final String NEWADDR_V4 =
      """
      34000000 1400 0000 00000000 00000000  # len 52, RTM_NEWADDR
      02 18 80 00 07000000                  # AF_INET /24, IFA_F_PERMANENT, scope universe, index 7
      0800 0100 c0000202                    # IFA_ADDRESS 192.0.2.2 (the peer on a point-to-point)
      0800 0200 c0000201                    # IFA_LOCAL 192.0.2.1 (ours)
      0a00 0300 76657468 3000 0000          # IFA_LABEL "veth0"
      """;

  private static final String NEWADDR_V6 =
      """
      2c000000 1400 0000 00000000 00000000  # len 44, RTM_NEWADDR
      0a 40 80 00 07000000                  # AF_INET6 /64, permanent, universe, index 7
      1400 0100 20010db8 00000000 00000000 00000001  # IFA_ADDRESS 2001:db8::1
      """;

  private static final String DELADDR_LL =
      """
      2c000000 1500 0000 00000000 00000000  # len 44, RTM_DELADDR
      0a 40 80 fd 07000000                  # AF_INET6 /64, scope link (253), index 7
      1400 0100 fe800000 00000000 00000000 00000001  # IFA_ADDRESS fe80::1
      """;

  private static List<NlMessage> split(String fixture) {
    ByteBuffer b = Hex.buffer(fixture);
    List<NlMessage> out = new ArrayList<>();
    NlMessage.split(b, b.capacity(), out::add);
    return out;
  }

  @Test
  void newLinkDecodes() {
    NlMessage m = split(NEWLINK).get(0);
    assertThat(m.type()).isEqualTo(Rtnl.RTM_NEWLINK);
    Link l = InterfaceMessages.link(m);
    assertThat(l).isEqualTo(new Link(7, "veth0", 0x1043, 1500));
    assertThat(l.isUp()).isTrue();
    assertThat(l.isRunning()).isTrue();
  }

  @Test
  void delLinkDecodesDown() {
    NlMessage m = split(DELLINK_DOWN).get(0);
    assertThat(m.type()).isEqualTo(Rtnl.RTM_DELLINK);
    Link l = InterfaceMessages.link(m);
    assertThat(l.index()).isEqualTo(7);
    assertThat(l.name()).isEqualTo("veth0");
    assertThat(l.isUp()).isFalse();
    assertThat(l.mtu()).isZero();
  }

  @Test
  void ipv4AddressPrefersLocalOverPeer() {
    Address a = InterfaceMessages.address(split(NEWADDR_V4).get(0));
    assertThat(a).isEqualTo(new Address(7, IpAddress.parse("192.0.2.1"), 24, 0));
    assertThat(a.family()).isEqualTo(Rtnl.AF_INET);
    assertThat(a.connectedPrefix()).isEqualTo(IpPrefix.parse("192.0.2.0/24"));
  }

  @Test
  void ipv6AddressAndLinkLocal() {
    Address a = InterfaceMessages.address(split(NEWADDR_V6).get(0));
    assertThat(a).isEqualTo(new Address(7, IpAddress.parse("2001:db8::1"), 64, 0));
    assertThat(a.connectedPrefix()).isEqualTo(IpPrefix.parse("2001:db8::/64"));

    NlMessage m = split(DELADDR_LL).get(0);
    assertThat(m.type()).isEqualTo(Rtnl.RTM_DELADDR);
    Address ll = InterfaceMessages.address(m);
    assertThat(ll).isEqualTo(new Address(7, IpAddress.parse("fe80::1"), 64, Rtnl.RT_SCOPE_LINK));
    assertThat(ll.isLinkLocalIpv6()).isTrue();
    assertThat(ll.connectedPrefix()).isNull();
  }

  @Test
  void oneDatagramWithSeveralNotifications() {
    List<NlMessage> all = split(NEWLINK + NEWADDR_V4 + NEWADDR_V6 + DELADDR_LL);
    assertThat(all)
        .extracting(NlMessage::type)
        .containsExactly(Rtnl.RTM_NEWLINK, Rtnl.RTM_NEWADDR, Rtnl.RTM_NEWADDR, Rtnl.RTM_DELADDR);
  }
}
