// An optional transitive attribute kept uninterpreted (RFC 4271 §5, §9 Partial bit).
package dev.cairn.bgp.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A path attribute cairn does not interpret, kept as its flags, type and value octets. Only
 * optional transitive attributes are kept (RFC 4271 §5); their Partial bit is set on receipt,
 * because cairn passes them on without having understood them.
 */
public final class RawAttribute {
  private final int flags;
  private final int type;
  private final byte[] value;
  private final int hash;

  public RawAttribute(int flags, int type, byte[] value) {
    if (type < 0 || type > 255) {
      throw new IllegalArgumentException("attribute type is an octet");
    }
    this.flags =
        flags & (PathAttributes.OPTIONAL | PathAttributes.TRANSITIVE | PathAttributes.PARTIAL);
    this.type = type;
    this.value = value.clone();
    this.hash = 31 * (31 * this.flags + type) + Arrays.hashCode(value);
  }

  /** Optional / Transitive / Partial bits (the Extended Length bit is an encoding choice). */
  public int flags() {
    return flags;
  }

  public int type() {
    return type;
  }

  public byte[] value() {
    return value.clone();
  }

  int length() {
    return value.length;
  }

  byte[] valueNoCopy() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawAttribute r
        && r.hash == hash
        && r.flags == flags
        && r.type == type
        && Arrays.equals(r.value, value);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "attr"
        + type
        + "(flags=0x"
        + Integer.toHexString(flags)
        + ")="
        + HexFormat.of().formatHex(value);
  }
}
