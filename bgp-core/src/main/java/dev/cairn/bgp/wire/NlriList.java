// A list of NLRI held as primitives, without an object per prefix (RFC 4271 §4.3, RFC 4760).
package dev.cairn.bgp.wire;

import dev.cairn.net.Afi;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.net.Ipv6Prefix;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable list of prefixes of one address family, held in primitive arrays (DESIGN §4: no
 * object per prefix). IPv4 prefixes are packed longs ({@link Ipv4Prefix#pack()}); IPv6 prefixes are
 * two longs and a length. Path identifiers (RFC 7911) ride along when ADD-PATH is in use.
 */
public final class NlriList {
  public static final NlriList EMPTY_V4 = new NlriList(Afi.IPV4, 0, new long[0], null, null);
  public static final NlriList EMPTY_V6 = new NlriList(Afi.IPV6, 0, new long[0], new byte[0], null);

  private final Afi afi;
  private final int size;
  // IPv4: one packed prefix per entry. IPv6: hi, lo per entry (2 longs), length in lengths[].
  private final long[] words;
  private final byte[] lengths;
  private final int[] pathIds;
  private int hash;

  private NlriList(Afi afi, int size, long[] words, byte[] lengths, int[] pathIds) {
    this.afi = afi;
    this.size = size;
    this.words = words;
    this.lengths = lengths;
    this.pathIds = pathIds;
  }

  public static NlriList empty(Afi afi) {
    return afi == Afi.IPV4 ? EMPTY_V4 : EMPTY_V6;
  }

  /** Wraps arrays the caller hands over and will not touch again (decoder use). */
  static NlriList ofV4(long[] packed, int size, int[] pathIds) {
    return size == 0 ? EMPTY_V4 : new NlriList(Afi.IPV4, size, packed, null, pathIds);
  }

  static NlriList ofV6(long[] words, byte[] lengths, int size, int[] pathIds) {
    return size == 0 ? EMPTY_V6 : new NlriList(Afi.IPV6, size, words, lengths, pathIds);
  }

  /** A list of the given prefixes (all of {@code afi}), without path identifiers. */
  public static NlriList of(Afi afi, IpPrefix... prefixes) {
    Builder b = builder(afi, false);
    for (IpPrefix p : prefixes) {
      b.add(p, 0);
    }
    return b.build();
  }

  public static Builder builder(Afi afi, boolean withPathIds) {
    return new Builder(afi, withPathIds, 4); // most groups are one UPDATE's few prefixes
  }

  /** A builder for about {@code capacity} prefixes (exactly that many: no copy at the end). */
  public static Builder builder(Afi afi, boolean withPathIds, int capacity) {
    return new Builder(afi, withPathIds, Math.max(1, capacity));
  }

  public Afi afi() {
    return afi;
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** True when the entries carry ADD-PATH path identifiers. */
  public boolean hasPathIds() {
    return pathIds != null;
  }

  /** The packed IPv4 prefix at {@code i} (IPv4 lists only). */
  public long packedV4(int i) {
    check(i);
    return words[i];
  }

  /** Upper 64 bits of the IPv6 prefix at {@code i}. */
  public long v6Hi(int i) {
    check(i);
    return words[2 * i];
  }

  /** Lower 64 bits of the IPv6 prefix at {@code i}. */
  public long v6Lo(int i) {
    check(i);
    return words[2 * i + 1];
  }

  /** Prefix length of entry {@code i}. */
  public int length(int i) {
    check(i);
    return afi == Afi.IPV4 ? (int) (words[i] & 0xff) : lengths[i] & 0xff;
  }

  /** The ADD-PATH path identifier of entry {@code i}, 0 without ADD-PATH. */
  public int pathId(int i) {
    check(i);
    return pathIds == null ? 0 : pathIds[i];
  }

  /** Entry {@code i} as a value object (allocates; for slow paths and tests). */
  public IpPrefix prefix(int i) {
    check(i);
    return afi == Afi.IPV4
        ? Ipv4Prefix.unpack(words[i])
        : new Ipv6Prefix(words[2 * i], words[2 * i + 1], lengths[i] & 0xff);
  }

  private void check(int i) {
    Objects.checkIndex(i, size);
  }

  /** This list followed by {@code other} (same family and same path-id mode). */
  public NlriList concat(NlriList other) {
    if (other.size == 0) {
      return this;
    }
    if (size == 0) {
      return other;
    }
    Builder b = builder(afi, hasPathIds() || other.hasPathIds());
    for (NlriList l : new NlriList[] {this, other}) {
      for (int i = 0; i < l.size; i++) {
        b.add(l.prefix(i), l.pathId(i));
      }
    }
    return b.build();
  }

  /** The sub-list {@code [from, to)}. */
  public NlriList slice(int from, int to) {
    Objects.checkFromToIndex(from, to, size);
    if (from == 0 && to == size) {
      return this; // (immutable: the whole list is itself)
    }
    int[] ids = pathIds == null ? null : Arrays.copyOfRange(pathIds, from, to);
    if (afi == Afi.IPV4) {
      return ofV4(Arrays.copyOfRange(words, from, to), to - from, ids);
    }
    return ofV6(
        Arrays.copyOfRange(words, 2 * from, 2 * to),
        Arrays.copyOfRange(lengths, from, to),
        to - from,
        ids);
  }

  /** Octets these prefixes take on the wire. */
  int encodedLength() {
    int n = pathIds == null ? 0 : 4 * size;
    for (int i = 0; i < size; i++) {
      n += 1 + (length(i) + 7) / 8;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof NlriList l) || l.afi != afi || l.size != size) {
      return false;
    }
    int wordsPer = afi == Afi.IPV4 ? 1 : 2;
    return Arrays.equals(words, 0, size * wordsPer, l.words, 0, size * wordsPer)
        && (afi == Afi.IPV4 || Arrays.equals(lengths, 0, size, l.lengths, 0, size))
        && (pathIds == null
            ? l.pathIds == null
            : l.pathIds != null && Arrays.equals(pathIds, 0, size, l.pathIds, 0, size));
  }

  @Override
  public int hashCode() {
    int h = hash;
    if (h == 0) {
      int wordsPer = afi == Afi.IPV4 ? 1 : 2;
      h = afi.hashCode();
      for (int i = 0; i < size * wordsPer; i++) {
        h = 31 * h + Long.hashCode(words[i]);
      }
      for (int i = 0; lengths != null && i < size; i++) {
        h = 31 * h + lengths[i];
      }
      for (int i = 0; pathIds != null && i < size; i++) {
        h = 31 * h + pathIds[i];
      }
      hash = h;
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(prefix(i));
      if (pathIds != null) {
        sb.append(" path-id ").append(Integer.toUnsignedString(pathIds[i]));
      }
    }
    return sb.append(']').toString();
  }

  /** Collects prefixes of one family. */
  public static final class Builder {
    private final Afi afi;
    private final boolean withPathIds;
    private long[] words;
    private byte[] lengths;
    private int[] pathIds;
    private int size;
    private boolean built; // its arrays may belong to the list it built

    private Builder(Afi afi, boolean withPathIds, int capacity) {
      this.afi = afi;
      this.withPathIds = withPathIds;
      words = new long[afi == Afi.IPV4 ? capacity : 2 * capacity];
      if (afi == Afi.IPV6) {
        lengths = new byte[capacity];
      }
      if (withPathIds) {
        pathIds = new int[capacity];
      }
    }

    /** Adds a prefix of this builder's family (host bits must already be clear). */
    public Builder add(IpPrefix p, int pathId) {
      if (p.afi() != afi) {
        throw new IllegalArgumentException(p + " is not " + afi);
      }
      grow();
      if (p instanceof Ipv4Prefix v4) {
        words[size] = v4.pack();
      } else {
        Ipv6Prefix v6 = (Ipv6Prefix) p;
        words[2 * size] = v6.hi();
        words[2 * size + 1] = v6.lo();
        lengths[size] = (byte) v6.length();
      }
      if (withPathIds) {
        pathIds[size] = pathId;
      }
      size++;
      return this;
    }

    /** Adds a packed IPv4 prefix. */
    public Builder addPackedV4(long packed, int pathId) {
      grow();
      words[size] = packed;
      if (withPathIds) {
        pathIds[size] = pathId;
      }
      size++;
      return this;
    }

    public int size() {
      return size;
    }

    private void grow() {
      if (built) {
        throw new IllegalStateException("this builder has built its list");
      }
      int wordsPer = afi == Afi.IPV4 ? 1 : 2;
      if ((size + 1) * wordsPer > words.length) {
        words = Arrays.copyOf(words, words.length * 2);
      }
      if (lengths != null && size + 1 > lengths.length) {
        lengths = Arrays.copyOf(lengths, lengths.length * 2);
      }
      if (pathIds != null && size + 1 > pathIds.length) {
        pathIds = Arrays.copyOf(pathIds, pathIds.length * 2);
      }
    }

    /** The list; arrays filled exactly are handed over, so the builder takes no more prefixes. */
    public NlriList build() {
      built = true;
      int wordsPer = afi == Afi.IPV4 ? 1 : 2;
      long[] w = words.length == size * wordsPer ? words : Arrays.copyOf(words, size * wordsPer);
      int[] ids =
          pathIds == null ? null : pathIds.length == size ? pathIds : Arrays.copyOf(pathIds, size);
      return afi == Afi.IPV4
          ? ofV4(w, size, ids)
          : ofV6(w, lengths.length == size ? lengths : Arrays.copyOf(lengths, size), size, ids);
    }
  }
}
