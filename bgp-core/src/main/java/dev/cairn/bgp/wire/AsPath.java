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

  private final List<Segment> segments;
  private final int hash;

  public AsPath(List<Segment> segments) {
    this.segments = List.copyOf(segments);
    this.hash = this.segments.hashCode();
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

  public List<Segment> segments() {
    return segments;
  }

  public boolean isEmpty() {
    return segments.isEmpty();
  }

  /**
   * The path length for the decision process (RFC 4271 §9.1.2.2 a): each AS of a SEQUENCE counts
   * one, a SET counts one in all, confederation segments count nothing (RFC 5065 §5.3).
   */
  public int length() {
    int n = 0;
    for (int i = 0; i < segments.size(); i++) { // indexed: called for every comparison
      Segment s = segments.get(i);
      n += s.type == SEQUENCE ? s.asns.length : s.type == SET ? 1 : 0;
    }
    return n;
  }

  /** The first AS of the path (the neighbor AS), or 0 when the path starts with none. */
  public long firstAs() {
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      if (s.type == SEQUENCE) {
        return s.asn(0);
      }
      if (!s.isConfed()) {
        return 0;
      }
    }
    return 0;
  }

  /** The last AS of the path (the origin AS), or 0 when it ends in a set or is empty. */
  public long originAs() {
    if (segments.isEmpty()) {
      return 0;
    }
    Segment last = segments.get(segments.size() - 1);
    return last.type == SEQUENCE ? last.asn(last.asns.length - 1) : 0;
  }

  /** True when {@code asn} occurs anywhere in the path (the eBGP loop check). */
  public boolean contains(long asn) {
    int a = (int) asn;
    for (Segment s : segments) {
      for (int x : s.asns) {
        if (x == a) {
          return true;
        }
      }
    }
    return false;
  }

  /** True when some AS number needs 4 octets. */
  boolean needsFourOctets() {
    for (Segment s : segments) {
      for (int x : s.asns) {
        if ((x & 0xffffffffL) > 0xffff) {
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
    List<Segment> out = new ArrayList<>(segments.size() + 1);
    int[] add = new int[count];
    Arrays.fill(add, (int) asn);
    if (!segments.isEmpty() && segments.get(0).type == SEQUENCE) {
      int[] old = segments.get(0).asns;
      if (old.length + count <= 255) {
        int[] merged = new int[old.length + count];
        System.arraycopy(add, 0, merged, 0, count);
        System.arraycopy(old, 0, merged, count, old.length);
        out.add(new Segment(SEQUENCE, merged));
        out.addAll(segments.subList(1, segments.size()));
        return new AsPath(out);
      }
    }
    for (int off = 0; off < count; off += 255) {
      out.add(new Segment(SEQUENCE, Arrays.copyOfRange(add, off, Math.min(count, off + 255))));
    }
    out.addAll(segments);
    return new AsPath(out);
  }

  /** Whether the path holds confederation segments (RFC 5065). */
  public boolean hasConfed() {
    for (int i = 0; i < segments.size(); i++) { // no stream: this runs for every exported path
      if (segments.get(i).isConfed()) {
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
    return new AsPath(segments.stream().filter(s -> !s.isConfed()).toList());
  }

  /**
   * The AS numbers as an operator reads them, e.g. {@code 64500 64501 {64502,64503}}; also the text
   * that AS-path regular expressions match.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s);
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof AsPath p && p.hash == hash && p.segments.equals(segments));
  }

  @Override
  public int hashCode() {
    return hash;
  }

  static AsPath of(List<Segment> segments) {
    return segments.isEmpty() ? EMPTY : new AsPath(segments);
  }
}
