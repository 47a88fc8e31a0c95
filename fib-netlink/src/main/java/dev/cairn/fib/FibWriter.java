package dev.cairn.fib;

import dev.cairn.kernel.Errno;
import dev.cairn.kernel.FibError;
import dev.cairn.kernel.FibOp;
import dev.cairn.kernel.Kernel;
import dev.cairn.kernel.LinkMessage;
import dev.cairn.kernel.NetlinkException;
import dev.cairn.kernel.NexthopMessage;
import dev.cairn.kernel.RouteMessage;
import dev.cairn.kernel.Rtnl;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.PrefixTable;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Makes the kernel's routes match the RIB's best routes. Single owner: every method runs on the FIB
 * writer's loop. The RIB's deltas ({@link #offer}, {@link #withdraw}) only mark prefixes; {@link
 * #flush} writes everything due in a few batched sends:
 *
 * <ol>
 *   <li>new single nexthop objects, then new or rewritten groups (one group per distinct next-hop
 *       set, shared by every route that uses it);
 *   <li>routes pointing at their group ({@code RTA_NH_ID}), blackholes, deletions;
 *   <li>groups no route uses any more, then singles no group uses.
 * </ol>
 *
 * <p>When every route of a group moves to the same new set and no group has that set yet, the group
 * is rewritten in place (same id) and the routes are not touched: an ECMP change is one message.
 *
 * <p>Failures are never dropped: each is returned by the flush that saw it, kept in {@link
 * #failing()}, and retried with exponential backoff until it succeeds or the RIB changes the route.
 * A {@link NetlinkException} in mid-batch (EAGAIN, ENOBUFS, a failed send) leaves the writer unable
 * to know what the kernel applied: the batch goes back to the pending set and the next flush first
 * re-reads the kernel ({@link #requestResync}), then writes whatever still differs.
 *
 * <p>The kernel is watched, not trusted: {@link #drift()} takes route and nexthop notifications and
 * puts back what something else deleted or changed; {@link #scan()} compares the whole table.
 *
 * <p>At {@link #start()} the writer adopts every route and nexthop object carrying its protocol
 * number, so a restart leaves forwarding alone; {@link #reconcile()} then deletes what was adopted
 * and not offered again. Without kernel nexthop objects (before 5.3, or when configured off) routes
 * carry their next hops themselves ({@code RTA_MULTIPATH}).
 */
public final class FibWriter {

  /** What is in the kernel for one prefix, as far as the writer knows. */
  record Installed(NhSet set, int groupId, int metric) {}

  /**
   * One {@link Installed} per distinct value (a full table uses a few next-hop sets and groups),
   * shared by every route with it instead of one per route; a cache, emptied when it grows.
   */
  private final Map<Installed, Installed> installedShapes = new HashMap<>();

  private Installed installedAs(NhSet set, int groupId, int metric) {
    Installed i = new Installed(set, groupId, metric);
    Installed known = installedShapes.putIfAbsent(i, i);
    if (known != null) {
      return known;
    }
    if (installedShapes.size() > 4096) {
      installedShapes.clear();
    }
    return i;
  }

  private record Retry(int attempts, long dueNanos, WriterError last) {}

  private final Kernel kernel;
  private final FibConfig config;
  private final LongSupplier nanoTime;
  private final NexthopTable nexthops;
  private final boolean resilient;
  private boolean useNexthopObjects;
  private boolean started;

  // the routes to keep in the kernel: a table of the routes themselves (no map node per route)
  private final PrefixTable<Route> desired = new PrefixTable<>(Route::prefix);
  private final Map<IpPrefix, Installed> installed = new HashMap<>();
  private final Set<IpPrefix> dirty = new LinkedHashSet<>();
  private final Map<IpPrefix, Retry> retries = new HashMap<>();
  private final Set<IpPrefix> adopted = new HashSet<>();
  private final Map<String, Integer> ifindexByName = new HashMap<>();
  private final KernelDrift drift;
  // the kernel must be read again before the next write (a batch failed midway, or ENOBUFS)
  private boolean resyncPending;
  private String resyncReason;
  private long resyncDueNanos;
  private int resyncAttempts;
  private boolean collectDue; // after a re-read: unused nexthop objects found go at the next flush

  public FibWriter(Kernel kernel, FibConfig config) {
    this(kernel, config, System::nanoTime);
  }

  /** With an injected clock ({@code nanoTime}) for retry scheduling. */
  public FibWriter(Kernel kernel, FibConfig config, LongSupplier nanoTime) {
    this.kernel = kernel;
    this.config = config;
    this.nanoTime = nanoTime;
    NexthopMessage.Resilient res = kernel.resilientGroups() ? config.resilient() : null;
    this.resilient = res != null;
    this.nexthops = new NexthopTable(config.protocol(), res, config.firstNexthopId());
    this.drift = new KernelDrift(this, config, nexthops);
  }

  /**
   * True when groups are created resilient: configured and the kernel is 5.13+. Configured but
   * unsupported falls back to hash-threshold groups (the daemon should log it).
   */
  public boolean usesResilientGroups() {
    return resilient && useNexthopObjects;
  }

  /**
   * Detects kernel features and adopts the routes and nexthop objects that carry cairn's protocol
   * number in the configured table. Returns how many routes were adopted.
   */
  public int start() {
    useNexthopObjects = config.useNexthopObjects() && kernel.nexthopObjectsSupported();
    loadKernelState();
    adopted.clear();
    adopted.addAll(installed.keySet());
    started = true;
    return adopted.size();
  }

  /** True when routes are programmed through nexthop objects. */
  public boolean usesNexthopObjects() {
    return useNexthopObjects;
  }

  /** Adds or replaces the route for {@code route.prefix()}. Written at the next flush. */
  public void offer(Route route) {
    desired.put(route);
    touch(route.prefix());
  }

  /** Removes cairn's route for {@code prefix}. Written at the next flush. */
  public void withdraw(IpPrefix prefix) {
    desired.remove(prefix);
    touch(prefix);
  }

  private void touch(IpPrefix p) {
    adopted.remove(p);
    retries.remove(p);
    dirty.add(p);
  }

  /**
   * Deletes every adopted route that was not offered again since {@link #start()}, and nexthop
   * objects nothing uses, then flushes.
   */
  public List<WriterError> reconcile() {
    requireStarted();
    for (IpPrefix p : adopted) {
      if (!desired.contains(p)) {
        dirty.add(p);
      }
    }
    adopted.clear();
    return flush(true);
  }

  /**
   * Re-reads the kernel (after it removed routes itself, e.g. when an interface went away) and
   * queues whatever differs from the desired state; then flushes. Desired routes that cannot be
   * installed any more (their interface is gone) come back as errors and are retried.
   */
  public List<WriterError> resync() {
    requireStarted();
    requestResync("interface");
    return flush(false);
  }

  /** The safety net: reads the kernel again, repairs what differs ({@code scan}). */
  public List<WriterError> scan() {
    requireStarted();
    drift.resetGuard();
    requestResync("scan");
    return flush(false);
  }

  /** The next flush reads the kernel again before writing (e.g. ENOBUFS: events were lost). */
  public void requestResync(String reason) {
    if (!resyncPending) {
      resyncPending = true;
      resyncReason = reason;
      resyncDueNanos = Long.MIN_VALUE;
    }
  }

  /** True while the writer waits to re-read the kernel (its view of it is not trusted). */
  public boolean resyncPending() {
    return resyncPending;
  }

  /** Takes the kernel's route and nexthop notifications; see {@link KernelDrift}. */
  public KernelDrift drift() {
    return drift;
  }

  Installed installedEntry(IpPrefix p) {
    return installed.get(p);
  }

  Map<IpPrefix, Installed> installedMap() {
    return installed;
  }

  /** A route with cairn's tag that cairn did not install: the next flush replaces or deletes it. */
  void unexpected(IpPrefix p) {
    if (!installed.containsKey(p)) {
      installed.put(p, installedAs(null, 0, config.metric()));
      dirty.add(p);
    }
  }

  /**
   * The kernel lost the route of {@code p} ({@code replaced} false) or holds another one in its
   * place: forget what was installed; the next flush writes the route again, or deletes the
   * replacement when cairn no longer wants the prefix.
   */
  void forget(IpPrefix p, boolean replaced) {
    Installed i = replaced ? installed.get(p) : installed.remove(p);
    if (i != null && i.groupId != 0) {
      NexthopTable.Group g = nexthops.groupById(i.groupId);
      if (g != null) {
        g.refs--;
      }
    }
    if (i != null && replaced) {
      installed.put(p, installedAs(null, 0, i.metric)); // unknown: rewritten or deleted
    }
    retries.remove(p);
    dirty.add(p);
  }

  /** Reads the kernel again; desired routes found different from what was believed are repairs. */
  private void reload(String reason) {
    Map<IpPrefix, Installed> before = new HashMap<>(installed);
    loadKernelState();
    resyncPending = false;
    resyncAttempts = 0;
    collectDue = true;
    adopted.retainAll(installed.keySet());
    for (IpPrefix p : installed.keySet()) {
      if (!adopted.contains(p)) {
        dirty.add(p);
      }
    }
    desired.forEach(
        r -> {
          dirty.add(r.prefix());
          if (!java.util.Objects.equals(before.get(r.prefix()), installed.get(r.prefix()))) {
            drift.repaired(r.prefix(), reason);
          }
        });
    retries.clear();
  }

  private void scheduleResync(long now) {
    if (!resyncPending) {
      resyncPending = true;
      resyncReason = "resync";
    }
    resyncDueNanos = now + backoff(++resyncAttempts);
  }

  /** A netlink call failed in mid-batch: read the kernel again before the next write. */
  private WriterError interrupted(NetlinkException e, long now) {
    scheduleResync(now);
    return new WriterError(
        null,
        e.errno(),
        "kernel write interrupted, reading the kernel again: " + e.getMessage(),
        1);
  }

  /**
   * A link was deleted (from the {@link dev.cairn.kernel.LinkMonitor}, posted to this loop). The
   * kernel has removed every route and nexthop object through it and shrunk the groups that had a
   * leg on it, so the writer forgets the name and re-reads the kernel ({@link #resync()}): no stale
   * nexthop id survives, and routes that can no longer be installed are reported and retried.
   */
  public List<WriterError> linkRemoved(int ifindex, String name) {
    requireStarted();
    ifindexByName.remove(name, ifindex);
    return resync();
  }

  /**
   * A link appeared or changed (from the {@link dev.cairn.kernel.LinkMonitor}). A new name or index
   * is learnt at once, and routes waiting for a retry are due again at the next flush: one that
   * failed because its interface was missing may now succeed.
   */
  public void linkChanged(int ifindex, String name) {
    requireStarted();
    ifindexByName.values().removeIf(i -> i == ifindex); // a renamed link keeps its index
    Integer old = ifindexByName.put(name, ifindex);
    if (old == null || old != ifindex) {
      long now = nanoTime.getAsLong();
      retries.replaceAll((p, r) -> new Retry(r.attempts, Math.min(r.dueNanos, now), r.last));
      dirty.addAll(retries.keySet());
    }
  }

  /** Writes every pending change that is due; returns the failures of this flush. */
  public List<WriterError> flush() {
    return flush(false);
  }

  /** When the earliest retry is due ({@code nanoTime} scale), or {@code Long.MAX_VALUE}. */
  public long nextRetryNanos() {
    if (resyncPending) {
      return resyncDueNanos; // nothing else is written before the kernel is read again
    }
    long min = Long.MAX_VALUE;
    for (Retry r : retries.values()) {
      min = Math.min(min, r.dueNanos);
    }
    return min;
  }

  /** Routes currently failing, with their last error. */
  public Map<IpPrefix, WriterError> failing() {
    Map<IpPrefix, WriterError> m = new LinkedHashMap<>();
    retries.forEach((p, r) -> m.put(p, r.last));
    return Collections.unmodifiableMap(m);
  }

  /** The routes the writer is asked to keep in the kernel, in prefix order (a copy). */
  public List<Route> desired() {
    return desired.sorted();
  }

  /** Number of routes the writer believes are in the kernel. */
  public int installedCount() {
    return installed.size();
  }

  /** The nexthop group id a prefix's kernel route uses, 0 for none/blackhole/not installed. */
  public int groupIdOf(IpPrefix p) {
    Installed i = installed.get(p);
    return i == null ? 0 : i.groupId;
  }

  public boolean isInstalled(IpPrefix p) {
    return installed.containsKey(p);
  }

  /** Number of nexthop groups cairn has in the kernel. */
  public int groupCount() {
    return nexthops.groupCount();
  }

  /** Prefixes adopted at start-up and not yet offered again. */
  public Set<IpPrefix> adopted() {
    return Collections.unmodifiableSet(adopted);
  }

  private void requireStarted() {
    if (!started) {
      throw new IllegalStateException("call start() first");
    }
  }

  // ---------------------------------------------------------------- kernel state

  private void loadKernelState() {
    refreshLinks();
    installed.clear();
    if (useNexthopObjects) {
      nexthops.load(kernel.dumpNexthops());
    }
    for (RouteMessage r : kernel.dumpRoutes(Rtnl.AF_UNSPEC)) {
      if (r.protocol() != config.protocol() || r.table() != config.table()) {
        continue;
      }
      if (r.type() == Rtnl.RTN_BLACKHOLE) {
        installed.put(r.dst(), installedAs(NhSet.BLACKHOLE, 0, r.priority()));
      } else if (r.nhId() != 0) {
        NexthopTable.Group g = useNexthopObjects ? nexthops.groupById(r.nhId()) : null;
        if (g != null) {
          g.refs++;
          installed.put(r.dst(), installedAs(g.set, g.id, r.priority()));
        } else {
          // a group the writer does not keep (e.g. a duplicate): rewrite when offered
          installed.put(r.dst(), installedAs(null, r.nhId(), r.priority()));
        }
      } else {
        List<NhKey> keys = new ArrayList<>();
        if (r.paths().isEmpty()) {
          keys.add(key(r.family(), r.gateway(), r.oif()));
        } else {
          for (RouteMessage.Path p : r.paths()) {
            keys.add(key(r.family(), p.gateway(), p.ifindex()));
          }
        }
        // a route with inline next hops is rewritten onto a group when nexthop objects are on
        NhSet set = useNexthopObjects ? null : new NhSet(keys);
        installed.put(r.dst(), installedAs(set, 0, r.priority()));
      }
    }
  }

  static NhKey key(int routeFamily, IpAddress gw, int ifindex) {
    return new NhKey(gw == null ? routeFamily : Rtnl.family(gw), gw, ifindex);
  }

  private void refreshLinks() {
    ifindexByName.clear();
    for (LinkMessage l : kernel.dumpLinks()) {
      ifindexByName.put(l.name(), l.index());
    }
  }

  // ---------------------------------------------------------------- flush

  /** One prefix whose kernel state must change. */
  private static final class Change {
    final IpPrefix prefix;
    final Installed from;
    final NhSet to; // null = delete
    NexthopTable.Group group;
    boolean done;

    Change(IpPrefix prefix, Installed from, NhSet to) {
      this.prefix = prefix;
      this.from = from;
      this.to = to;
    }
  }

  private List<WriterError> flush(boolean collectStrays) {
    requireStarted();
    long now = nanoTime.getAsLong();
    List<WriterError> errors = new ArrayList<>();
    if (resyncPending) {
      if (resyncDueNanos > now) {
        return errors; // nothing is written while the writer's view of the kernel is not trusted
      }
      try {
        reload(resyncReason);
      } catch (NetlinkException e) {
        errors.add(interrupted(e, now));
        return errors;
      }
    }
    List<IpPrefix> batch = List.copyOf(dirty);
    try {
      writeBatch(batch, collectStrays, now, errors);
    } catch (NetlinkException e) {
      // the kernel may have applied any part of the batch: put it back, read the kernel again
      dirty.addAll(batch);
      errors.add(interrupted(e, now));
    }
    return errors;
  }

  private void writeBatch(
      List<IpPrefix> batch, boolean collectStrays, long now, List<WriterError> errors) {
    List<Change> changes = new ArrayList<>();
    Map<IpAddress, Integer> lookups = new HashMap<>();
    forgetResolved();
    boolean linksRefreshed = false;
    for (IpPrefix p : batch) {
      Retry r = retries.get(p);
      if (r != null && r.dueNanos > now) {
        continue;
      }
      dirty.remove(p);
      Route d = desired.get(p);
      Installed cur = installed.get(p);
      if (d == null) {
        if (cur != null) {
          changes.add(new Change(p, cur, null));
        }
        retries.remove(p);
        continue;
      }
      NhSet target;
      try {
        target = resolve(d, lookups);
      } catch (Unresolvable u) {
        if (!linksRefreshed && u.errno == Errno.ENODEV) {
          refreshLinks();
          linksRefreshed = true;
          forgetResolved(); // (interfaces may have moved)
          try {
            target = resolve(d, lookups);
          } catch (Unresolvable again) {
            errors.add(fail(p, again.errno, again.getMessage(), now));
            continue;
          }
        } else {
          errors.add(fail(p, u.errno, u.getMessage(), now));
          continue;
        }
      }
      if (cur != null && target.equals(cur.set) && cur.metric == config.metric()) {
        retries.remove(p);
        continue;
      }
      changes.add(new Change(p, cur, target));
    }
    if (changes.isEmpty() && !collectStrays && !collectDue) {
      return;
    }
    if (useNexthopObjects) {
      writeGroups(changes, errors, now);
    }
    writeRoutes(changes, errors, now);
    if (useNexthopObjects) {
      List<FibOp> deletes = new ArrayList<>();
      nexthops.collect(deletes, collectStrays);
      collectDue = false;
      if (nexthops.hasStrays()) {
        // duplicates found by a re-read (two groups shrunk to the same members, a batch cut short)
        // that no route points at any more go now; ones an adopted route uses stay
        Set<Integer> inUse = new HashSet<>();
        for (Installed i : installed.values()) {
          inUse.add(i.groupId);
        }
        nexthops.collectStrays(inUse, deletes);
      }
      applyDeletes(deletes, errors);
    }
  }

  /** Deletes nexthop objects; one the kernel kept is found again by a re-read, and retried. */
  private void applyDeletes(List<FibOp> deletes, List<WriterError> errors) {
    for (FibError e : kernel.apply(deletes)) {
      if (e.errno() != Errno.ENOENT) {
        errors.add(new WriterError(null, e.errno(), e.message() + " deleting " + e.op(), 1));
        scheduleResync(nanoTime.getAsLong());
      }
    }
  }

  /**
   * The next-hop sets resolved in the current flush, per route family and by the identity of the
   * route's next-hop list: routes share their lists (a RIB group's, a BGP next hop's), so a full
   * table resolves a handful of sets, and its routes share those few objects instead of holding a
   * set, a list and keys each (130 bytes a route).
   */
  private final List<Map<List<NextHop>, NhSet>> resolved =
      List.of(new java.util.IdentityHashMap<>(), new java.util.IdentityHashMap<>());

  private void forgetResolved() {
    resolved.get(0).clear();
    resolved.get(1).clear();
  }

  private NhSet resolve(Route d, Map<IpAddress, Integer> lookups) throws Unresolvable {
    if (d.isBlackhole()) {
      return NhSet.BLACKHOLE;
    }
    int family = Rtnl.family(d.prefix());
    Map<List<NextHop>, NhSet> memo = resolved.get(family == Rtnl.AF_INET ? 0 : 1);
    NhSet known = memo.get(d.nextHops());
    if (known != null) {
      return known;
    }
    NhSet set = resolveNow(d, family, lookups);
    memo.put(d.nextHops(), set);
    return set;
  }

  private NhSet resolveNow(Route d, int family, Map<IpAddress, Integer> lookups)
      throws Unresolvable {
    List<NhKey> keys = new ArrayList<>(d.nextHops().size());
    for (NextHop nh : d.nextHops()) {
      int ifindex = 0;
      if (nh.interfaceName() != null) {
        Integer idx = ifindexByName.get(nh.interfaceName());
        if (idx == null) {
          throw new Unresolvable(Errno.ENODEV, "no interface " + nh.interfaceName());
        }
        ifindex = idx;
      } else {
        ifindex = lookupOif(nh.gateway(), lookups);
      }
      keys.add(key(family, nh.gateway(), ifindex));
    }
    return new NhSet(keys);
  }

  private int lookupOif(IpAddress gw, Map<IpAddress, Integer> lookups) throws Unresolvable {
    Integer cached = lookups.get(gw);
    if (cached == null) {
      RouteMessage via;
      try {
        via = kernel.lookup(gw);
      } catch (NetlinkException e) {
        throw new Unresolvable(e.errno(), "looking up gateway " + gw + ": " + e.getMessage());
      }
      cached =
          via == null
              ? -Errno.ENETUNREACH
              : via.gateway() != null ? -Errno.EHOSTUNREACH : via.oif();
      lookups.put(gw, cached);
    }
    if (cached == -Errno.ENETUNREACH) {
      throw new Unresolvable(Errno.ENETUNREACH, "gateway " + gw + " is unreachable");
    }
    if (cached == -Errno.EHOSTUNREACH) {
      throw new Unresolvable(Errno.EHOSTUNREACH, "gateway " + gw + " is not directly connected");
    }
    return cached;
  }

  /** Phase 1: in-place group rewrites, new groups; failed groups fail their routes. */
  private void writeGroups(List<Change> changes, List<WriterError> errors, long now) {
    List<FibOp> singleOps = new ArrayList<>();
    List<FibOp> groupOps = new ArrayList<>();
    // in place: every route of a group moves to one new set that has no group yet
    Map<NexthopTable.Group, List<Change>> byOld = new IdentityHashMap<>();
    for (Change c : changes) {
      if (c.to != null && !c.to.isBlackhole() && c.from != null && c.from.groupId != 0) {
        NexthopTable.Group g = nexthops.groupById(c.from.groupId);
        if (g != null) {
          byOld.computeIfAbsent(g, k -> new ArrayList<>()).add(c);
        }
      }
    }
    Map<Integer, List<Change>> rekeyed = new HashMap<>();
    for (Map.Entry<NexthopTable.Group, List<Change>> e : byOld.entrySet()) {
      NexthopTable.Group g = e.getKey();
      List<Change> cs = e.getValue();
      NhSet to = cs.get(0).to;
      boolean allSame = cs.stream().allMatch(c -> c.to.equals(to));
      boolean sameMetric = cs.stream().allMatch(c -> c.from.metric == config.metric());
      if (allSame && sameMetric && cs.size() == g.refs && nexthops.group(to) == null) {
        nexthops.rekey(g, to, singleOps, groupOps);
        for (Change c : cs) {
          c.group = g;
          c.done = true;
        }
        rekeyed.put(g.id, cs);
      }
    }
    for (Change c : changes) {
      if (!c.done && c.to != null && !c.to.isBlackhole()) {
        c.group = nexthops.ensure(c.to, singleOps, groupOps);
      }
    }
    Map<Integer, FibError> failedSingles = new HashMap<>();
    for (FibError e : kernel.apply(singleOps)) {
      int id = ((FibOp.SetNexthop) e.op()).nexthop().id();
      failedSingles.put(id, e);
      nexthops.forgetSingle(id);
    }
    Map<Integer, FibError> failedGroups = new HashMap<>();
    for (FibError e : kernel.apply(groupOps)) {
      failedGroups.put(((FibOp.SetNexthop) e.op()).nexthop().id(), e);
    }
    for (Change c : changes) {
      if (c.group == null) {
        continue;
      }
      FibError ge = failedGroups.get(c.group.id);
      if (ge == null) {
        if (c.done) {
          installed.put(c.prefix, installedAs(c.to, c.group.id, config.metric()));
          retries.remove(c.prefix);
        }
        continue;
      }
      // blame the member that failed when there is one: its text says why
      FibError cause = ge;
      for (NexthopTable.Single s : c.group.members) {
        if (failedSingles.containsKey(s.id)) {
          cause = failedSingles.get(s.id);
        }
      }
      errors.add(fail(c.prefix, cause.errno(), cause.message(), now));
      c.done = true;
      if (rekeyed.containsKey(c.group.id)) {
        // the kernel group kept its old members, which the table no longer knows (a retry would
        // find the group under its new set): read the kernel again before the next write
        scheduleResync(now);
      }
    }
    for (Integer id : failedGroups.keySet()) {
      NexthopTable.Group g = nexthops.groupById(id);
      if (g != null && !rekeyed.containsKey(id)) {
        nexthops.forgetGroup(id);
      }
    }
  }

  /** Phase 2: routes. */
  private void writeRoutes(List<Change> changes, List<WriterError> errors, long now) {
    List<FibOp> ops = new ArrayList<>();
    List<Change> owners = new ArrayList<>();
    for (Change c : changes) {
      if (c.done) {
        continue;
      }
      if (c.to == null) {
        ops.add(new FibOp.DeleteRoute(KernelMessages.delete(config, c.prefix, c.from.metric)));
      } else {
        ops.add(
            new FibOp.SetRoute(
                KernelMessages.route(config, c.prefix, c.to, c.group == null ? 0 : c.group.id)));
      }
      owners.add(c);
    }
    // metric changed since an earlier run: the old route must go once the new one is in
    List<Change> metricMoves = new ArrayList<>();
    for (Change c : changes) {
      if (!c.done && c.to != null && c.from != null && c.from.metric != config.metric()) {
        metricMoves.add(c);
      }
    }
    List<FibError> failed = kernel.apply(ops);
    Map<Integer, FibError> byIndex = new HashMap<>();
    failed.forEach(e -> byIndex.put(e.index(), e));
    List<FibOp> oldMetricDeletes = new ArrayList<>();
    for (int i = 0; i < owners.size(); i++) {
      Change c = owners.get(i);
      FibError e = byIndex.get(i);
      boolean deleteGone =
          e != null && c.to == null && (e.errno() == Errno.ESRCH || e.errno() == Errno.ENOENT);
      if (e != null && !deleteGone) {
        errors.add(fail(c.prefix, e.errno(), e.message(), now));
        continue;
      }
      retries.remove(c.prefix);
      if (c.from != null && c.from.groupId != 0) {
        NexthopTable.Group old = nexthops.groupById(c.from.groupId);
        if (old != null) {
          old.refs--;
        }
      }
      if (c.to == null) {
        installed.remove(c.prefix);
      } else {
        int gid = c.group == null ? 0 : c.group.id;
        if (c.group != null) {
          c.group.refs++;
        }
        installed.put(c.prefix, installedAs(c.to, gid, config.metric()));
        if (metricMoves.contains(c)) {
          oldMetricDeletes.add(
              new FibOp.DeleteRoute(KernelMessages.delete(config, c.prefix, c.from.metric)));
        }
      }
    }
    kernel.apply(oldMetricDeletes);
  }

  private WriterError fail(IpPrefix p, int errno, String message, long now) {
    Retry prev = retries.get(p);
    int attempts = prev == null ? 1 : prev.attempts + 1;
    WriterError err = new WriterError(p, errno, message, attempts);
    retries.put(p, new Retry(attempts, now + backoff(attempts), err));
    dirty.add(p);
    return err;
  }

  /** The delay before the {@code attempts}th retry: doubling from the minimum to the maximum. */
  private long backoff(int attempts) {
    long delay = config.minBackoff().toNanos() << Math.min(attempts - 1, 20);
    long max = config.maxBackoff().toNanos();
    return delay <= 0 || delay > max ? max : delay;
  }
}
