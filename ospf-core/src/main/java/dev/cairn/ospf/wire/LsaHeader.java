package dev.cairn.ospf.wire;

/**
 * The 20-byte LSA header (RFC 2328 A.4.1). Sequence numbers are signed 32-bit, from
 * InitialSequenceNumber 0x80000001 to MaxSequenceNumber 0x7fffffff.
 */
public record LsaHeader(
    int age, int options, int type, int lsId, int advRouter, int seq, int checksum, int length) {
  public static final int SIZE = 20;
  public static final int INITIAL_SEQ = 0x80000001;
  public static final int MAX_SEQ = 0x7fffffff;
  public static final int MAX_AGE = 3600;

  public LsaKey key() {
    return new LsaKey(type, lsId, advRouter);
  }

  public LsaHeader withAge(int newAge) {
    return new LsaHeader(newAge, options, type, lsId, advRouter, seq, checksum, length);
  }

  /**
   * RFC 2328 13.1: positive when this instance is newer than {@code o}, negative when older, zero
   * when the same instance.
   */
  public int compareInstance(LsaHeader o) {
    if (seq != o.seq) {
      return Integer.compare(seq, o.seq);
    }
    if (checksum != o.checksum) {
      return Integer.compare(checksum, o.checksum);
    }
    boolean maxA = age >= MAX_AGE;
    boolean maxB = o.age >= MAX_AGE;
    if (maxA != maxB) {
      return maxA ? 1 : -1;
    }
    if (Math.abs(age - o.age) > 900) { // MaxAgeDiff
      return age < o.age ? 1 : -1;
    }
    return 0;
  }

  static void write(LsaHeader h, WireWriter w) {
    w.u16(h.age);
    w.u8(h.options);
    w.u8(h.type);
    w.u32(h.lsId);
    w.u32(h.advRouter);
    w.u32(h.seq);
    w.u16(h.checksum);
    w.u16(h.length);
  }

  static LsaHeader read(WireReader r) throws DecodeException {
    return new LsaHeader(r.u16(), r.u8(), r.u8(), r.u32(), r.u32(), r.u32(), r.u16(), r.u16());
  }
}
