package dev.cairn.bgp.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.net.Family;
import java.util.List;
import java.util.Set;

/**
 * Jazzer fuzz target for the UPDATE decoder. Under plain {@code mvn test} it replays the inputs in
 * {@code src/test/resources/dev/cairn/bgp/wire/UpdateDecodeFuzzTestInputs/}; to fuzz for real:
 *
 * <pre>JAZZER_FUZZ=1 mvn -pl bgp-core test -Dtest=UpdateDecodeFuzzTest</pre>
 *
 * The first input octet picks the session context; the rest is the UPDATE body, framed with a valid
 * header so that every input reaches the UPDATE decoder.
 */
class UpdateDecodeFuzzTest {
  private static final List<CodecContext> CONTEXTS =
      List.of(
          CodecContext.DEFAULT,
          CodecContext.FOUR_OCTET_AS,
          CodecContext.FOUR_OCTET_AS.withAddPath(
              Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST),
              Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)),
          CodecContext.FOUR_OCTET_AS.withExtendedMessages(true));

  @FuzzTest(maxDuration = "60s")
  void decodeUpdate(byte[] input) {
    if (input.length == 0) {
      return;
    }
    CodecContext ctx = CONTEXTS.get((input[0] & 0xff) % CONTEXTS.size());
    int bodyLength = Math.min(input.length - 1, ctx.maxUpdateLength() - BgpCodec.HEADER_LENGTH);
    byte[] wire = new byte[BgpCodec.HEADER_LENGTH + bodyLength];
    java.util.Arrays.fill(wire, 0, 16, (byte) 0xff);
    wire[16] = (byte) (wire.length >>> 8);
    wire[17] = (byte) wire.length;
    wire[18] = (byte) MessageType.UPDATE.code();
    System.arraycopy(input, 1, wire, BgpCodec.HEADER_LENGTH, bodyLength);
    DecoderRobustnessTest.checkOne(wire, ctx);
  }
}
