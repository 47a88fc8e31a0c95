package dev.cairn.ospf.wire;

/** A packet or LSA that cannot be decoded; {@link #kind()} says why (never a raw index error). */
public final class DecodeException extends Exception {

  /** Why decoding failed. */
  public enum Kind {
    TRUNCATED,
    BAD_VERSION,
    BAD_TYPE,
    BAD_LENGTH,
    BAD_CHECKSUM,
    BAD_LSA_CHECKSUM,
    BAD_LSA_TYPE,
    AUTH_TYPE_MISMATCH,
    AUTH_FAILED,
    UNKNOWN_KEY,
    REPLAYED_SEQUENCE
  }

  private final Kind kind;

  public DecodeException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
