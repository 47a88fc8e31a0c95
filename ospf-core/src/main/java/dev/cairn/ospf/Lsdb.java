package dev.cairn.ospf;

import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.LsaKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * A link-state database of one flooding scope (an area, or the AS for type-5 LSAs). Ages are kept
 * lazily: an entry remembers the age it had when installed and the loop time of installation.
 */
public final class Lsdb {
  /** An installed LSA. */
  public static final class Entry {
    final Lsa lsa;
    final long installedNanos;

    Entry(Lsa lsa, long installedNanos) {
      this.lsa = lsa;
      this.installedNanos = installedNanos;
    }

    public Lsa lsa() {
      return lsa;
    }

    /** The age now, capped at MaxAge. */
    public int age(long nowNanos) {
      int a = lsa.header().age();
      if (a >= LsaHeader.MAX_AGE) {
        return LsaHeader.MAX_AGE;
      }
      long add = (nowNanos - installedNanos) / 1_000_000_000L;
      return (int) Math.min(LsaHeader.MAX_AGE, a + add);
    }

    /** The LSA with its current age. */
    public Lsa current(long nowNanos) {
      int a = age(nowNanos);
      return a == lsa.header().age() ? lsa : lsa.withAge(a);
    }
  }

  private final Map<LsaKey, Entry> entries = new HashMap<>();

  public Entry get(LsaKey key) {
    return entries.get(key);
  }

  public void put(Lsa lsa, long now) {
    entries.put(lsa.key(), new Entry(lsa, now));
  }

  public void remove(LsaKey key) {
    entries.remove(key);
  }

  public Collection<Entry> entries() {
    return entries.values();
  }

  public int size() {
    return entries.size();
  }
}
