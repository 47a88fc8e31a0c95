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

/**
 * Byte fixtures for the rtnetlink messages cairn writes and reads, checked in both directions.
 * Fixtures are in little-endian host order (x86-64, arm64), as the kernel sends them there.
 */
class MessageCodecTest {

  @BeforeAll
  static void littleEndianHost() {
    assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN, "fixtures are little-endian");
  }

  private static final String ROUTE_NH_ID =
      """
      3c000000 1800 0105 07000000 00000000  # len 60, RTM_NEWROUTE, REQUEST|REPLACE|CREATE, seq 7
      02 18 00 00 fc de 00 01 00000000      # inet /24, table compat(252), proto 222, universe, unicast
      0800 0f00 e8030000                    # RTA_TABLE 1000
      0800 0100 c6336400                    # RTA_DST 198.51.100.0
      0800 0600 14000000                    # RTA_PRIORITY 20
      0800 1e00 0200a10c                    # RTA_NH_ID 0x0ca10002
      """;

  private static final RouteMessage ROUTE =
      new RouteMessage(
          IpPrefix.parse("198.51.100.0/24"),
          1000,
          222,
          0,
          1,
          0,
          20,
          null,
          0,
          0x0ca10002,
          List.of());

  @Test
  void routeWithNexthopIdEncodes() {
    NlWriter w = new NlWriter(64);
    new FibOp.SetRoute(ROUTE).encode(w, 7);
    assertThat(Hex.of(w.written())).isEqualTo(Hex.compact(ROUTE_NH_ID));
  }

  @Test
  void routeWithNexthopIdDecodes() {
    ByteBuffer b = Hex.buffer(ROUTE_NH_ID);
    List<NlMessage> msgs = new ArrayList<>();
    NlMessage.split(b, b.capacity(), msgs::add);
    assertThat(msgs).singleElement().satisfies(m -> assertThat(m.type()).isEqualTo(24));
    assertThat(RouteMessage.decode(msgs.get(0))).isEqualTo(ROUTE);
  }

  private static final String MULTIPATH_V6 =
      """
      7c000000 1800 0105 01000000 00000000       # len 124
      0a 30 00 00 fe de 00 01 00000000           # inet6 /48, table 254, proto 222
      0800 0f00 fe000000                         # RTA_TABLE 254
      1400 0100 20010db8000100000000000000000000 # RTA_DST 2001:db8:1::
      0800 0600 14000000                         # RTA_PRIORITY 20
      3c00 0900                                  # RTA_MULTIPATH, 60 bytes
        1c00 00 00 03000000                      #   rtnexthop len 28, weight 1, ifindex 3
        1400 0500 20010db8000000000000000000000002 # RTA_GATEWAY 2001:db8::2
        1c00 00 01 04000000                      #   rtnexthop len 28, weight 2, ifindex 4
        1400 0500 20010db8000000000000000000000003 # RTA_GATEWAY 2001:db8::3
      """;

  private static final RouteMessage MULTIPATH =
      new RouteMessage(
          IpPrefix.parse("2001:db8:1::/48"),
          254,
          222,
          0,
          1,
          0,
          20,
          null,
          0,
          0,
          List.of(
              new RouteMessage.Path(IpAddress.parse("2001:db8::2"), 3, 1, 0),
              new RouteMessage.Path(IpAddress.parse("2001:db8::3"), 4, 2, 0)));

  @Test
  void multipathRouteBothWays() {
    NlWriter w = new NlWriter(16);
    new FibOp.SetRoute(MULTIPATH).encode(w, 1);
    assertThat(Hex.of(w.written())).isEqualTo(Hex.compact(MULTIPATH_V6));
    ByteBuffer b = Hex.buffer(MULTIPATH_V6);
    NlMessage.split(b, b.capacity(), m -> assertThat(RouteMessage.decode(m)).isEqualTo(MULTIPATH));
  }

  @Test
  void deleteOfADefaultRouteHasNoDst() {
    RouteMessage del =
        new RouteMessage(
            IpPrefix.parse("0.0.0.0/0"), 254, 222, 255, 0, 0, 0, null, 0, 0, List.of());
    NlWriter w = new NlWriter(64);
    new FibOp.DeleteRoute(del).encode(w, 2);
    assertThat(Hex.of(w.written()))
        .isEqualTo(
            Hex.compact(
                """
                24000000 1900 0100 02000000 00000000 # len 36, RTM_DELROUTE, REQUEST
                02 00 00 00 fe de ff 00 00000000     # scope nowhere, type unspec: match any
                0800 0f00 fe000000                   # RTA_TABLE 254
                """));
  }

  private static final String RESILIENT_GROUP =
      """
      58000000 6800 0105 05000000 00000000 # len 88, RTM_NEWNEXTHOP
      00 00 de 00 00000000                 # AF_UNSPEC, proto 222
      0800 0100 0300a10c                   # NHA_ID
      1400 0200                            # NHA_GROUP, two nexthop_grp
        0100a10c 00 00 0000                #   id 0x0ca10001 weight 1
        0200a10c 02 00 0000                #   id 0x0ca10002 weight 3
      0600 0300 0100 0000                  # NHA_GROUP_TYPE resilient
      1c00 0c80                            # NHA_RES_GROUP (nested)
        0600 0100 8000 0000                #   buckets 128
        0800 0200 e02e0000                 #   idle timer 120 s = 12000 ticks
        0800 0300 00000000                 #   unbalanced timer 0
      """;

  private static final NexthopMessage GROUP =
      NexthopMessage.group(
          0x0ca10003,
          222,
          List.of(
              new NexthopMessage.Member(0x0ca10001, 1), new NexthopMessage.Member(0x0ca10002, 3)),
          new NexthopMessage.Resilient(128, 120, 0));

  @Test
  void resilientGroupBothWays() {
    NlWriter w = new NlWriter(16);
    new FibOp.SetNexthop(GROUP).encode(w, 5);
    assertThat(Hex.of(w.written())).isEqualTo(Hex.compact(RESILIENT_GROUP));
    ByteBuffer b = Hex.buffer(RESILIENT_GROUP);
    NlMessage.split(b, b.capacity(), m -> assertThat(NexthopMessage.decode(m)).isEqualTo(GROUP));
  }

  @Test
  void singleNexthopAndBlackholeRoundTrip() {
    for (NexthopMessage nh :
        List.of(
            NexthopMessage.single(9, 222, IpAddress.parse("192.0.2.2"), Rtnl.AF_INET, 3),
            NexthopMessage.single(10, 222, null, Rtnl.AF_INET6, 4),
            new NexthopMessage(11, 0, 222, 0, null, 0, true, List.of(), null))) {
      NlWriter w = new NlWriter(16);
      new FibOp.SetNexthop(nh).encode(w, 1);
      ByteBuffer b = w.written();
      NlMessage.split(b, b.limit(), m -> assertThat(NexthopMessage.decode(m)).isEqualTo(nh));
    }
  }

  @Test
  void deleteNexthopCarriesOnlyTheId() {
    NlWriter w = new NlWriter(16);
    new FibOp.DeleteNexthop(0x0ca10003).encode(w, 3);
    assertThat(Hex.of(w.written()))
        .isEqualTo(
            Hex.compact(
                """
                20000000 6900 0100 03000000 00000000 # RTM_DELNEXTHOP
                00 00 00 00 00000000
                0800 0100 0300a10c
                """));
  }

  @Test
  void errorWithExtendedAckText() {
    ByteBuffer b =
        Hex.buffer(
            """
            44000000 0200 0003 09000000 2a000000 # NLMSG_ERROR, CAPPED|ACK_TLVS, seq 9
            9bffffff                             # -101 ENETUNREACH
            3c000000 1800 0105 09000000 00000000 # the request's header only (capped)
            2000 0100                            # NLMSGERR_ATTR_MSG, 28 bytes:
            4e657874686f70206861732069 6e76616c696420676174657761 7900
            """);
    NlMessage.split(
        b,
        b.capacity(),
        m -> {
          NlError e = NlError.decode(m);
          assertThat(e.seq()).isEqualTo(9);
          assertThat(e.errno()).isEqualTo(Errno.ENETUNREACH);
          assertThat(e.requestType()).isEqualTo(Rtnl.RTM_NEWROUTE);
          assertThat(e.message()).isEqualTo("Nexthop has invalid gateway");
          assertThat(e.isAck()).isFalse();
        });
  }

  @Test
  void ackAndLinkAndSplitOfSeveralMessages() {
    ByteBuffer b =
        Hex.buffer(
            """
            24000000 0200 0001 04000000 2a000000 00000000  # ACK (error 0), capped
            14000000 0100 0500 04000000 00000000           # (request header echoed)
            2c000000 1000 0200 05000000 2a000000           # RTM_NEWLINK, MULTI
            00 00 0100 03000000 43100100 00000000          # ifindex 3, flags UP|...
            0a00 0300 7665746830000000                      # IFLA_IFNAME "veth0"
            14000000 0300 0200 05000000 2a000000 00000000  # NLMSG_DONE
            """);
    List<NlMessage> msgs = new ArrayList<>();
    NlMessage.split(b, b.capacity(), msgs::add);
    assertThat(msgs).extracting(NlMessage::type).containsExactly(2, 16, 3);
    assertThat(NlError.decode(msgs.get(0)).isAck()).isTrue();
    assertThat(LinkMessage.decode(msgs.get(1))).isEqualTo(new LinkMessage(3, "veth0", 0x11043));
  }

  @Test
  void manyMessagesInOneBufferAreAligned() {
    NlWriter w = new NlWriter(64);
    for (int i = 0; i < 100; i++) {
      new FibOp.SetRoute(MULTIPATH).encode(w, i);
      new FibOp.DeleteNexthop(i).encode(w, i);
    }
    List<NlMessage> msgs = new ArrayList<>();
    ByteBuffer b = w.written();
    NlMessage.split(b, b.limit(), msgs::add);
    assertThat(msgs).hasSize(200);
    assertThat(RouteMessage.decode(msgs.get(198))).isEqualTo(MULTIPATH);
    assertThat(msgs.get(199).seq()).isEqualTo(99);
  }

  @Test
  void kernelVersionComparison() {
    assertThat(KernelRoutes.kernelAtLeast("6.1.0-18-amd64", 5, 13)).isTrue();
    assertThat(KernelRoutes.kernelAtLeast("5.13.0", 5, 13)).isTrue();
    assertThat(KernelRoutes.kernelAtLeast("5.10.0-28-amd64", 5, 13)).isFalse();
    assertThat(KernelRoutes.kernelAtLeast("garbage", 5, 13)).isFalse();
  }
}
