package dev.cairn.bgp.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Jazzer fuzz target for the OPEN decoder (optional parameters, capabilities, RFC 9072 extended
 * optional parameters length). Only {@link BgpDecodeException} may escape, the input buffer's
 * reference count stays 1, and whatever decodes re-encodes to the same record (see {@link
 * DecoderRobustnessTest#checkOne}). Under plain {@code mvn test} it replays the inputs in {@code
 * src/test/resources/dev/cairn/bgp/wire/OpenDecodeFuzzTestInputs/}; to fuzz:
 *
 * <pre>JAZZER_FUZZ=1 mvn -pl bgp-core -am test -Dtest=OpenDecodeFuzzTest</pre>
 *
 * The first input octet picks the session context; the rest is the OPEN body, framed with a valid
 * header so that every input reaches the OPEN decoder.
 */
class OpenDecodeFuzzTest {
  private static final List<CodecContext> CONTEXTS =
      List.of(
          CodecContext.DEFAULT,
          CodecContext.FOUR_OCTET_AS,
          CodecContext.FOUR_OCTET_AS.withExtendedMessages(true));

  @FuzzTest(maxDuration = "60s")
  void decodeOpen(byte[] input) {
    if (input.length == 0) {
      return;
    }
    CodecContext ctx = CONTEXTS.get((input[0] & 0xff) % CONTEXTS.size());
    // an OPEN is at most 4096 octets, whatever was negotiated (RFC 8654 §4)
    int bodyLength = Math.min(input.length - 1, 4096 - BgpCodec.HEADER_LENGTH);
    byte[] wire = new byte[BgpCodec.HEADER_LENGTH + bodyLength];
    java.util.Arrays.fill(wire, 0, 16, (byte) 0xff);
    wire[16] = (byte) (wire.length >>> 8);
    wire[17] = (byte) wire.length;
    wire[18] = (byte) MessageType.OPEN.code();
    System.arraycopy(input, 1, wire, BgpCodec.HEADER_LENGTH, bodyLength);
    DecoderRobustnessTest.checkOne(wire, ctx);
  }
}
