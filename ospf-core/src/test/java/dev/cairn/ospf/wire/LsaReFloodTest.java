package dev.cairn.ospf.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.ospf.wire.LsaBody.SummaryLsa;
import dev.cairn.ospf.wire.PacketBody.LsUpdate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A received LSA is flooded on exactly as it arrived: octets the decoder does not model (TOS
 * metrics of RFC 2328 A.4.2-A.4.5, padding after the last field) are kept, so the length and the
 * Fletcher checksum still hold. Found by PacketDecodeFuzzTest: such an LSA was re-sent with its
 * received length but fewer octets, so neighbors dropped the whole LS Update.
 */
class LsaReFloodTest {
  /** A type-3 summary-LSA for 203.0.113.0/24, metric 20, with one TOS entry (TOS 8, metric 30). */
  static byte[] summaryWithTos() {
    byte[] b =
        Hex.bytes(
            """
            0001 02 03 cb007100 c0000201 80000001  # age 1, options E, type 3, LS id, adv, seq
            0000 0020                              # checksum (filled below), length 32
            ffffff00 00 000014                     # mask /24, TOS 0 metric 20
            08 00001e                              # TOS 8 metric 30
            """);
    int ck = Checksums.fletcher(b, 0, b.length);
    b[16] = (byte) (ck >>> 8);
    b[17] = (byte) ck;
    return b;
  }

  @Test
  void aLsaWithTosMetricsIsReEncodedOctetForOctet() throws DecodeException {
    byte[] received = summaryWithTos();
    Lsa lsa = Lsa.decode(received, 0, received.length);
    assertEquals(new SummaryLsa(0xffffff00, 20), lsa.body());
    assertArrayEquals(received, Lsa.encode(lsa));
    byte[] aged = Lsa.encode(lsa.withAge(7));
    assertEquals(received.length, aged.length);
    assertEquals(7, ((aged[0] & 0xff) << 8) | (aged[1] & 0xff));
    assertTrue(Checksums.fletcherValid(aged, 0, aged.length), "the age is outside the checksum");
  }

  @Test
  void anLsUpdateCarryingItIsFloodedIntact() throws DecodeException {
    Lsa tos = Lsa.decode(summaryWithTos(), 0, summaryWithTos().length);
    Lsa plain = Lsa.buildSummary(3, 1, 2, 0xc6336400, 0xc0000201, 5, new SummaryLsa(-256, 1));
    OspfPacket p = new OspfPacket(0xc0000201, 0, new LsUpdate(List.of(tos, plain)));
    byte[] wire = PacketCodec.encode(p, Authentication.NULL, 0);
    OspfPacket back = PacketCodec.decode(wire, Authentication.NULL).packet();
    assertEquals(p, back);
    List<Lsa> lsas = ((LsUpdate) back.body()).lsas();
    assertArrayEquals(summaryWithTos(), Lsa.encode(lsas.get(0)));
    assertEquals(Arrays.toString(Lsa.encode(plain)), Arrays.toString(Lsa.encode(lsas.get(1))));
  }
}
