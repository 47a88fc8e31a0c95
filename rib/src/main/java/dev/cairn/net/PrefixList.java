package dev.cairn.net;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The prefixes of one family that a table held at one moment, for a walk of the table in slices: a
 * query takes this list on the table's loop (a scan of its keys, see {@link
 * PrefixTable#prefixes(Afi)}), sorts it on its own thread ({@link #sort()}), then asks the loop for
 * one slice of prefixes at a time, each a short task, and looks every prefix up again there. A
 * prefix removed between two slices is then skipped, one added is not shown, and none is shown
 * twice, however the table changes meanwhile (its order changes when it grows or loses elements, so
 * a walk cannot resume at a position in it). IPv4 prefixes are kept packed ({@link
 * Ipv4Prefix#pack()}: eight bytes each, sorted as longs); a slice builds its prefix objects.
 */
public final class PrefixList {
  private final long[] packed; // IPv4
  private final IpPrefix[] prefixes; // IPv6
  private final int size;

  private PrefixList(long[] packed, IpPrefix[] prefixes, int size) {
    this.packed = packed;
    this.prefixes = prefixes;
    this.size = size;
  }

  /** The first {@code n} packed IPv4 prefixes of {@code packed} (which the list takes). */
  static PrefixList ofPacked(long[] packed, int n) {
    return new PrefixList(packed, null, n);
  }

  /** A list of any prefixes (of one family, for a meaningful order). */
  public static PrefixList of(List<? extends IpPrefix> prefixes) {
    return new PrefixList(null, prefixes.toArray(new IpPrefix[0]), prefixes.size());
  }

  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /**
   * Sorts the list in prefix order (off the table's loop: a million take a fraction of a second).
   */
  public PrefixList sort() {
    if (packed != null) {
      Arrays.sort(packed, 0, size);
    } else {
      Arrays.sort(prefixes, 0, size);
    }
    return this;
  }

  public IpPrefix get(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i + " of " + size);
    }
    return packed != null ? Ipv4Prefix.unpack(packed[i]) : prefixes[i];
  }

  /** The prefixes from index {@code from} (inclusive) to {@code to} (exclusive), as objects. */
  public List<IpPrefix> slice(int from, int to) {
    if (from < 0 || to > size || from > to) {
      throw new IndexOutOfBoundsException(from + ".." + to + " of " + size);
    }
    List<IpPrefix> out = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      out.add(get(i));
    }
    return out;
  }
}
