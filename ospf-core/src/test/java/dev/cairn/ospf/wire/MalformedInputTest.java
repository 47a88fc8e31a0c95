package dev.cairn.ospf.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.ospf.wire.LsaBody.ExternalLsa;
import dev.cairn.ospf.wire.LsaBody.NetworkLsa;
import dev.cairn.ospf.wire.PacketBody.LsUpdate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random corruption of valid packets (with the checksum recomputed, so that the parser itself is
 * reached) only ever yields a decoded packet or a typed {@link DecodeException}.
 */
class MalformedInputTest {

  @Test
  void corruptedPacketsNeverEscapeAsRuntimeExceptions() {
    OspfPacket lsu =
        new OspfPacket(
            1,
            0,
            new LsUpdate(
                List.of(
                    LsaFixtureTest.ROUTER_LSA,
                    Lsa.build(
                        1, 2, 5, 6, LsaHeader.INITIAL_SEQ, new NetworkLsa(-256, List.of(1, 2))),
                    Lsa.build(
                        1, 2, 7, 8, LsaHeader.INITIAL_SEQ, new ExternalLsa(-256, true, 5, 0, 0)))));
    List<byte[]> seeds =
        List.of(
            PacketCodec.encode(lsu, Authentication.NULL, 0),
            PacketCodec.encode(
                new OspfPacket(1, 0, PacketFixtureTest.HELLO), Authentication.NULL, 0));
    Random rnd = new Random(5);
    int decoded = 0;
    int rejected = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] b = seeds.get(i % seeds.size()).clone();
      int flips = 1 + rnd.nextInt(4);
      for (int f = 0; f < flips; f++) {
        b[24 + rnd.nextInt(b.length - 24)] = (byte) rnd.nextInt(256);
      }
      if (rnd.nextInt(4) == 0) {
        b = java.util.Arrays.copyOf(b, 24 + rnd.nextInt(b.length - 24));
        b[2] = (byte) (b.length >> 8);
        b[3] = (byte) b.length;
      }
      int ck = PacketCodec.checksum(b, b.length);
      b[12] = (byte) (ck >> 8);
      b[13] = (byte) ck;
      try {
        PacketCodec.decode(b, Authentication.NULL);
        decoded++;
      } catch (DecodeException e) {
        rejected++;
      }
    }
    assertTrue(decoded > 1000 && rejected > 1000, decoded + " decoded, " + rejected + " rejected");
  }
}
