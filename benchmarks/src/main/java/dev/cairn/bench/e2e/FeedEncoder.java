package dev.cairn.bench.e2e;

import java.util.Arrays;

/**
 * Pre-encodes one feeder's whole stream: UPDATEs of {@link #PER_UPDATE} prefixes, each UPDATE with
 * its own attributes (AS_PATH {@code [asn, 4200000000+u]} and MED {@code u} plus an optional
 * offset, u = the UPDATE's number), then End-of-RIB; and the matching withdrawal of everything.
 */
public final class FeedEncoder {
  static final int PER_UPDATE = 4;
  private static final long PRIVATE_ASN4 = 4_200_000_000L;
  private static final int WITHDRAW_PER_UPDATE_V4 = 1000;
  private static final int WITHDRAW_PER_UPDATE_V6 = 500;

  private final PrefixSpace space;
  private final long asn;
  private final byte[] nextHop;
  private final long medOffset;
  private byte[] buf = new byte[1 << 16];
  private int pos;

  FeedEncoder(PrefixSpace space, long asn, byte[] nextHop) {
    this(space, asn, nextHop, 0);
  }

  /**
   * An encoder whose UPDATEs carry MED {@code u + medOffset} instead of {@code u}: the same
   * prefixes with other attribute sets (the soak test's churn).
   */
  public FeedEncoder(PrefixSpace space, long asn, byte[] nextHop, long medOffset) {
    this.space = space;
    this.asn = asn;
    this.nextHop = nextHop;
    this.medOffset = medOffset;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }

  private void header(int length) {
    for (int i = 0; i < 16; i++) {
      buf[pos++] = (byte) 0xff;
    }
    buf[pos++] = (byte) (length >>> 8);
    buf[pos++] = (byte) length;
    buf[pos++] = Wire.UPDATE;
  }

  private void u16(int v) {
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  private void u32(long v) {
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
  }

  /** Announcements of prefixes [from, to) followed by End-of-RIB. */
  public byte[] announce(int from, int to) {
    pos = 0;
    int nlriLen = space.bytes + 1;
    for (int first = from; first < to; first += PER_UPDATE) {
      int count = Math.min(PER_UPDATE, to - first);
      long u = first / PER_UPDATE;
      int common = 4 + 13 + 7; // ORIGIN, AS_PATH (2 x 4-octet ASN), MED
      int attrs;
      if (space == PrefixSpace.IPV4) {
        attrs = common + 7; // NEXT_HOP
      } else {
        attrs = common + 3 + 5 + nextHop.length + count * nlriLen; // MP_REACH_NLRI
      }
      int nlri = space == PrefixSpace.IPV4 ? count * nlriLen : 0;
      int len = Wire.HEADER + 2 + 2 + attrs + nlri;
      ensure(len);
      header(len);
      u16(0);
      u16(attrs);
      buf[pos++] = 0x40; // ORIGIN IGP
      buf[pos++] = 1;
      buf[pos++] = 1;
      buf[pos++] = 0;
      buf[pos++] = 0x40; // AS_PATH: one AS_SEQUENCE of two 4-octet ASNs
      buf[pos++] = 2;
      buf[pos++] = 10;
      buf[pos++] = 2;
      buf[pos++] = 2;
      u32(asn);
      u32(PRIVATE_ASN4 + u);
      buf[pos++] = (byte) 0x80; // MULTI_EXIT_DISC
      buf[pos++] = 4;
      buf[pos++] = 4;
      u32(u + medOffset);
      if (space == PrefixSpace.IPV4) {
        buf[pos++] = 0x40; // NEXT_HOP
        buf[pos++] = 3;
        buf[pos++] = 4;
        System.arraycopy(nextHop, 0, buf, pos, 4);
        pos += 4;
      } else {
        buf[pos++] = (byte) 0x80; // MP_REACH_NLRI
        buf[pos++] = 14;
        buf[pos++] = (byte) (5 + nextHop.length + count * nlriLen);
        u16(space.afi);
        buf[pos++] = 1;
        buf[pos++] = (byte) nextHop.length;
        System.arraycopy(nextHop, 0, buf, pos, nextHop.length);
        pos += nextHop.length;
        buf[pos++] = 0;
      }
      for (int i = first; i < first + count; i++) {
        pos = space.writeNlri(i, buf, pos);
      }
    }
    endOfRib();
    return Arrays.copyOf(buf, pos);
  }

  /** Withdrawals of prefixes [from, to), packed densely. */
  public byte[] withdraw(int from, int to) {
    pos = 0;
    int nlriLen = space.bytes + 1;
    int per = space == PrefixSpace.IPV4 ? WITHDRAW_PER_UPDATE_V4 : WITHDRAW_PER_UPDATE_V6;
    for (int first = from; first < to; first += per) {
      int count = Math.min(per, to - first);
      int body = count * nlriLen;
      if (space == PrefixSpace.IPV4) {
        int len = Wire.HEADER + 2 + body + 2;
        ensure(len);
        header(len);
        u16(body);
      } else {
        int attrs = 4 + 3 + body; // extended-length MP_UNREACH_NLRI
        int len = Wire.HEADER + 2 + 2 + attrs;
        ensure(len);
        header(len);
        u16(0);
        u16(attrs);
        buf[pos++] = (byte) 0x90;
        buf[pos++] = 15;
        u16(3 + body);
        u16(space.afi);
        buf[pos++] = 1;
      }
      for (int i = first; i < first + count; i++) {
        pos = space.writeNlri(i, buf, pos);
      }
      if (space == PrefixSpace.IPV4) {
        u16(0);
      }
    }
    return Arrays.copyOf(buf, pos);
  }

  private void endOfRib() {
    if (space == PrefixSpace.IPV4) {
      ensure(23);
      header(23);
      u16(0);
      u16(0);
    } else {
      ensure(29);
      header(29);
      u16(0);
      u16(6);
      buf[pos++] = (byte) 0x80;
      buf[pos++] = 15;
      buf[pos++] = 3;
      u16(space.afi);
      buf[pos++] = 1;
    }
  }
}
