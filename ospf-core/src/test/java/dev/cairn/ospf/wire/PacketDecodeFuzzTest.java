package dev.cairn.ospf.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cairn.ospf.wire.Authentication.Key;
import dev.cairn.ospf.wire.Authentication.Type;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer fuzz target for OSPFv2 packet decoding: every packet type, every LSA body, and every
 * authentication scheme (null, simple password, keyed MD5, HMAC-SHA-1/256/384/512) with the
 * cryptographic replay check. Only {@link DecodeException} may escape; whatever decodes re-encodes
 * (as flooding does) to bytes that decode to the same packet. Under plain {@code mvn test} it
 * replays {@code src/test/resources/dev/cairn/ospf/wire/PacketDecodeFuzzTestInputs/}; to fuzz:
 *
 * <pre>JAZZER_FUZZ=1 mvn -pl ospf-core -am test -Dtest=PacketDecodeFuzzTest</pre>
 *
 * <p>The first input octet picks the interface's authentication (low 3 bits) and whether the
 * harness repairs the packet (bit 7): with repair, the version, length, LSA Fletcher checksums,
 * packet checksum, password or digest are made right so that the body decoders are reached; without
 * it the checks themselves are fuzzed.
 */
class PacketDecodeFuzzTest {
  private static final byte[] LONG_SECRET =
      new byte[150]; // longer than any hash: hashed (RFC 5709)

  static {
    Arrays.fill(LONG_SECRET, (byte) 0x5a);
  }

  static final List<Authentication> AUTHS =
      List.of(
          Authentication.NULL,
          Authentication.simple("pa55"),
          Authentication.md5(Key.of(1, "md5-one"), new Key(7, LONG_SECRET)),
          Authentication.hmac(Type.HMAC_SHA_1, Key.of(1, "sha1"), new Key(2, LONG_SECRET)),
          Authentication.hmac(Type.HMAC_SHA_256, Key.of(1, "sha256"), new Key(2, LONG_SECRET)),
          Authentication.hmac(Type.HMAC_SHA_384, new Key(3, LONG_SECRET), Key.of(4, "sha384")),
          Authentication.hmac(Type.HMAC_SHA_512, Key.of(255, "sha512")));

  @FuzzTest(maxDuration = "60s")
  void decodePacket(byte[] input) {
    if (input.length == 0) {
      return;
    }
    Authentication auth = AUTHS.get((input[0] & 0x07) % AUTHS.size());
    byte[] b = Arrays.copyOfRange(input, 1, input.length);
    if ((input[0] & 0x80) != 0) {
      b = repair(b, auth);
    }
    PacketCodec.Decoded d;
    try {
      d = PacketCodec.decode(b, auth);
    } catch (DecodeException e) {
      return;
    }
    if (auth.type().auType() == 2) {
      checkReplayGuard(d.packet().routerId(), d.cryptoSequence());
    }
    byte[] again = PacketCodec.encode(d.packet(), auth, Math.max(0, d.cryptoSequence()));
    try {
      assertEquals(d.packet(), PacketCodec.decode(again, auth).packet(), "decode(encode(p))");
    } catch (DecodeException e) {
      throw new AssertionError("re-encoded " + d.packet() + " does not decode: " + e, e);
    }
  }

  /** The sequence number is accepted once and again (non-decreasing), one below it is a replay. */
  private static void checkReplayGuard(int routerId, long seq) {
    ReplayGuard guard = new ReplayGuard();
    try {
      guard.check(routerId, seq);
      guard.check(routerId, seq);
    } catch (DecodeException e) {
      throw new AssertionError("sequence " + seq + " refused: " + e, e);
    }
    if (seq > 0) {
      try {
        guard.check(routerId, seq - 1);
        throw new AssertionError("replayed sequence " + (seq - 1) + " accepted");
      } catch (DecodeException e) {
        assertEquals(DecodeException.Kind.REPLAYED_SEQUENCE, e.kind());
      }
    }
  }

  /** Makes {@code b} pass every check but the body's own structure. */
  static byte[] repair(byte[] b, Authentication auth) {
    if (b.length < PacketCodec.HEADER_SIZE || b.length > 0xffff) {
      return b;
    }
    b[0] = PacketCodec.VERSION;
    int len = b.length;
    b[2] = (byte) (len >>> 8);
    b[3] = (byte) len;
    b[14] = 0;
    b[15] = (byte) auth.type().auType();
    if (b[1] == 4) { // an LS Update: right LSA checksums wherever the lengths make sense
      int off = PacketCodec.HEADER_SIZE + 4;
      while (off + LsaHeader.SIZE <= len) {
        int l = ((b[off + 18] & 0xff) << 8) | (b[off + 19] & 0xff);
        if (l < LsaHeader.SIZE || off + l > len) {
          break;
        }
        int ck = Checksums.fletcher(b, off, l);
        b[off + 16] = (byte) (ck >>> 8);
        b[off + 17] = (byte) ck;
        off += l;
      }
    }
    switch (auth.type()) {
      case NULL -> {}
      case SIMPLE -> System.arraycopy(Arrays.copyOf(auth.sendKey().secret(), 8), 0, b, 16, 8);
      default -> {
        Key k = auth.keys().get((b[18] & 0xff) % auth.keys().size());
        b[16] = 0;
        b[17] = 0;
        b[18] = (byte) k.keyId();
        b[19] = (byte) auth.type().digestLength();
        byte[] digest = auth.digest(k, b, len);
        byte[] full = Arrays.copyOf(b, len + digest.length);
        System.arraycopy(digest, 0, full, len, digest.length);
        return full;
      }
    }
    int ck = PacketCodec.checksum(b, len);
    b[12] = (byte) (ck >>> 8);
    b[13] = (byte) ck;
    return b;
  }
}
