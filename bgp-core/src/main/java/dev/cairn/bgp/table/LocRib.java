// The Loc-RIB: per prefix its paths and their selection, changed only through calls that return
// what moved (RFC 4271 §9.1.1 calculation of preference, §9.1.2 route selection with §9.1.2.1
// next-hop resolution, §9.1.2.2 tie-breaking; RFC 4724 §4.2 stale paths). Pure: no I/O, no clock,
// no loop; the owner acts on each Change (the RIB, the neighbors' exports).
package dev.cairn.bgp.table;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.decision.DecisionProcess;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.Afi;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.PrefixList;
import dev.cairn.net.PrefixTable;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The Loc-RIB, in an open-addressing table keyed by prefix: per prefix a {@link Dest}, or the bare
 * {@link Path} when it is the prefix's only path, selected (no other multipath member) and what the
 * RIB holds. That is nearly every prefix of a full table, which then costs no {@code Dest} (32
 * bytes). Readers get {@code Dest}s: a bare path is handed out as a fresh {@code Dest} of its own.
 *
 * <p>Every change ({@link #put}, {@link #remove}, {@link #reselect}...) selects the prefix's paths
 * again and returns a {@link Change}: whether the selection moved, the best path before and after,
 * and what the RIB is to be told. The {@code Change} object is reused: it is valid until the next
 * call. Not thread-safe: the speaker's loop owns it.
 */
public final class LocRib {
  private final PrefixTable<Object> table =
      new PrefixTable<>(o -> o instanceof Path p ? p.prefix() : ((Dest) o).prefix);
  private final DecisionOptions options;
  private final NextHops nextHops;
  private final MultipathLists multipathLists = new MultipathLists();
  // reused: the entry of a prefix with a bare path while it changes, the candidates of a
  // selection, and the change handed back (none of these calls nest)
  private final Dest scratch = new Dest(null);
  private final List<Path> candidates = new ArrayList<>();
  private final Change change = new Change();

  public LocRib(DecisionOptions options, NextHops nextHops) {
    this.options = options;
    this.nextHops = nextHops;
  }

  /** What one change of the table did to a prefix. Valid until the next call on the table. */
  public static final class Change {
    IpPrefix prefix;
    Path best;
    Path oldBest;
    boolean moved;
    boolean replaced;
    Protocol ribWithdrawn;
    Route ribRoute;

    public IpPrefix prefix() {
      return prefix;
    }

    /** The selected path now ({@code null}: none). */
    public Path best() {
      return best;
    }

    /** The selected path before the change. */
    public Path oldBest() {
      return oldBest;
    }

    /** Whether the selection (best path or multipath set) moved: the RIB and exports follow. */
    public boolean moved() {
      return moved;
    }

    /** For {@link #put}: whether the source's earlier path to the prefix was replaced. */
    public boolean replaced() {
      return replaced;
    }

    /** The protocol whose route the RIB is to drop for the prefix, or {@code null}. */
    public Protocol ribWithdrawn() {
      return ribWithdrawn;
    }

    /** The route the RIB is to hold for the prefix now, or {@code null}. */
    public Route ribRoute() {
      return ribRoute;
    }
  }

  /** What the RIB is offered for a prefix whose best path is {@code best}. */
  static Protocol protocolOf(Path best) {
    return best == null || best.from == null ? null : best.protocol();
  }

  /** The Dest that a table element stands for ({@code null} for none). */
  private static Dest asDest(Object o) {
    if (o instanceof Path p) {
      IpPrefix prefix = p.prefix();
      Dest d = new Dest(prefix);
      d.reset(prefix, p, protocolOf(p));
      return d;
    }
    return (Dest) o;
  }

  private static int pathCount(Object o) {
    return o instanceof Path ? 1 : ((Dest) o).size();
  }

  private static Path pathAt(Object o, int i) {
    return o instanceof Path p ? p : ((Dest) o).at(i);
  }

  // ------------------------------------------------------------------ reading

  /** The entry of {@code prefix}, or {@code null}; read it, change it only through this table. */
  public Dest get(IpPrefix prefix) {
    return asDest(table.get(prefix));
  }

  /** The path {@code from} gave for {@code prefix}, or {@code null} (builds no Dest). */
  public Path path(IpPrefix prefix, PathSource from) {
    Object o = table.get(prefix);
    for (int k = 0; o != null && k < pathCount(o); k++) {
      if (pathAt(o, k).from == from) {
        return pathAt(o, k);
      }
    }
    return null;
  }

  public int size() {
    return table.size();
  }

  /** Calls {@code action} with each entry; a change meanwhile must not come from the action. */
  public void forEach(Consumer<Dest> action) {
    table.forEach(o -> action.accept(asDest(o)));
  }

  /** The entries as a list (the table may change meanwhile). */
  public List<Dest> snapshot() {
    List<Object> all = table.snapshot();
    List<Dest> out = new ArrayList<>(all.size());
    for (Object o : all) {
      out.add(asDest(o));
    }
    return out;
  }

  /** The entries in prefix order. */
  public List<Dest> sorted() {
    List<Dest> out = snapshot();
    out.sort(Comparator.comparing(Dest::prefix));
    return out;
  }

  /**
   * The entries holding a path from {@code source} (the table may change meanwhile). The elements
   * are read as they are: a neighbor with few routes in a full table costs no {@code Dest} per
   * prefix when its session goes down.
   */
  public List<Dest> from(PathSource source) {
    List<Dest> out = new ArrayList<>();
    table.forEach(
        o -> {
          for (int i = 0; i < pathCount(o); i++) {
            if (pathAt(o, i).from == source) {
              out.add(asDest(o));
              return;
            }
          }
        });
    return out;
  }

  /** The entries whose best path came from {@code source}. */
  public List<Dest> bestFrom(PathSource source) {
    List<Dest> out = new ArrayList<>();
    table.forEach(
        o -> {
          Path best = o instanceof Path p ? p : ((Dest) o).best;
          if (best != null && best.from == source) {
            out.add(asDest(o));
          }
        });
    return out;
  }

  /**
   * The entries with a neighbor's path through {@code h}, in an order that keeps the paths of one
   * attribute set together: table order would interleave them, and each export would then miss its
   * cache and rebuild its attributes (a new next hop's first burst of routes, learned before the
   * RIB answered, is all of them). Only the entries that move get a Dest.
   */
  public List<Dest> via(Hop h) {
    List<Object> touched = new ArrayList<>();
    table.forEach(
        o -> {
          if (pathVia(o, h) != null) {
            touched.add(o);
          }
        });
    touched.sort(Comparator.comparingInt(o -> System.identityHashCode(pathVia(o, h).attrs)));
    List<Dest> out = new ArrayList<>(touched.size());
    touched.forEach(o -> out.add(asDest(o)));
    return out;
  }

  private static Path pathVia(Object o, Hop h) {
    for (int i = 0; i < pathCount(o); i++) {
      Path p = pathAt(o, i);
      if (p.from != null && p.hop == h) {
        return p;
      }
    }
    return null;
  }

  /** The prefixes of {@code afi}, unsorted: the start of a walk in slices. */
  public PrefixList prefixes(Afi afi) {
    return table.prefixes(afi);
  }

  // ------------------------------------------------------------------ changing

  /**
   * The entry of {@code prefix} to change: the stored {@code Dest}, or the reused scratch entry for
   * a bare path (or none, with {@code create}); {@link #settle} keeps a copy when it must.
   */
  private Dest entry(IpPrefix prefix, boolean create) {
    Object o = table.get(prefix);
    if (o instanceof Dest d) {
      return d;
    }
    if (o == null && !create) {
      return null;
    }
    Path only = (Path) o;
    scratch.reset(only == null ? prefix : only.prefixLike(prefix), only, protocolOf(only));
    return scratch;
  }

  /**
   * Stores {@code source}'s path to {@code prefix} (replacing its earlier one) and selects. An IPv6
   * path shares the prefix object the table holds already (each neighbor's UPDATE decodes its own
   * copy).
   */
  public Change put(IpPrefix prefix, PathSource source, PathAttributes attrs, Hop hop) {
    Dest d = entry(prefix, true);
    Path old = d.put(Path.of(d.prefix, source, attrs, hop));
    Change c = select(d);
    c.replaced = old != null;
    return c;
  }

  /**
   * This router's own path to {@code prefix} with {@code attrs}; {@code null} when it holds that
   * path already.
   */
  public Change originate(IpPrefix prefix, PathAttributes attrs) {
    Dest d = entry(prefix, true);
    Path old = d.get(null);
    if (old != null && old.attrs.equals(attrs)) {
      return null;
    }
    d.put(Path.of(prefix, null, attrs, null));
    return select(d);
  }

  /** Removes {@code source}'s path to {@code prefix}; {@code null} when there was none. */
  public Change remove(IpPrefix prefix, PathSource source) {
    Dest d = entry(prefix, false);
    return d == null || d.remove(source) == null ? null : select(d);
  }

  /** As {@link #remove}, for an entry handed out by this table's walks. */
  public Change remove(Dest d, PathSource source) {
    return d.remove(source) == null ? null : select(d);
  }

  /** Selects {@code d}'s paths again (a next hop resolves differently). */
  public Change reselect(Dest d) {
    return select(d);
  }

  /** Marks every path from {@code source} stale (RFC 4724 §4.2); returns how many. */
  public int markStale(PathSource source) {
    int n = 0;
    for (Dest d : from(source)) {
      Path old = d.get(source);
      if (old != null && !old.stale) {
        d.replace(old, old.withStale(true));
        settle(d);
        n++;
      }
    }
    return n;
  }

  /**
   * Puts {@code d} in the table after a change: nothing when it has no path left, the bare path
   * when that says all, else {@code d}.
   */
  private void settle(Dest d) {
    if (d.isEmpty()) {
      table.remove(d.prefix);
    } else if (d.size() == 1
        && d.best == d.at(0)
        && d.multipathSize() == 1
        && d.offered == protocolOf(d.best)) {
      table.put(d.prefix, d.best);
    } else {
      table.put(d.prefix, d == scratch ? d.copy() : d);
    }
  }

  private Change select(Dest d) {
    Path oldBest = d.best;
    Path[] oldMulti = d.multipathRaw();
    int n = d.size();
    if (n == 1) {
      // the common case of one path: nothing to compare
      Path only = d.at(0);
      d.select(only.from == null || nextHops.resolved(only) ? only : null, null);
    } else {
      List<Path> paths = candidates;
      paths.clear();
      for (int i = 0; i < n; i++) {
        Path p = d.at(i);
        if (p.from == null || nextHops.resolved(p)) {
          paths.add(p); // compared as they are (Path is Ranked): nothing built per candidate
        }
      }
      if (paths.isEmpty()) {
        d.select(null, null);
      } else {
        DecisionProcess.Selection s = DecisionProcess.select(paths, options);
        Path[] mp = new Path[s.multipath().length];
        for (int i = 0; i < mp.length; i++) {
          mp[i] = paths.get(s.multipath()[i]);
        }
        d.select(paths.get(s.best()), mp);
      }
    }
    Change c = change;
    c.prefix = d.prefix;
    c.best = d.best;
    c.oldBest = oldBest;
    c.replaced = false;
    c.ribWithdrawn = null;
    c.ribRoute = null;
    c.moved = !(Path.same(oldBest, d.best) && samePaths(oldMulti, d.multipathRaw()));
    if (c.moved) {
      toRib(d, c);
    }
    settle(d);
    return c;
  }

  private static boolean samePaths(Path[] a, Path[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (!Path.same(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  /** What the RIB is to be told after {@code d}'s selection moved, and what it then holds. */
  private void toRib(Dest d, Change c) {
    Protocol proto = protocolOf(d.best);
    Protocol before = d.offered;
    if (before != null && before != proto) {
      c.ribWithdrawn = before;
      d.offered = null;
    }
    if (proto == null) {
      return;
    }
    // a single path is the route: its next hop's shared one-hop list, its MED
    c.ribRoute =
        d.multipathSize() == 1
            ? d.best
            : Route.of(d.prefix, proto, multipathLists.of(d), d.best.metric());
    d.offered = proto;
  }
}
