package dev.cairn.ospf.wire;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Interface authentication settings: null (AuType 0), simple password (1), or cryptographic (2)
 * with keyed MD5 (RFC 2328 D.4.3) or HMAC-SHA (RFC 5709). Several keys may be configured: packets
 * are sent with the newest (the last listed) and accepted with any.
 */
public record Authentication(Type type, List<Key> keys) {
  public static final Authentication NULL = new Authentication(Type.NULL, List.of());

  /** The authentication schemes. */
  public enum Type {
    NULL(0, 0),
    SIMPLE(1, 0),
    MD5(2, 16),
    HMAC_SHA_1(2, 20),
    HMAC_SHA_256(2, 32),
    HMAC_SHA_384(2, 48),
    HMAC_SHA_512(2, 64);

    final int auType;
    final int digestLength;

    Type(int auType, int digestLength) {
      this.auType = auType;
      this.digestLength = digestLength;
    }

    public int auType() {
      return auType;
    }

    public int digestLength() {
      return digestLength;
    }
  }

  /** One key: id 0..255 and secret bytes. */
  public record Key(int keyId, byte[] secret) {
    public static Key of(int keyId, String secret) {
      return new Key(keyId, secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Equal when the id and the secret's bytes are (a reload compares settings by value). */
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.keyId == keyId && Arrays.equals(k.secret, secret);
    }

    @Override
    public int hashCode() {
      return 31 * keyId + Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
      return "Key[" + keyId + "]";
    }
  }

  public Authentication {
    keys = List.copyOf(keys);
    if (type != Type.NULL && keys.isEmpty()) {
      throw new IllegalArgumentException(type + " authentication needs a key");
    }
  }

  public static Authentication simple(String password) {
    return new Authentication(Type.SIMPLE, List.of(Key.of(0, password)));
  }

  public static Authentication md5(Key... keys) {
    return new Authentication(Type.MD5, List.of(keys));
  }

  public static Authentication hmac(Type type, Key... keys) {
    return new Authentication(type, List.of(keys));
  }

  /** The key packets are sent with: the newest configured. */
  public Key sendKey() {
    return keys.get(keys.size() - 1);
  }

  Key key(int keyId) {
    for (Key k : keys) {
      if (k.keyId == keyId) {
        return k;
      }
    }
    return null;
  }

  /** RFC 5709 3.3 Apad: 0x878FE1F3 repeated to the digest length. */
  static byte[] apad(int len) {
    byte[] a = new byte[len];
    byte[] pat = {(byte) 0x87, (byte) 0x8f, (byte) 0xe1, (byte) 0xf3};
    for (int i = 0; i < len; i++) {
      a[i] = pat[i % 4];
    }
    return a;
  }

  /**
   * The digest for {@code packet[0..len)} (whose auth fields are already filled). MD5: MD5(packet
   * || key zero-padded to 16). HMAC-SHA: HMAC(Ks, packet || Apad) with Ks the key zero-padded to
   * the hash length, or hashed when longer (RFC 5709 3.3).
   */
  byte[] digest(Key key, byte[] packet, int len) {
    try {
      if (type == Type.MD5) {
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(packet, 0, len);
        md.update(Arrays.copyOf(key.secret, 16));
        return md.digest();
      }
      String hash;
      String mac;
      switch (type) {
        case HMAC_SHA_1 -> {
          hash = "SHA-1";
          mac = "HmacSHA1";
        }
        case HMAC_SHA_256 -> {
          hash = "SHA-256";
          mac = "HmacSHA256";
        }
        case HMAC_SHA_384 -> {
          hash = "SHA-384";
          mac = "HmacSHA384";
        }
        case HMAC_SHA_512 -> {
          hash = "SHA-512";
          mac = "HmacSHA512";
        }
        default -> throw new IllegalStateException("no digest for " + type);
      }
      int l = type.digestLength;
      byte[] ks =
          key.secret.length > l
              ? MessageDigest.getInstance(hash).digest(key.secret)
              : Arrays.copyOf(key.secret, l);
      Mac m = Mac.getInstance(mac);
      m.init(new SecretKeySpec(ks, mac));
      m.update(packet, 0, len);
      m.update(apad(l));
      return m.doFinal();
    } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
