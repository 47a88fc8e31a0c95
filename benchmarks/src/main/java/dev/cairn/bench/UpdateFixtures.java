package dev.cairn.bench;

import java.io.ByteArrayOutputStream;

/**
 * Hand-built UPDATE messages for the codec benchmarks, written octet by octet (not with cairn's
 * encoder) so that the decode benchmark does not depend on the code it measures.
 */
final class UpdateFixtures {
  private UpdateFixtures() {}

  /**
   * A 4096-octet-class UPDATE packed with /24 NLRI: ORIGIN IGP, AS_PATH SEQUENCE [asn 64500],
   * NEXT_HOP 192.0.2.1, then as many /24s as fit, starting at {@code firstPrefix} (a /24 index).
   *
   * @return the message and, in {@code count[0]}, the number of prefixes in it
   */
  static byte[] packed24(int firstPrefix, long asn, int[] count) {
    ByteArrayOutputStream attrs = new ByteArrayOutputStream();
    attrs.writeBytes(new byte[] {0x40, 1, 1, 0}); // ORIGIN IGP
    attrs.writeBytes(new byte[] {0x40, 2, 6, 2, 1}); // AS_PATH: SEQUENCE of 1 (4-octet)
    writeInt(attrs, (int) asn);
    attrs.writeBytes(new byte[] {0x40, 3, 4, (byte) 192, 0, 2, 1}); // NEXT_HOP 192.0.2.1
    byte[] a = attrs.toByteArray();
    int room = 4096 - 19 - 2 - 2 - a.length;
    int n = room / 4;
    ByteArrayOutputStream nlri = new ByteArrayOutputStream();
    for (int i = 0; i < n; i++) {
      int net = (firstPrefix + i) << 8;
      nlri.write(24);
      nlri.write(net >>> 24);
      nlri.write(net >>> 16);
      nlri.write(net >>> 8);
    }
    count[0] = n;
    return frame(new byte[0], a, nlri.toByteArray());
  }

  /**
   * A realistic mixed UPDATE as seen on a full-table session: ORIGIN, a 5-AS path, NEXT_HOP, MED,
   * LOCAL_PREF, 3 standard communities, 1 large community, and 8 prefixes of lengths 19..24.
   */
  static byte[] mixed(int seed, int[] count) {
    ByteArrayOutputStream attrs = new ByteArrayOutputStream();
    attrs.writeBytes(new byte[] {0x40, 1, 1, 0}); // ORIGIN IGP
    attrs.writeBytes(new byte[] {0x40, 2, 22, 2, 5}); // AS_PATH: SEQUENCE of 5
    for (int i = 0; i < 5; i++) {
      writeInt(attrs, 64496 + (seed + i) % 16);
    }
    attrs.writeBytes(new byte[] {0x40, 3, 4, (byte) 192, 0, 2, 1}); // NEXT_HOP
    attrs.writeBytes(new byte[] {(byte) 0x80, 4, 4}); // MED
    writeInt(attrs, seed % 100);
    attrs.writeBytes(new byte[] {0x40, 5, 4, 0, 0, 0, 100}); // LOCAL_PREF 100
    attrs.writeBytes(new byte[] {(byte) 0xc0, 8, 12}); // COMMUNITIES x3
    writeInt(attrs, 0xfbf00064);
    writeInt(attrs, 0xfbf000c8);
    writeInt(attrs, 0xfbf00000 | (seed & 0xffff));
    attrs.writeBytes(new byte[] {(byte) 0xc0, 32, 12}); // LARGE_COMMUNITY x1
    writeInt(attrs, 64500);
    writeInt(attrs, 1);
    writeInt(attrs, seed);
    ByteArrayOutputStream nlri = new ByteArrayOutputStream();
    for (int i = 0; i < 8; i++) {
      int len = 19 + i % 6;
      int net = ((seed * 8 + i) << 8) & (-1 << (32 - len));
      nlri.write(len);
      for (int b = 0; b < (len + 7) / 8; b++) {
        nlri.write(net >>> (24 - 8 * b));
      }
    }
    count[0] = 8;
    return frame(new byte[0], attrs.toByteArray(), nlri.toByteArray());
  }

  private static byte[] frame(byte[] withdrawn, byte[] attrs, byte[] nlri) {
    int len = 19 + 2 + withdrawn.length + 2 + attrs.length + nlri.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(len);
    for (int i = 0; i < 16; i++) {
      out.write(0xff);
    }
    out.write(len >>> 8);
    out.write(len);
    out.write(2);
    out.write(withdrawn.length >>> 8);
    out.write(withdrawn.length);
    out.writeBytes(withdrawn);
    out.write(attrs.length >>> 8);
    out.write(attrs.length);
    out.writeBytes(attrs);
    out.writeBytes(nlri);
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }
}
