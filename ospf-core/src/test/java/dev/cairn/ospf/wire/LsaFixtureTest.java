package dev.cairn.ospf.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cairn.ospf.wire.LsaBody.ExternalLsa;
import dev.cairn.ospf.wire.LsaBody.NetworkLsa;
import dev.cairn.ospf.wire.LsaBody.RouterLink;
import dev.cairn.ospf.wire.LsaBody.RouterLsa;
import dev.cairn.ospf.wire.LsaBody.SummaryLsa;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One annotated byte fixture per LSA kind, used for both directions. The Fletcher checksums in the
 * fixtures were computed outside Java (a separate Python implementation of RFC 905 Annex B) and are
 * checked against {@link Checksums#fletcher}.
 */
class LsaFixtureTest {
  static final int R1 = 0xc0000201; // 192.0.2.1
  static final int R2 = 0xc0000202; // 192.0.2.2

  static final String ROUTER =
      """
      0001 02 01          # age 1, options E, type 1 router-LSA
      c0000201 c0000201   # LS id, advertising router 192.0.2.1
      80000001            # InitialSequenceNumber
      12b8 0030           # Fletcher checksum, length 48
      00 00 0002          # flags none, 2 links
      c0000202 c0000201 02 00 000a   # transit: DR 192.0.2.2, our address 192.0.2.1, cost 10
      c6336400 ffffff00 03 00 0001   # stub 198.51.100.0/24, cost 1
      """;

  static final Lsa ROUTER_LSA =
      Lsa.build(
          1,
          2,
          R1,
          R1,
          LsaHeader.INITIAL_SEQ,
          new RouterLsa(
              0,
              List.of(
                  new RouterLink(R2, R1, LsaBody.LINK_TRANSIT, 10),
                  new RouterLink(0xc6336400, 0xffffff00, LsaBody.LINK_STUB, 1))));

  @Test
  void routerLsa() throws Exception {
    check(ROUTER, ROUTER_LSA);
  }

  @Test
  void networkLsa() throws Exception {
    check(
        """
        0001 02 02 c0000202 c0000202 80000001  # network-LSA of DR 192.0.2.2
        8cbb 0020                              # checksum, length 32
        ffffff00                               # mask /24
        c0000201 c0000202                      # attached routers
        """,
        Lsa.build(
            1, 2, R2, R2, LsaHeader.INITIAL_SEQ, new NetworkLsa(0xffffff00, List.of(R1, R2))));
  }

  @Test
  void summaryLsa() throws Exception {
    check(
        """
        0001 02 03 c6336500 c0000201 80000001  # type-3 summary for 198.51.101.0
        7fa6 001c                              # checksum, length 28
        ffffff00 00000014                      # mask /24, TOS 0, metric 20
        """,
        Lsa.buildSummary(
            LsaType.SUMMARY_NETWORK,
            1,
            2,
            0xc6336500,
            R1,
            LsaHeader.INITIAL_SEQ,
            new SummaryLsa(0xffffff00, 20)));
  }

  @Test
  void asbrSummaryLsa() throws Exception {
    check(
        """
        0001 02 04 c0000209 c0000201 80000001  # type-4 summary: ASBR 192.0.2.9
        11a7 001c                              # checksum, length 28
        00000000 00000014                      # mask 0, metric 20
        """,
        Lsa.buildSummary(
            LsaType.SUMMARY_ASBR,
            1,
            2,
            0xc0000209,
            R1,
            LsaHeader.INITIAL_SEQ,
            new SummaryLsa(0, 20)));
  }

  @Test
  void externalLsa() throws Exception {
    check(
        """
        0001 02 05 cb007100 c0000201 80000001  # AS-external 203.0.113.0
        bab2 0024                              # checksum, length 36
        ffffff00                               # mask /24
        80000064                               # E bit (type 2), metric 100
        00000000 00000000                      # forwarding address 0, tag 0
        """,
        Lsa.build(
            1,
            2,
            0xcb007100,
            R1,
            LsaHeader.INITIAL_SEQ,
            new ExternalLsa(0xffffff00, true, 100, 0, 0)));
  }

  @Test
  void corruptedLsaFailsItsChecksum() {
    byte[] b = Hex.bytes(ROUTER);
    b[30] ^= 1;
    DecodeException e = assertThrows(DecodeException.class, () -> Lsa.decode(b, 0, b.length));
    assertEquals(DecodeException.Kind.BAD_LSA_CHECKSUM, e.kind());
  }

  @Test
  void truncatedLsaIsATypedError() {
    byte[] b = Hex.bytes(ROUTER);
    DecodeException e = assertThrows(DecodeException.class, () -> Lsa.decode(b, 0, 30));
    assertEquals(DecodeException.Kind.BAD_LENGTH, e.kind());
    DecodeException e2 = assertThrows(DecodeException.class, () -> Lsa.decode(b, 0, 10));
    assertEquals(DecodeException.Kind.TRUNCATED, e2.kind());
  }

  @Test
  void ageDoesNotChangeTheChecksum() throws Exception {
    Lsa aged = ROUTER_LSA.withAge(1234);
    byte[] b = Lsa.encode(aged);
    assertEquals(aged, Lsa.decode(b, 0, b.length));
  }

  private static void check(String fixture, Lsa built) throws DecodeException {
    byte[] want = Hex.bytes(fixture);
    assertEquals(Hex.str(want), Hex.str(Lsa.encode(built)));
    assertEquals(
        ((want[16] & 0xff) << 8) | (want[17] & 0xff), Checksums.fletcher(want, 0, want.length));
    Lsa decoded = Lsa.decode(want, 0, want.length);
    assertEquals(built, decoded);
    assertArrayEquals(want, Lsa.encode(decoded));
  }
}
