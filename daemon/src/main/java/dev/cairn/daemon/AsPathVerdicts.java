package dev.cairn.daemon;

import dev.cairn.bgp.wire.AsPath;
import dev.cairn.config.AsPathRegex;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One AS-path regular expression of a compiled policy, with its verdicts remembered per AS path.
 * The BGP speaker interns attribute sets ({@code AttributeInterner}), so the prefixes of one
 * UPDATE, and every later announcement with the same attributes, carry the same {@link AsPath}
 * object: the expression runs once for all of them, not once per prefix. (RE2/J matches in time
 * linear in the path's length; the cache takes even that off the per-prefix cost.)
 *
 * <p>The cache is direct-mapped on the path's hash: a bounded number of slots, each holding the
 * path weakly (a path no route uses any more is not kept alive by it) and its verdict; a slot is
 * overwritten by the next path that maps to it. A hit is the same object, or an equal path (same
 * hash, then one array comparison). Slots hold immutable entries, so a policy applied from two
 * threads at once at worst evaluates a path twice.
 */
final class AsPathVerdicts {
  static final int SLOTS = 4096;

  private record Entry(WeakReference<AsPath> path, boolean verdict) {}

  private final AsPathRegex regex;
  private final Entry[] slots = new Entry[SLOTS];
  private final AtomicLong evaluations = new AtomicLong();

  AsPathVerdicts(AsPathRegex regex) {
    this.regex = regex;
  }

  /** Whether the expression occurs in {@code path}'s text (a missing AS_PATH is empty text). */
  boolean matches(AsPath path) {
    AsPath p = path == null ? AsPath.EMPTY : path;
    int h = p.hashCode() * 0x9E3779B9;
    int i = (h ^ (h >>> 16)) & (SLOTS - 1);
    Entry e = slots[i];
    if (e != null) {
      AsPath q = e.path.get();
      if (q == p || (q != null && q.equals(p))) {
        return e.verdict;
      }
    }
    boolean verdict = regex.find(p.toString());
    evaluations.incrementAndGet();
    slots[i] = new Entry(new WeakReference<>(p), verdict);
    return verdict;
  }

  /** How many times the expression ran (cache misses). */
  long evaluations() {
    return evaluations.get();
  }

  AsPathRegex regex() {
    return regex;
  }
}
