package dev.cairn.ospf.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cairn.ospf.wire.Authentication.Key;
import dev.cairn.ospf.wire.Authentication.Type;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Authentication per RFC 2328 Appendix D and RFC 5709, with fixtures and independent checks. */
class AuthenticationTest {
  static final OspfPacket P = new OspfPacket(LsaFixtureTest.R1, 0, PacketFixtureTest.HELLO);

  static final String HELLO_BODY =
      """
      ffffff00 000a 02 01 00000028 c0000201 00000000 c0000202   # the Hello body of PacketFixtureTest
      """;

  @Test
  void md5MatchesFixtureAndAnIndependentDigest() throws Exception {
    byte[] want =
        Hex.bytes(
            """
            02 01 0030 c0000201 00000000   # length 48 excludes the digest
            0000 0002                      # checksum not computed, AuType 2 cryptographic
            0000 01 10 00000001            # 0, key id 1, auth data length 16, sequence 1
            """
                + HELLO_BODY
                + """
            17aafe94267e544dbe542c2b05e3f4d9   # MD5(packet || "secret" zero-padded to 16), from Python
            """);
    byte[] got = PacketCodec.encode(P, Authentication.md5(Key.of(1, "secret")), 1);
    assertEquals(Hex.str(want), Hex.str(got));
    // independent: MD5 over the first 48 bytes followed by the 16-byte padded key
    MessageDigest md = MessageDigest.getInstance("MD5");
    md.update(got, 0, 48);
    md.update(Arrays.copyOf("secret".getBytes(StandardCharsets.US_ASCII), 16));
    assertEquals(Hex.str(md.digest()), Hex.str(Arrays.copyOfRange(got, 48, 64)));
    PacketCodec.Decoded d = PacketCodec.decode(got, Authentication.md5(Key.of(1, "secret")));
    assertEquals(P, d.packet());
    assertEquals(1, d.keyId());
    assertEquals(1, d.cryptoSequence());
  }

  @Test
  void hmacSha256MatchesFixtureAndApadConstruction() throws Exception {
    byte[] want =
        Hex.bytes(
            """
            02 01 0030 c0000201 00000000 0000 0002
            0000 01 20 00000001            # key id 1, auth data length 32, sequence 1
            """
                + HELLO_BODY
                + """
            1b93f77f2f832e27fba9183d466dbb71cf8cab86bec341df01c12f91365d0fa4  # from Python
            """);
    Authentication a = Authentication.hmac(Type.HMAC_SHA_256, Key.of(1, "key1"));
    byte[] got = PacketCodec.encode(P, a, 1);
    assertEquals(Hex.str(want), Hex.str(got));
    // independent: HMAC-SHA-256(Ks = key zero-padded to 32, packet || Apad)
    Mac m = Mac.getInstance("HmacSHA256");
    m.init(new SecretKeySpec(Arrays.copyOf("key1".getBytes(StandardCharsets.US_ASCII), 32), "x"));
    m.update(got, 0, 48);
    m.update(Hex.bytes("878fe1f3".repeat(8)));
    assertEquals(Hex.str(m.doFinal()), Hex.str(Arrays.copyOfRange(got, 48, 80)));
    assertEquals(P, PacketCodec.decode(got, a).packet());
  }

  @Test
  void everyHmacVariantRoundTripsAndLongKeysAreHashed() throws Exception {
    String longKey = "k".repeat(100);
    for (Type t :
        new Type[] {Type.HMAC_SHA_1, Type.HMAC_SHA_256, Type.HMAC_SHA_384, Type.HMAC_SHA_512}) {
      Authentication a = Authentication.hmac(t, Key.of(7, longKey));
      byte[] b = PacketCodec.encode(P, a, 42);
      assertEquals(48 + t.digestLength(), b.length);
      assertEquals(P, PacketCodec.decode(b, a).packet());
      Authentication other = Authentication.hmac(t, Key.of(7, longKey + "x"));
      assertKind(DecodeException.Kind.AUTH_FAILED, b, other);
    }
  }

  @Test
  void simplePassword() throws Exception {
    Authentication a = Authentication.simple("pw");
    byte[] b = PacketCodec.encode(P, a, 0);
    assertEquals("7077000000000000", Hex.str(Arrays.copyOfRange(b, 16, 24)));
    assertEquals(P, PacketCodec.decode(b, a).packet());
    assertKind(DecodeException.Kind.AUTH_FAILED, b, Authentication.simple("px"));
    assertKind(DecodeException.Kind.AUTH_TYPE_MISMATCH, b, Authentication.NULL);
  }

  @Test
  void wrongKeyUnknownKeyAndTamperingAreRejected() {
    byte[] b = PacketCodec.encode(P, Authentication.md5(Key.of(1, "secret")), 5);
    assertKind(DecodeException.Kind.AUTH_FAILED, b, Authentication.md5(Key.of(1, "other")));
    assertKind(DecodeException.Kind.UNKNOWN_KEY, b, Authentication.md5(Key.of(2, "secret")));
    byte[] t = b.clone();
    t[30] ^= 1;
    assertKind(DecodeException.Kind.AUTH_FAILED, t, Authentication.md5(Key.of(1, "secret")));
  }

  @Test
  void rolloverSendsWithNewestAcceptsAny() throws Exception {
    Authentication old = Authentication.md5(Key.of(1, "old"));
    Authentication both = Authentication.md5(Key.of(1, "old"), Key.of(2, "new"));
    byte[] fromBoth = PacketCodec.encode(P, both, 1);
    assertEquals(2, fromBoth[18]);
    assertEquals(2, PacketCodec.decode(fromBoth, both).keyId());
    assertEquals(1, PacketCodec.decode(PacketCodec.encode(P, old, 1), both).keyId());
    assertKind(DecodeException.Kind.UNKNOWN_KEY, fromBoth, old);
  }

  @Test
  void replayedSequenceNumbersAreRejected() throws Exception {
    ReplayGuard g = new ReplayGuard();
    g.check(1, 10);
    g.check(1, 10); // non-decreasing: equal is fine
    g.check(1, 11);
    DecodeException e = assertThrows(DecodeException.class, () -> g.check(1, 9));
    assertEquals(DecodeException.Kind.REPLAYED_SEQUENCE, e.kind());
    g.check(2, 1); // per neighbor
  }

  private static void assertKind(DecodeException.Kind k, byte[] b, Authentication a) {
    DecodeException e = assertThrows(DecodeException.class, () -> PacketCodec.decode(b, a));
    assertEquals(k, e.kind(), e.getMessage());
  }
}
