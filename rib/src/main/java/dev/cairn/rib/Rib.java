package dev.cairn.rib;

import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.PrefixTable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The protocol-independent RIB. Protocols offer one route per prefix each, each through its {@link
 * Channel} (import filter, limit); per prefix the route with the lowest administrative distance,
 * then metric, wins. Next hops are resolved recursively: a gateway that no connected route covers
 * is looked up (longest match) among the non-BGP routes, and the route uses that route's next hops;
 * a route whose gateway cannot be resolved is inactive. Best routes are published as {@link
 * RibChange}s with interned {@link NextHopGroup}s to subscribers ({@link ChangeQueue}: coalesced
 * per prefix, so a slow subscriber gets the latest state, not an ever-growing queue), among them
 * the channels' exports, which is all redistribution is.
 *
 * <p>Runs on its own {@link EventLoop}, which owns every piece of its state; channels may be
 * offered routes from any thread.
 */
public final class Rib implements NextHopResolver {
  private final EventLoop loop;
  private final Map<Protocol, Integer> distance = new EnumMap<>(Protocol.class);
  private final int maxPaths;

  /**
   * Per prefix, a {@link Route} or an {@link PrefixEntry}. A bare route is the prefix's only offer,
   * it is selected, and it forwards through its own next hops (their gateways are connected or name
   * an interface), so its group is the interned group of those hops: that is nearly every BGP
   * route, which then costs no entry object (32 bytes a prefix). Anything else is held in an entry.
   */
  private final PrefixTable<Object> table = new PrefixTable<>(Rib::prefixOf);

  private final Map<NextHopGroup, GroupRef> groups = new HashMap<>();
  private final List<ChangeQueue> subscribers = new ArrayList<>();
  private final Map<IpAddress, Tracked> tracked = new HashMap<>();

  /**
   * The gateways that offers need resolved, with how many offers use each. Only a change of a
   * non-BGP route covering one of them can change how routes resolve (BGP routes never resolve
   * others); then the routes using it are found and selected again.
   */
  private final Map<IpAddress, int[]> gateways = new HashMap<>();

  /** An address some protocol tracks: its last reported resolution and who wants to know. */
  private static final class Tracked {
    Resolution last;
    final List<Map.Entry<EventLoop, Consumer<Resolution>>> listeners = new ArrayList<>();
  }

  private static IpPrefix prefixOf(Object o) {
    return o instanceof Route r ? r.prefix() : ((PrefixEntry) o).prefix;
  }

  private static int count(Object o) {
    return o instanceof Route ? 1 : ((PrefixEntry) o).count();
  }

  private static Route at(Object o, int i) {
    return o instanceof Route r ? r : ((PrefixEntry) o).at(i);
  }

  private static Route bestOf(Object o) {
    return o == null ? null : o instanceof Route r ? r : ((PrefixEntry) o).best;
  }

  private NextHopGroup groupOf(Object o) {
    return o == null ? null : o instanceof Route r ? plainGroup(r) : ((PrefixEntry) o).group;
  }

  /**
   * The entry to change for a table element ({@code null}: the prefix has none): the element itself
   * when it is an entry, else the reused {@link #scratch} holding what a bare route stands for.
   * {@link #store} then puts the outcome back in the table.
   */
  private PrefixEntry edit(IpPrefix prefix, Object o, boolean onlyBgp) {
    if (o instanceof PrefixEntry e) {
      return e;
    }
    PrefixEntry e = scratch;
    e.prefix = prefix;
    e.offers = o;
    e.best = (Route) o;
    e.group = o == null ? null : plainGroup((Route) o);
    if (!onlyBgp || (o != null && !isBgp(((Route) o).protocol()))) {
      // selection looks covers up in the table: it must see this prefix as it is (a prefix with
      // BGP routes only is never a cover, so the table need not show it changing)
      table.put(e);
    }
    return e;
  }

  /**
   * The entry of a bare route (or of a new prefix) while it is changed: in the table from {@link
   * #edit} to {@link #store}, which puts the outcome in its place.
   */
  private final PrefixEntry scratch = new PrefixEntry(null);

  /**
   * Puts the outcome of changing {@code e} (from {@link #edit}) in the table; returns the table's
   * element for the prefix now ({@code null}: none).
   */
  private Object store(PrefixEntry e) {
    // (a bare route's group is found again from its own hops: it resolves as offered)
    Object now = e;
    if (e.isEmpty()) {
      table.remove(e.prefix);
      now = null;
    } else if (e.count() == 1 && e.best == e.offers && e.group == plainGroup(e.best)) {
      now = e.best;
      table.put(now);
    } else if (e == scratch) {
      PrefixEntry kept = new PrefixEntry(e.prefix);
      kept.offers = e.offers;
      kept.best = e.best;
      kept.group = e.group;
      now = kept;
      table.put(now);
    }
    if (e == scratch) {
      e.offers = null;
      e.best = null;
      e.group = null;
    }
    return now;
  }

  public Rib(EventLoop loop, int maxPaths) {
    this.loop = loop;
    this.maxPaths = maxPaths;
    for (Protocol p : Protocol.values()) {
      distance.put(p, p.defaultDistance());
    }
  }

  /** Overrides a protocol's administrative distance. */
  public void setDistance(Protocol p, int d) {
    distance.put(p, d);
    loop.execute(covers::clear);
  }

  /**
   * The channel through which {@code source} offers its routes, letting in what {@code imports}
   * passes; one per source (the RIB keeps one route per prefix and protocol).
   */
  public Channel channel(Source source, Channel.Import imports) {
    return new Channel(this, source, imports);
  }

  /**
   * Subscribes to every best-route change (an observer: redistribution goes through a {@link
   * Channel}'s export); {@code consumer} runs on {@code on}. It first receives the current table.
   */
  public void subscribe(EventLoop on, Consumer<List<RibChange>> consumer) {
    ChangeQueue q =
        new ChangeQueue(loop, on, null, Integer.MAX_VALUE, c -> consumer.accept(c.changes()));
    loop.execute(() -> attach(q));
  }

  /**
   * What a summarising subscriber is handed for one batch: the first changes in full (up to its
   * limit), then only how many more prefixes changed or lost their route.
   */
  public record ChangeSummary(List<RibChange> changes, int moreChanged, int moreWithdrawn) {
    public int total() {
      return changes.size() + moreChanged + moreWithdrawn;
    }
  }

  /**
   * Subscribes to every change as a {@link ChangeSummary} holding at most {@code detail} changes in
   * full (a log, say): a bulk change of a million routes then costs the RIB a count per route, not
   * a stored change. Beyond the limit a prefix that changes twice counts twice.
   */
  public void subscribeSummary(EventLoop on, int detail, Consumer<ChangeSummary> consumer) {
    ChangeQueue q = new ChangeQueue(loop, on, null, detail, consumer);
    loop.execute(() -> attach(q));
  }

  /** Adds a subscriber, which first gets the current table. On the loop. */
  void attach(ChangeQueue s) {
    subscribers.add(s);
    table.forEach(
        o -> {
          Route best = bestOf(o);
          if (best != null && s.wants(null, best)) {
            s.add(best.prefix(), best, groupOf(o));
          }
        });
    s.schedule();
  }

  /**
   * Gives {@code s} a new filter: the best routes whose verdict changes go to it, as removals or
   * additions. On the loop.
   */
  void refilter(ChangeQueue s, Channel.Export now) {
    Channel.Export before = s.filter();
    s.filter(now);
    table.forEach(
        o -> {
          Route best = bestOf(o);
          if (best != null && before.accepts(best) != now.accepts(best)) {
            s.add(best.prefix(), best, groupOf(o)); // (a removal when now refuses it)
          }
        });
    s.schedule();
  }

  /** Whether {@code protocol} has a route for {@code prefix} here. On the loop. */
  boolean holds(Protocol protocol, IpPrefix prefix) {
    Object o = table.get(prefix);
    for (int i = 0; o != null && i < count(o); i++) {
      if (at(o, i).protocol() == protocol) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds or replaces the route of {@code route.protocol()} (from its channel, on the loop); true
   * when the prefix had none of that protocol.
   */
  boolean offerNow(Route route) {
    IpPrefix prefix = route.prefix();
    PrefixEntry e = edit(prefix, table.get(prefix), isBgp(route.protocol()));
    Route old = e.put(route);
    if (old == null
        || (old.nextHops() != route.nextHops() && !old.nextHops().equals(route.nextHops()))) {
      unindex(old); // a replacement through the same gateways (most are) keeps the counts
      index(route);
    }
    recompute(e, !isBgp(route.protocol()) || (old != null && !isBgp(old.protocol())));
    return old == null;
  }

  /** Removes the route of {@code protocol} (on the loop); true when there was one. */
  boolean withdrawNow(Protocol protocol, IpPrefix prefix) {
    Object o = table.get(prefix);
    if (o == null || (o instanceof Route r && r.protocol() != protocol)) {
      return false;
    }
    PrefixEntry e = edit(prefix, o, isBgp(protocol));
    Route old = e.remove(protocol);
    if (old != null) {
      unindex(old);
      recompute(e, !isBgp(protocol));
      return true;
    }
    store(e);
    return false;
  }

  /** The published best route of {@code prefix} (call on the RIB's loop, e.g. in tests). */
  public Route best(IpPrefix prefix) {
    return bestOf(table.get(prefix));
  }

  /** The next-hop group in force for {@code prefix}, or {@code null}. */
  public NextHopGroup group(IpPrefix prefix) {
    return groupOf(table.get(prefix));
  }

  /**
   * One prefix as {@code show ip route} shows it: every protocol's offer, whether each is usable
   * (its gateways resolve), the selected one and the next hops it forwards through.
   */
  public record PrefixView(
      IpPrefix prefix, List<Route> offers, List<Boolean> active, Route best, NextHopGroup group) {}

  /**
   * The table of {@code afi} (or {@code only} alone when not null), in prefix order. Call on the
   * RIB's loop; for a big table, walk {@link #prefixes} in slices instead.
   */
  public List<PrefixView> view(dev.cairn.net.Afi afi, IpPrefix only) {
    if (only != null) {
      return only.afi() == afi ? view(List.of(only)) : List.of();
    }
    dev.cairn.net.PrefixList all = prefixes(afi).sort();
    return view(all.slice(0, all.size()));
  }

  /** The prefixes of {@code afi} in the table, unsorted, for a walk in slices. On the loop. */
  public dev.cairn.net.PrefixList prefixes(dev.cairn.net.Afi afi) {
    return table.prefixes(afi);
  }

  /**
   * The views of those of {@code slice}'s prefixes still in the table, in its order. On the loop.
   */
  public List<PrefixView> view(List<IpPrefix> slice) {
    List<PrefixView> out = new ArrayList<>(slice.size());
    for (IpPrefix p : slice) {
      Object e = table.get(p);
      if (e == null) {
        continue;
      }
      List<Route> offers = new ArrayList<>();
      for (int i = 0; i < count(e); i++) {
        offers.add(at(e, i));
      }
      offers.sort(
          (a, b) -> better(a, b) ? -1 : better(b, a) ? 1 : a.protocol().compareTo(b.protocol()));
      List<Boolean> active = offers.stream().map(r -> resolve(r) != null).toList();
      out.add(new PrefixView(p, List.copyOf(offers), active, bestOf(e), groupOf(e)));
    }
    return out;
  }

  /**
   * Up to {@code limit} prefixes of {@code afi}, sorted, without sorting the whole table (shell
   * completion must not stall the RIB). Call on the RIB's loop.
   */
  public List<IpPrefix> somePrefixes(dev.cairn.net.Afi afi, int limit) {
    dev.cairn.net.PrefixList all = table.prefixes(afi); // (IPv4: the keys alone, no element read)
    List<IpPrefix> out = all.slice(0, Math.min(limit, all.size()));
    out.sort(null);
    return out;
  }

  /** Routes per protocol among the selected ones (for metrics). Call on the RIB's loop. */
  public Map<Protocol, Integer> countsByProtocol() {
    Map<Protocol, Integer> out = new EnumMap<>(Protocol.class);
    table.forEach(
        e -> {
          Route best = bestOf(e);
          if (best != null) {
            out.merge(best.protocol(), 1, Integer::sum);
          }
        });
    return out;
  }

  /** The administrative distance in force for {@code p}. */
  public int distance(Protocol p) {
    return distance.get(p);
  }

  /** The loop that owns this RIB (queries run there). */
  public EventLoop loop() {
    return loop;
  }

  /** Number of distinct next-hop groups in use (shared groups count once). */
  public int groupCount() {
    return groups.size();
  }

  // ------------------------------------------------------------------ selection

  /**
   * Selects again for the changed {@code self} (from {@link #edit}) and what resolves through it.
   */
  private void recompute(PrefixEntry self, boolean resolvesOthers) {
    if (resolvesOthers) {
      covers.clear(); // a non-BGP route changed: any gateway may resolve differently now
    }
    IpPrefix prefix = self.prefix;
    List<IpPrefix> dirty = this.dirty;
    dirty.clear();
    dirtyBefore.clear();
    select(self, dirty);
    Object selfNow = store(self); // before the routes that may resolve through it look it up
    // routes whose gateways resolve through a route that changed are resolved again
    if (resolvesOthers) {
      List<IpAddress> covered = new ArrayList<>();
      for (IpAddress g : gateways.keySet()) {
        if (prefix.contains(g)) {
          covered.add(g);
        }
      }
      if (!covered.isEmpty()) {
        for (Object o : table.snapshot()) {
          IpPrefix p = prefixOf(o);
          if (!p.equals(prefix) && uses(o, covered)) {
            PrefixEntry t = edit(p, o, false);
            select(t, dirty);
            store(t);
          }
        }
      }
    }
    if (!subscribers.isEmpty()) {
      for (int i = 0; i < dirty.size(); i++) {
        IpPrefix p = dirty.get(i);
        Object e = p == prefix ? selfNow : table.get(p);
        Route best = bestOf(e);
        NextHopGroup group = null;
        for (int k = 0; k < subscribers.size(); k++) {
          ChangeQueue s = subscribers.get(k);
          if (s.wants(dirtyBefore.get(i), best)) {
            if (group == null && best != null) {
              group = groupOf(e);
            }
            s.add(p, best, group);
          }
        }
      }
      for (int k = 0; k < subscribers.size(); k++) {
        subscribers.get(k).schedule();
      }
    }
    if (!resolvesOthers) {
      return; // a BGP route resolves no tracked address (only non-BGP routes are covers)
    }
    for (Map.Entry<IpAddress, Tracked> t : tracked.entrySet()) {
      if (!prefix.contains(t.getKey())) {
        continue; // only a route covering the address can change how it resolves
      }
      Resolution now = resolution(t.getKey());
      if (!now.equals(t.getValue().last)) {
        t.getValue().last = now;
        for (Map.Entry<EventLoop, Consumer<Resolution>> l : t.getValue().listeners) {
          l.getKey().execute(() -> l.getValue().accept(now));
        }
      }
    }
  }

  private static boolean needsResolution(NextHop h) {
    return h.gateway() != null && h.interfaceName() == null;
  }

  private static boolean isBgp(Protocol p) {
    return p == Protocol.EBGP || p == Protocol.IBGP;
  }

  private void index(Route r) {
    List<NextHop> hops = r.nextHops();
    for (int i = 0; i < hops.size(); i++) {
      NextHop h = hops.get(i);
      if (needsResolution(h)) {
        gateways.computeIfAbsent(h.gateway(), k -> new int[1])[0]++;
      }
    }
  }

  private void unindex(Route r) {
    if (r == null) {
      return;
    }
    List<NextHop> hops = r.nextHops();
    for (int i = 0; i < hops.size(); i++) {
      NextHop h = hops.get(i);
      if (needsResolution(h)) {
        int[] n = gateways.get(h.gateway());
        if (n != null && --n[0] <= 0) {
          gateways.remove(h.gateway());
        }
      }
    }
  }

  /** Whether an offer of {@code e} forwards through one of {@code covered}. */
  private static boolean uses(Object e, List<IpAddress> covered) {
    for (int i = 0; i < count(e); i++) {
      Route r = at(e, i);
      for (NextHop h : r.nextHops()) {
        if (needsResolution(h) && covered.contains(h.gateway())) {
          return true;
        }
      }
    }
    return false;
  }

  /** The prefixes whose selection changed in the current {@link #recompute} (reused). */
  private final List<IpPrefix> dirty = new ArrayList<>();

  /** For each of {@link #dirty}, its best route before the change (or null). */
  private final List<Route> dirtyBefore = new ArrayList<>();

  private void select(PrefixEntry e, List<IpPrefix> dirty) {
    Route best = null;
    List<NextHop> hops = null;
    for (int i = 0; i < e.count(); i++) {
      Route r = e.at(i);
      List<NextHop> resolved = resolve(r);
      if (resolved == null) {
        continue; // inactive: a gateway does not resolve
      }
      if (best == null || better(r, best)) {
        best = r;
        hops = resolved;
      }
    }
    NextHopGroup g = best == null ? null : intern(cap(hops));
    if (best != e.best || g != e.group) {
      release(e.group);
      dirtyBefore.add(e.best);
      e.best = best;
      e.group = g;
      dirty.add(e.prefix);
    } else {
      release(g); // interned once more than needed
    }
  }

  private boolean better(Route a, Route b) {
    int da = distance.get(a.protocol());
    int db = distance.get(b.protocol());
    return da != db ? da < db : a.metric() < b.metric();
  }

  private List<NextHop> cap(List<NextHop> hops) {
    if (hops.size() <= 1) {
      return hops;
    }
    List<NextHop> sorted = NextHopGroup.normalize(hops);
    return sorted.size() > maxPaths ? sorted.subList(0, maxPaths) : sorted;
  }

  /**
   * The next hops {@code r} forwards through: its own where they are directly connected or name an
   * interface, else those of the route that covers the gateway (recursive resolution, through
   * non-BGP routes only). {@code null} when a gateway does not resolve.
   */
  private List<NextHop> resolve(Route r) {
    List<NextHop> hops = r.nextHops();
    // null while every hop forwards as offered (direct, or a connected gateway): then the
    // route's own list is the answer, without allocation. BGP shares that list among the routes
    // through the same gateways, so the group is then found by identity.
    List<NextHop> out = null;
    for (int i = 0; i < hops.size(); i++) {
      NextHop h = hops.get(i);
      List<NextHop> through = null; // the next hops of the router that reaches h's gateway
      if (h.gateway() != null && h.interfaceName() == null) {
        Route via = cover(h.gateway(), r.prefix());
        if (via == null) {
          return null;
        }
        if (via.protocol() != Protocol.CONNECTED) {
          through = via.nextHops();
        }
      }
      if (through != null && hops.size() == 1) {
        return through;
      }
      if (through != null && out == null) {
        out = new ArrayList<>(hops.subList(0, i));
      }
      if (out != null) {
        if (through == null) {
          out.add(h);
        } else {
          out.addAll(through);
        }
      }
    }
    return out == null ? hops : out;
  }

  /**
   * Covers found so far, by gateway: every BGP route through the same gateway asks the same
   * question. Forgotten whenever a non-BGP route changes (only those can cover a gateway).
   */
  private final Map<IpAddress, java.util.Optional<Route>> covers = new HashMap<>();

  /** The best non-BGP route covering {@code a}, longest prefix first, not {@code self}. */
  private Route cover(IpAddress a, IpPrefix self) {
    java.util.Optional<Route> known = covers.get(a); // no capturing lambda per call
    if (known == null) {
      known = java.util.Optional.ofNullable(lookup(a, null));
      covers.put(a, known);
    }
    Route r = known.orElse(null);
    return r != null && r.prefix().equals(self) ? lookup(a, self) : r;
  }

  /**
   * The longest match by probing each prefix length, so a lookup costs at most 33 (IPv4) or 129
   * (IPv6) table probes whatever the table's size.
   */
  private Route lookup(IpAddress a, IpPrefix self) {
    for (int len = a.afi().bits(); len >= 0; len--) {
      IpPrefix p = IpPrefix.of(a, len);
      if (p.equals(self)) {
        continue;
      }
      Object t = table.get(p);
      if (t == null) {
        continue;
      }
      Route best = null;
      for (int i = 0; i < count(t); i++) {
        Route r = at(t, i);
        if (isBgp(r.protocol())) {
          continue;
        }
        if (best == null || better(r, best)) {
          best = r;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  /** A group in use and how many entries use it. */
  private static final class GroupRef {
    final NextHopGroup group;
    int count;

    GroupRef(NextHopGroup group) {
      this.group = group;
    }
  }

  // the group last interned, by the identity of the next-hop list it was asked for: routes
  // through one gateway share one list, so a burst of them skips hashing the group
  private List<NextHop> lastHops;
  private GroupRef lastRef;

  /**
   * The group in use for a route that forwards through its own next hops (a bare route in the
   * table), without counting it again.
   */
  private NextHopGroup plainGroup(Route r) {
    List<NextHop> hops = cap(r.nextHops());
    if (hops == lastHops && lastRef.count > 0) {
      return lastRef.group;
    }
    GroupRef ref = groups.get(new NextHopGroup(hops));
    return ref == null ? null : ref.group;
  }

  /** The shared group of {@code hops}, counted once more. */
  private NextHopGroup intern(List<NextHop> hops) {
    GroupRef ref;
    if (hops == lastHops && lastRef.count > 0) {
      ref = lastRef;
    } else {
      NextHopGroup g = new NextHopGroup(hops);
      ref = groups.get(g);
      if (ref == null) {
        ref = new GroupRef(g);
        groups.put(g, ref);
      }
      lastHops = hops;
      lastRef = ref;
    }
    ref.count++;
    return ref.group;
  }

  private void release(NextHopGroup g) {
    if (g == null) {
      return;
    }
    GroupRef ref = lastRef != null && lastRef.group == g ? lastRef : groups.get(g);
    if (ref != null && --ref.count <= 0) {
      groups.remove(g);
    }
  }

  // ------------------------------------------------------------------ next-hop tracking

  private Resolution resolution(IpAddress a) {
    Route r = cover(a, null);
    if (r == null) {
      return Resolution.UNREACHABLE;
    }
    return r.protocol() == Protocol.CONNECTED
        ? Resolution.CONNECTED
        : new Resolution(true, r.metric());
  }

  @Override
  public void track(IpAddress address, EventLoop replyOn, Consumer<Resolution> listener) {
    loop.execute(
        () -> {
          Tracked t = tracked.computeIfAbsent(address, a -> new Tracked());
          if (t.last == null) {
            t.last = resolution(address);
          }
          t.listeners.add(Map.entry(replyOn, listener));
          Resolution now = t.last;
          replyOn.execute(() -> listener.accept(now));
        });
  }

  @Override
  public void untrack(IpAddress address, Consumer<Resolution> listener) {
    loop.execute(
        () -> {
          Tracked t = tracked.get(address);
          if (t != null) {
            t.listeners.removeIf(e -> e.getValue() == listener);
            if (t.listeners.isEmpty()) {
              tracked.remove(address);
            }
          }
        });
  }

  // ------------------------------------------------------------------ subscribers

  /**
   * Changes handed to an unlimited subscriber at a time. A subscriber gets its next chunk only when
   * it has taken the last one (a kernel slower than the RIB: the FIB writer); meanwhile its changes
   * wait coalesced, the latest per prefix, in parallel arrays ({@link ChangeQueue}), instead of as
   * one queued object per change on its loop.
   */
  static final int SUBSCRIBER_CHUNK = 4096;
}
