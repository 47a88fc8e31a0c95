package dev.cairn.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.Family;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

/**
 * Random and mutated messages never make the decoder throw anything but {@link BgpDecodeException},
 * never change the input buffer's reference count, and whatever decodes re-encodes to something
 * that decodes to the same record.
 *
 * <p>Seeds are every annotated fixture in {@code src/test/resources/fixtures}. Mutations keep the
 * header's length field consistent with the frame most of the time, so that they reach the body
 * decoders instead of all dying at the header check.
 */
class DecoderRobustnessTest {

  private static final List<byte[]> SEEDS = loadSeeds();

  private static final List<CodecContext> CONTEXTS =
      List.of(
          CodecContext.DEFAULT,
          CodecContext.FOUR_OCTET_AS,
          CodecContext.FOUR_OCTET_AS
              .withExtendedMessages(true)
              .withAddPath(
                  Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST),
                  Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)),
          CodecContext.DEFAULT.withExtendedNextHop(Set.of(Family.IPV4_UNICAST)));

  private static List<byte[]> loadSeeds() {
    try {
      Path dir = Path.of(HexFixture.class.getResource("/fixtures").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        return files
            .filter(p -> p.toString().endsWith(".hex"))
            .sorted()
            .map(p -> HexFixture.load(p.getFileName().toString()))
            .toList();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Provide
  Arbitrary<byte[]> mutated() {
    Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
    Arbitrary<List<Tuple3<Integer, Integer, Integer>>> edits =
        Arbitraries.integers()
            .between(0, 5)
            .flatMap(
                n ->
                    Arbitraries.integers()
                        .between(0, 6)
                        .flatMap(
                            op ->
                                Arbitraries.integers()
                                    .between(0, Integer.MAX_VALUE)
                                    .flatMap(
                                        pos ->
                                            Arbitraries.integers()
                                                .between(0, 255)
                                                .map(v -> Tuple.of(op, pos, v))))
                        .list()
                        .ofSize(n));
    Arbitrary<Boolean> fixLength = Arbitraries.of(true, true, true, false);
    return net.jqwik.api.Combinators.combine(seed, edits, fixLength)
        .as(DecoderRobustnessTest::mutate);
  }

  private static byte[] mutate(
      byte[] seed, List<Tuple3<Integer, Integer, Integer>> edits, boolean fixLength) {
    byte[] b = seed.clone();
    for (Tuple3<Integer, Integer, Integer> e : edits) {
      if (b.length == 0) {
        break;
      }
      int pos = e.get2() % b.length;
      int body = BgpCodec.HEADER_LENGTH;
      int inBody = b.length > body ? body + e.get2() % (b.length - body) : pos;
      switch (e.get1()) {
        case 0 -> b[inBody] = (byte) e.get3().intValue(); // overwrite an octet
        case 1 -> b[inBody] ^= (byte) (1 << (e.get3() & 7)); // flip a bit
        case 2 -> b = java.util.Arrays.copyOf(b, Math.max(body, inBody)); // truncate
        case 3 -> { // insert an octet
          byte[] n = new byte[b.length + 1];
          System.arraycopy(b, 0, n, 0, inBody);
          n[inBody] = (byte) e.get3().intValue();
          System.arraycopy(b, inBody, n, inBody + 1, b.length - inBody);
          b = n;
        }
        case 4 -> { // delete an octet
          if (b.length > body) {
            byte[] n = new byte[b.length - 1];
            System.arraycopy(b, 0, n, 0, inBody);
            System.arraycopy(b, inBody + 1, n, inBody, b.length - inBody - 1);
            b = n;
          }
        }
        case 5 -> { // set a 16-bit field to an extreme
          if (inBody + 1 < b.length) {
            int v = e.get3() < 128 ? 0xffff : e.get3();
            b[inBody] = (byte) (v >>> 8);
            b[inBody + 1] = (byte) v;
          }
        }
        default -> pos++; // no-op: keeps unmutated seeds in the mix
      }
    }
    if (fixLength && b.length >= BgpCodec.HEADER_LENGTH && b.length <= 0xffff) {
      b[16] = (byte) (b.length >>> 8);
      b[17] = (byte) b.length;
    }
    return b;
  }

  @Property(tries = 20000)
  void mutatedMessagesDecodeOrFailTyped(@ForAll("mutated") byte[] wire) {
    for (CodecContext ctx : CONTEXTS) {
      checkOne(wire, ctx);
    }
  }

  @Property(tries = 3000)
  void randomBytesDecodeOrFailTyped(@ForAll byte[] junk, @ForAll boolean asUpdate) {
    byte[] wire = junk;
    if (asUpdate) { // a valid header in front of random bytes reaches the UPDATE decoder
      wire = new byte[BgpCodec.HEADER_LENGTH + Math.min(junk.length, 4000)];
      java.util.Arrays.fill(wire, 0, 16, (byte) 0xff);
      wire[16] = (byte) (wire.length >>> 8);
      wire[17] = (byte) wire.length;
      wire[18] = (byte) MessageType.UPDATE.code();
      System.arraycopy(junk, 0, wire, BgpCodec.HEADER_LENGTH, wire.length - 19);
    }
    for (CodecContext ctx : CONTEXTS) {
      checkOne(wire, ctx);
    }
  }

  /** Decodes from a pooled direct buffer (as Netty hands them over) and checks the contract. */
  static void checkOne(byte[] wire, CodecContext ctx) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(wire.length);
    try {
      buf.writeBytes(wire);
      BgpMessage msg;
      try {
        msg = BgpCodec.decode(buf, ctx);
      } catch (BgpDecodeException e) {
        assertThat(e.error()).isNotNull();
        assertThat(e.error().code()).isBetween(1, 7);
        return;
      }
      assertThat(buf.refCnt()).as("decoder must not retain or release its input").isEqualTo(1);
      assertThat(buf.readerIndex()).isZero();
      assertReencodes(msg, ctx);
    } finally {
      buf.release();
    }
  }

  private static BgpMessage withoutErrors(BgpMessage m) {
    if (m instanceof Update u) {
      return new Update(
          u.withdrawn(), u.attributes(), u.nlri(), u.mpReach(), u.mpUnreach(), List.of());
    }
    return m;
  }

  private static void assertReencodes(BgpMessage msg, CodecContext ctx) {
    ByteBuf out;
    try {
      out = BgpCodec.encode(msg, ctx, UnpooledByteBufAllocator.DEFAULT);
    } catch (IllegalArgumentException tooBig) {
      return; // a record that no longer fits (e.g. Partial-bit growth) is the packer's business
    }
    try {
      BgpMessage again = BgpCodec.decode(out, ctx);
      // the errors list is what the receiver noticed, not part of what goes on the wire
      assertThat(withoutErrors(again))
          .as("decode(encode(m)) for %s", msg)
          .isEqualTo(withoutErrors(msg));
    } catch (BgpDecodeException e) {
      throw new AssertionError("re-encoded " + msg + " does not decode: " + e.getMessage(), e);
    } finally {
      out.release();
    }
  }
}
