package dev.cairn.bench.e2e;

import java.io.ByteArrayOutputStream;

/**
 * Hand-rolled BGP-4 encodings for the benchmark's feeder and receiver (RFC 4271, RFC 4760 MP
 * extensions, RFC 6793 4-octet ASNs, RFC 4724 End-of-RIB). Everything here writes plain bytes so
 * that a whole feed can be encoded before the clock starts and then written at socket speed.
 */
public final class Wire {
  static final int HEADER = 19;
  static final int OPEN = 1;
  public static final int UPDATE = 2;
  public static final int NOTIFICATION = 3;
  static final int KEEPALIVE = 4;
  static final int MAX = 4096;

  private Wire() {}

  static void header(ByteArrayOutputStream out, int length, int type) {
    for (int i = 0; i < 16; i++) {
      out.write(0xff);
    }
    out.write(length >>> 8);
    out.write(length);
    out.write(type);
  }

  /** NOTIFICATION with {@code code}/{@code subcode} and no data. */
  public static byte[] notification(int code, int subcode) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER + 2);
    header(out, HEADER + 2, NOTIFICATION);
    out.write(code);
    out.write(subcode);
    return out.toByteArray();
  }

  static byte[] keepalive() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(HEADER);
    header(out, HEADER, KEEPALIVE);
    return out.toByteArray();
  }

  /** OPEN with MP ipv4-unicast and ipv6-unicast, 4-octet ASN and route refresh capabilities. */
  static byte[] open(long asn, int holdSeconds, byte[] routerId) {
    byte[] caps = {
      1,
      4,
      0,
      1,
      0,
      1, // MP ipv4 unicast
      1,
      4,
      0,
      2,
      0,
      1, // MP ipv6 unicast
      65,
      4,
      (byte) (asn >>> 24),
      (byte) (asn >>> 16),
      (byte) (asn >>> 8),
      (byte) asn,
      2,
      0 // route refresh
    };
    int len = HEADER + 10 + 2 + caps.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(len);
    header(out, len, OPEN);
    out.write(4);
    int as2 = asn > 0xffff ? 23456 : (int) asn;
    out.write(as2 >>> 8);
    out.write(as2);
    out.write(holdSeconds >>> 8);
    out.write(holdSeconds);
    out.write(routerId, 0, 4);
    out.write(2 + caps.length);
    out.write(2);
    out.write(caps.length);
    out.write(caps, 0, caps.length);
    return out.toByteArray();
  }

  static void u16(ByteArrayOutputStream out, int v) {
    out.write(v >>> 8);
    out.write(v);
  }

  static void u32(ByteArrayOutputStream out, long v) {
    out.write((int) (v >>> 24));
    out.write((int) (v >>> 16));
    out.write((int) (v >>> 8));
    out.write((int) v);
  }

  /** Big-endian 16-bit value at {@code off}. */
  static int u16(byte[] b, int off) {
    return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
  }
}
