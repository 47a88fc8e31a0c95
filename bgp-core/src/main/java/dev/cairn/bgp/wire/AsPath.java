// The AS_PATH attribute and its segments (RFC 4271 §5.1.2; RFC 6793; RFC 5065 confederations).
package dev.cairn.bgp.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An AS_PATH (RFC 4271 §4.3, RFC 5065 confederation segments) with 4-octet AS numbers, immutable.
 * Segments are kept as received; AS numbers are held in one {@code int[]} per segment (unsigned).
 */
public final class AsPath {
  public static final int SET = 1;
  public static final int SEQUENCE = 2;
  public static final int CONFED_SEQUENCE = 3;
  public static final int CONFED_SET = 4;

  public static final AsPath EMPTY = new AsPath(List.of());

  /** One segment: its type and AS numbers (unsigned 32-bit values in an int). */
  public record Segment(int type, int[] asns) {
    public Segment {
      if (type < SET || type > CONFED_SET) {
        throw new IllegalArgumentException("AS_PATH segment type " + type);
      }
      if (asns.length == 0 || asns.length > 255) {
        throw new IllegalArgumentException("AS_PATH segment of " + asns.length + " ASes");
      }
      asns = asns.clone();
    }

    public static Segment sequence(long... asns) {
      return new Segment(SEQUENCE, toInts(asns));
    }

    public static Segment set(long... asns) {
      return new Segment(SET, toInts(asns));
    }

    @Override
    public int[] asns() {
      return asns.clone();
    }

    public int size() {
      return asns.length;
    }

    /** AS number {@code i} as an unsigned value. */
    public long asn(int i) {
      return asns[i] & 0xffffffffL;
    }

    /** True for CONFED_SEQUENCE and CONFED_SET (RFC 5065). */
    public boolean isConfedSegment() {
      return isConfed();
    }

    boolean isConfed() {
      return type == CONFED_SEQUENCE || type == CONFED_SET;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Segment s && s.type == type && Arrays.equals(s.asns, asns);
    }

    @Override
    public int hashCode() {
      return 31 * type + Arrays.hashCode(asns);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder();
      String open =
          type == SET ? "{" : type == CONFED_SEQUENCE ? "(" : type == CONFED_SET ? "[" : "";
      sb.append(open);
      for (int i = 0; i < asns.length; i++) {
        if (i > 0) {
          sb.append(type == SET || type == CONFED_SET ? "," : " ");
        }
        sb.append(Integer.toUnsignedString(asns[i]));
      }
      String close =
          type == SET ? "}" : type == CONFED_SEQUENCE ? ")" : type == CONFED_SET ? "]" : "";
      return sb.append(close).toString();
    }
  }

  /**
   * The segments back to back in one array: type, AS count, then that many AS numbers, for each.
   * One array and this object per path (a list of segment objects, each with its own array, cost
   * twice the memory for the usual one-segment path, for every attribute set held).
   */
  private final int[] data;

  private final int hash;

  public AsPath(List<Segment> segments) {
    this(pack(segments));
  }

  private AsPath(int[] data) {
    this.data = data;
    this.hash = Arrays.hashCode(data);
  }

  private static int[] pack(List<Segment> segments) {
    int n = 0;
    for (Segment s : segments) {
      n += 2 + s.asns.length;
    }
    int[] d = new int[n];
    int i = 0;
    for (Segment s : segments) {
      d[i++] = s.type;
      d[i++] = s.asns.length;
      System.arraycopy(s.asns, 0, d, i, s.asns.length);
      i += s.asns.length;
    }
    return d;
  }

  /** A path from segments packed as {@link #data} describes (the decoder builds them so). */
  static AsPath ofPacked(int[] data) {
    return data.length == 0 ? EMPTY : new AsPath(data);
  }

  /** The packed segments (no copy: for the codec, which must not change them). */
  int[] packed() {
    return data;
  }

  public static AsPath sequence(long... asns) {
    return asns.length == 0 ? EMPTY : new AsPath(List.of(Segment.sequence(asns)));
  }

  private static int[] toInts(long[] asns) {
    int[] out = new int[asns.length];
    for (int i = 0; i < asns.length; i++) {
      if (asns[i] < 0 || asns[i] > 0xffffffffL) {
        throw new IllegalArgumentException("AS number out of range: " + asns[i]);
      }
      out[i] = (int) asns[i];
    }
    return out;
  }

  /** The segments, as objects (built on each call). */
  public List<Segment> segments() {
    List<Segment> out = new ArrayList<>(2);
    for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
      out.add(new Segment(data[i], Arrays.copyOfRange(data, i + 2, i + 2 + data[i + 1])));
    }
    return out;
  }

  public boolean isEmpty() {
    return data.length == 0;
  }

  private static boolean confed(int type) {
    return type == CONFED_SEQUENCE || type == CONFED_SET;
  }

  /**
   * The path length for the decision process (RFC 4271 §9.1.2.2 a): each AS of a SEQUENCE counts
   * one, a SET counts one in all, confederation segments count nothing (RFC 5065 §5.3).
   */
  public int length() {
    int n = 0;
    for (int i = 0; i < data.length; i += 2 + data[i + 1]) { // called for every comparison
      n += data[i] == SEQUENCE ? data[i + 1] : data[i] == SET ? 1 : 0;
    }
    return n;
  }

  /** The first AS of the path (the neighbor AS), or 0 when the path starts with none. */
  public long firstAs() {
    for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
      if (data[i] == SEQUENCE) {
        return data[i + 2] & 0xffffffffL;
      }
      if (!confed(data[i])) {
        return 0;
      }
    }
    return 0;
  }

  /** The last AS of the path (the origin AS), or 0 when it ends in a set or is empty. */
  public long originAs() {
    int last = -1;
    for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
      last = i;
    }
    return last < 0 || data[last] != SEQUENCE ? 0 : data[last + 1 + data[last + 1]] & 0xffffffffL;
  }

  /** True when {@code asn} occurs anywhere in the path (the eBGP loop check). */
  public boolean contains(long asn) {
    int a = (int) asn;
    for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
      for (int k = i + 2; k < i + 2 + data[i + 1]; k++) {
        if (data[k] == a) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when some AS number needs 4 octets. */
  boolean needsFourOctets() {
    for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
      for (int k = i + 2; k < i + 2 + data[i + 1]; k++) {
        if ((data[k] & 0xffffffffL) > 0xffff) {
          return true;
        }
      }
    }
    return false;
  }

  /** This path with {@code asn} prepended {@code count} times (to the leading SEQUENCE). */
  public AsPath prepend(long asn, int count) {
    if (count <= 0) {
      return this;
    }
    if (data.length > 0 && data[0] == SEQUENCE && data[1] + count <= 255) {
      // the usual export: the leading sequence grows by count ASes, in one new array
      int[] d = new int[data.length + count];
      d[0] = SEQUENCE;
      d[1] = data[1] + count;
      Arrays.fill(d, 2, 2 + count, (int) asn);
      System.arraycopy(data, 2, d, 2 + count, data.length - 2);
      return new AsPath(d);
    }
    int chunks = (count + 254) / 255;
    int[] d = new int[2 * chunks + count + data.length];
    int i = 0;
    for (int left = count; left > 0; left -= 255) {
      int n = Math.min(255, left);
      d[i++] = SEQUENCE;
      d[i++] = n;
      Arrays.fill(d, i, i + n, (int) asn);
      i += n;
    }
    System.arraycopy(data, 0, d, i, data.length);
    return new AsPath(d);
  }

  /** Whether the path holds confederation segments (RFC 5065). */
  public boolean hasConfed() {
    for (int i = 0; i < data.length; i += 2 + data[i + 1]) { // runs for every exported path
      if (confed(data[i])) {
        return true;
      }
    }
    return false;
  }

  /** The path without its confederation segments (RFC 5065 §5: leaving the confederation). */
  public AsPath withoutConfed() {
    if (!hasConfed()) {
      return this;
    }
    return of(segments().stream().filter(s -> !s.isConfed()).toList());
  }

  /**
   * The AS numbers as an operator reads them, e.g. {@code 64500 64501 {64502,64503}}; also the text
   * that AS-path regular expressions match.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof AsPath p && p.hash == hash && Arrays.equals(p.data, data));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  static AsPath of(List<Segment> segments) {
    return segments.isEmpty() ? EMPTY : new AsPath(segments);
  }
}
