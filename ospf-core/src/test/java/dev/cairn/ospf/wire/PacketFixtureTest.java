package dev.cairn.ospf.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cairn.ospf.wire.PacketBody.DatabaseDescription;
import dev.cairn.ospf.wire.PacketBody.Hello;
import dev.cairn.ospf.wire.PacketBody.LsAck;
import dev.cairn.ospf.wire.PacketBody.LsRequest;
import dev.cairn.ospf.wire.PacketBody.LsUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One annotated byte fixture per packet kind (null authentication), used for encode and decode.
 * Packet checksums were computed outside Java (Python) over the packet minus its auth field.
 */
class PacketFixtureTest {
  static final int R1 = LsaFixtureTest.R1;
  static final int R2 = LsaFixtureTest.R2;
  static final LsaHeader RH = LsaFixtureTest.ROUTER_LSA.header();

  static final Hello HELLO = new Hello(0xffffff00, 10, 2, 1, 40, R1, 0, List.of(R2));

  @Test
  void hello() throws Exception {
    check(
        """
        02 01 0030           # version 2, type 1 Hello, length 48
        c0000201 00000000    # router id 192.0.2.1, area 0
        b694 0000            # checksum, AuType 0
        0000000000000000     # authentication
        ffffff00             # network mask
        000a 02 01           # HelloInterval 10, options E, priority 1
        00000028             # RouterDeadInterval 40
        c0000201 00000000    # DR 192.0.2.1, no BDR
        c0000202             # neighbor 192.0.2.2
        """,
        HELLO);
  }

  @Test
  void databaseDescription() throws Exception {
    check(
        """
        02 02 0034 c0000201 00000000  # DD, length 52
        08c8 0000 0000000000000000    # checksum, null auth
        05dc 02 01 00001234           # MTU 1500, options E, flags MS, DD sequence 0x1234
        0001 02 01 c0000201 c0000201 80000001 12b8 0030   # one LSA header
        """,
        new DatabaseDescription(1500, 2, DatabaseDescription.FLAG_MS, 0x1234, List.of(RH)));
  }

  @Test
  void lsRequest() throws Exception {
    check(
        """
        02 03 0024 c0000201 00000000  # LS Request, length 36
        b7d0 0000 0000000000000000
        00000001 c0000202 c0000202    # router-LSA of 192.0.2.2
        """,
        new LsRequest(List.of(new LsaKey(1, R2, R2))));
  }

  @Test
  void lsUpdate() throws Exception {
    check(
        """
        02 04 004c c0000201 00000000  # LS Update, length 76
        7077 0000 0000000000000000
        00000001                      # one LSA
        """
            + LsaFixtureTest.ROUTER,
        new LsUpdate(List.of(LsaFixtureTest.ROUTER_LSA)));
  }

  @Test
  void lsAck() throws Exception {
    check(
        """
        02 05 002c c0000201 00000000  # LS Ack, length 44
        22de 0000 0000000000000000
        0001 02 01 c0000201 c0000201 80000001 12b8 0030
        """,
        new LsAck(List.of(RH)));
  }

  @Test
  void badChecksumVersionTypeAndTruncationAreTyped() {
    byte[] good = PacketCodec.encode(new OspfPacket(R1, 0, HELLO), Authentication.NULL, 0);
    byte[] b = good.clone();
    b[30] ^= 1;
    assertKind(DecodeException.Kind.BAD_CHECKSUM, b);
    b = good.clone();
    b[0] = 3;
    assertKind(DecodeException.Kind.BAD_VERSION, b);
    b = good.clone();
    b[1] = 9;
    assertKind(DecodeException.Kind.BAD_CHECKSUM, b); // checksum covers the type
    assertKind(DecodeException.Kind.TRUNCATED, new byte[] {2, 1});
    assertKind(DecodeException.Kind.BAD_LENGTH, java.util.Arrays.copyOf(good, 40));
  }

  @Test
  void unknownPacketTypeIsTyped() {
    byte[] b = PacketCodec.encode(new OspfPacket(R1, 0, HELLO), Authentication.NULL, 0);
    b[1] = 9;
    int ck = PacketCodec.checksum(b, b.length);
    b[12] = (byte) (ck >> 8);
    b[13] = (byte) ck;
    assertKind(DecodeException.Kind.BAD_TYPE, b);
  }

  private static void assertKind(DecodeException.Kind kind, byte[] b) {
    DecodeException e =
        assertThrows(DecodeException.class, () -> PacketCodec.decode(b, Authentication.NULL));
    assertEquals(kind, e.kind(), e.getMessage());
  }

  private static void check(String fixture, PacketBody body) throws DecodeException {
    byte[] want = Hex.bytes(fixture);
    OspfPacket p = new OspfPacket(R1, 0, body);
    assertEquals(Hex.str(want), Hex.str(PacketCodec.encode(p, Authentication.NULL, 0)));
    assertEquals(p, PacketCodec.decode(want, Authentication.NULL).packet());
  }
}
