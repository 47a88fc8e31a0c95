package dev.cairn.interop.peer;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * BGP messages built octet by octet, for a test peer that must send what no real speaker would:
 * path attributes with any flags, type and value ({@link #attr}), AS_PATHs of any length, and the
 * message framing around them. Nothing here checks what it builds.
 */
public final class Octets {
  private Octets() {}

  public static final int OPTIONAL = 0x80;
  public static final int TRANSITIVE = 0x40;
  public static final int PARTIAL = 0x20;
  public static final int EXTENDED_LENGTH = 0x10;

  /** Well-known attribute flags (transitive), and optional non-transitive ones. */
  public static final int WELL_KNOWN = TRANSITIVE;

  public static final int OPTIONAL_NON_TRANSITIVE = OPTIONAL;

  public static final int OPEN = 1;
  public static final int UPDATE = 2;
  public static final int NOTIFICATION = 3;
  public static final int KEEPALIVE = 4;

  /**
   * A path attribute: the flags as given, the length in two octets when {@code flags} has {@link
   * #EXTENDED_LENGTH} (else one octet: the value must be at most 255 bytes).
   */
  public static byte[] attr(int flags, int type, byte[] value) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(flags);
    b.write(type);
    if ((flags & EXTENDED_LENGTH) != 0) {
      b.write(value.length >> 8);
      b.write(value.length);
    } else {
      if (value.length > 255) {
        throw new IllegalArgumentException(
            "value of " + value.length + " bytes: set EXTENDED_LENGTH");
      }
      b.write(value.length);
    }
    b.writeBytes(value);
    return b.toByteArray();
  }

  /** ORIGIN (type 1): 0 IGP, 1 EGP, 2 INCOMPLETE. */
  public static byte[] origin(int value) {
    return attr(WELL_KNOWN, 1, new byte[] {(byte) value});
  }

  /**
   * AS_PATH (type 2) of one AS_SEQUENCE with 4-octet ASes, cut into segments of 255; the extended
   * length flag is set when the value needs it.
   */
  public static byte[] asPath(long... asns) {
    return attr(
        asns.length > 60 ? WELL_KNOWN | EXTENDED_LENGTH : WELL_KNOWN, 2, asPathValue(2, asns));
  }

  /** The value of an AS_PATH: segments of {@code segmentType} (1 SET, 2 SEQUENCE), ≤ 255 each. */
  public static byte[] asPathValue(int segmentType, long... asns) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < asns.length; i += 255) {
      int n = Math.min(255, asns.length - i);
      b.write(segmentType);
      b.write(n);
      for (int j = i; j < i + n; j++) {
        b.writeBytes(u32(asns[j]));
      }
    }
    return b.toByteArray();
  }

  /** AS_PATH (type 2) of 2-octet ASes (a session without the 4-octet AS capability). */
  public static byte[] asPath2(long... asns) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < asns.length; i += 255) {
      int n = Math.min(255, asns.length - i);
      b.write(2);
      b.write(n);
      for (int j = i; j < i + n; j++) {
        b.writeBytes(u16((int) asns[j]));
      }
    }
    byte[] v = b.toByteArray();
    return attr(v.length > 255 ? WELL_KNOWN | EXTENDED_LENGTH : WELL_KNOWN, 2, v);
  }

  /** NEXT_HOP (type 3). */
  public static byte[] nextHop(String ipv4) {
    return attr(WELL_KNOWN, 3, ipv4(ipv4));
  }

  /** MULTI_EXIT_DISC (type 4). */
  public static byte[] med(long value) {
    return attr(OPTIONAL_NON_TRANSITIVE, 4, u32(value));
  }

  /** LOCAL_PREF (type 5): well-known, meant for iBGP only (RFC 4271 §5.1.5). */
  public static byte[] localPref(long value) {
    return attr(WELL_KNOWN, 5, u32(value));
  }

  /** COMMUNITIES (type 8). */
  public static byte[] communities(long... values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (long v : values) {
      b.writeBytes(u32(v));
    }
    return attr(OPTIONAL | TRANSITIVE, 8, b.toByteArray());
  }

  /** ORIGINATOR_ID (type 9, RFC 4456): optional non-transitive. */
  public static byte[] originatorId(String ipv4) {
    return attr(OPTIONAL_NON_TRANSITIVE, 9, ipv4(ipv4));
  }

  /** CLUSTER_LIST (type 10, RFC 4456): optional non-transitive. */
  public static byte[] clusterList(String... ids) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String id : ids) {
      b.writeBytes(ipv4(id));
    }
    return attr(OPTIONAL_NON_TRANSITIVE, 10, b.toByteArray());
  }

  /** IPv4 NLRI: length octet and the prefix's significant octets, e.g. "203.0.113.0/24". */
  public static byte[] prefix(String cidr) {
    String[] p = cidr.split("/");
    int len = Integer.parseInt(p[1]);
    byte[] a = ipv4(p[0]);
    byte[] out = new byte[1 + (len + 7) / 8];
    out[0] = (byte) len;
    System.arraycopy(a, 0, out, 1, out.length - 1);
    return out;
  }

  /** An UPDATE message: header, withdrawn routes, path attributes, NLRI. */
  public static byte[] update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(u16(withdrawn.length));
    b.writeBytes(withdrawn);
    b.writeBytes(u16(attributes.length));
    b.writeBytes(attributes);
    b.writeBytes(nlri);
    return message(UPDATE, b.toByteArray());
  }

  /** An UPDATE announcing {@code prefixes} with {@code attributes} (concatenated attrs). */
  public static byte[] announce(byte[] attributes, String... prefixes) {
    return update(new byte[0], attributes, prefixes(prefixes));
  }

  /** An UPDATE withdrawing {@code prefixes}. */
  public static byte[] withdraw(String... prefixes) {
    return update(prefixes(prefixes), new byte[0], new byte[0]);
  }

  private static byte[] prefixes(String... prefixes) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String p : prefixes) {
      b.writeBytes(prefix(p));
    }
    return b.toByteArray();
  }

  /**
   * An OPEN: version 4, AS_TRANS in the 2-octet field when {@code asn} needs 4 octets, and the
   * capabilities Multiprotocol IPv4 unicast (RFC 4760) and 4-octet AS (RFC 6793).
   */
  public static byte[] open(long asn, int holdSeconds, String routerId) {
    return open(asn, holdSeconds, routerId, true);
  }

  /**
   * An OPEN as {@link #open(long, int, String)}, without the 4-octet AS capability when {@code as4}
   * is false: a 2-octet session, whose AS_PATHs are {@link #asPath2} (2,000 ASes fit in one 4,096
   * byte UPDATE only that way).
   */
  public static byte[] open(long asn, int holdSeconds, String routerId, boolean as4) {
    byte[] mp = {1, 4, 0, 1, 0, 1};
    byte[] caps = as4 ? concat(mp, new byte[] {65, 4}, u32(asn)) : mp;
    byte[] param = concat(new byte[] {2, (byte) caps.length}, caps);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(4);
    b.writeBytes(u16(asn > 0xffff ? 23456 : (int) asn));
    b.writeBytes(u16(holdSeconds));
    b.writeBytes(ipv4(routerId));
    b.write(param.length);
    b.writeBytes(param);
    return message(OPEN, b.toByteArray());
  }

  public static byte[] keepalive() {
    return message(KEEPALIVE, new byte[0]);
  }

  public static byte[] notification(int code, int subcode, byte[] data) {
    return message(NOTIFICATION, concat(new byte[] {(byte) code, (byte) subcode}, data));
  }

  /** Marker, length and type before {@code body}. */
  public static byte[] message(int type, byte[] body) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < 16; i++) {
      b.write(0xff);
    }
    b.writeBytes(u16(19 + body.length));
    b.write(type);
    b.writeBytes(body);
    return b.toByteArray();
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  public static byte[] u16(int v) {
    return new byte[] {(byte) (v >> 8), (byte) v};
  }

  public static byte[] u32(long v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  public static byte[] ipv4(String a) {
    try {
      byte[] b = InetAddress.getByName(a).getAddress();
      if (b.length != 4) {
        throw new IllegalArgumentException("not IPv4: " + a);
      }
      return b;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(a, e);
    }
  }

  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  public static byte[] unhex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
