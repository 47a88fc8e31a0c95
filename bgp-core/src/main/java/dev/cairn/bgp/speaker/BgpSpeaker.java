// The BGP speaker: the loop-owning coordinator of the neighbors (bgp.peer), the Loc-RIB
// (bgp.table), the exports (bgp.export) and the RIB, and the facade the daemon calls
// (RFC 4271 §9 UPDATE processing; RFC 4724 graceful restart helper; RFC 2918/7313 route refresh;
// RFC 4456 route reflection settings).
package dev.cairn.bgp.speaker;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.export.Advert;
import dev.cairn.bgp.export.Exporter;
import dev.cairn.bgp.export.LocalAddresses;
import dev.cairn.bgp.export.Outbound;
import dev.cairn.bgp.export.UpdateGroups;
import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.MessageCounters;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.fsm.Transport;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.peer.Peer;
import dev.cairn.bgp.peer.PeerHandler;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.table.Dest;
import dev.cairn.bgp.table.Hop;
import dev.cairn.bgp.table.LocRib;
import dev.cairn.bgp.table.NextHops;
import dev.cairn.bgp.table.Path;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.AttributeInterner;
import dev.cairn.bgp.wire.Communities;
import dev.cairn.bgp.wire.ErrorCodes;
import dev.cairn.bgp.wire.LargeCommunities;
import dev.cairn.bgp.wire.Notification;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.bgp.wire.RouteRefresh;
import dev.cairn.bgp.wire.Update;
import dev.cairn.event.EventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.PrefixList;
import dev.cairn.rib.NextHopResolver;
import dev.cairn.rib.RouteSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The BGP speaker: sessions to the configured neighbors ({@link Peer}), the Loc-RIB with the
 * decision process and multipath ({@link LocRib}), and what each neighbor is sent ({@link
 * Exporter}, {@link UpdateGroups}). It runs on one {@link EventLoop} and owns all of this state
 * (DESIGN §3), including the attribute interner. Each change of the Loc-RIB comes back as a {@link
 * LocRib.Change} that the speaker hands on: to the {@link RouteSink} (the RIB, batched per loop
 * task) and to the neighbors' exports. The speaker never touches the kernel.
 */
public final class BgpSpeaker {
  private static final System.Logger LOG = System.getLogger(BgpSpeaker.class.getName());

  private final EventLoop loop;
  final long asn;
  final Ipv4Address routerId;
  private final Transport transport;
  private final RouteSink rib;
  final Map<IpAddress, Peer> peers = new LinkedHashMap<>();
  // the same, as an array for the per-route walks (no iterator per route); kept with peers
  private Peer[] peerList = new Peer[0];
  int clusterId;
  private boolean gracefulRestart;
  private NextHopResolver resolver;
  final NextHops nextHops = new NextHops();
  final LocRib locRib;

  /** Equal attribute sets of the Loc-RIB share one object; owned by this loop (no lock). */
  final AttributeInterner interner = new AttributeInterner();

  private final UpdateGroups updateGroups;
  final Exporter exporter;
  private final Inbound inbound = new Inbound(this);
  private final Views views = new Views(this);
  private final PeerHandler handler = new Handler();
  private Function<IpAddress, LocalAddresses> localAddresses = LocalAddresses::of;
  private final Set<IpPrefix> redistributed = new HashSet<>();

  /** RIB changes of the current loop task, handed over in one batch when it ends. */
  private ArrayList<Object> ribBatch = new ArrayList<>();

  public BgpSpeaker(
      EventLoop loop,
      long asn,
      Ipv4Address routerId,
      Transport transport,
      RouteSink rib,
      DecisionOptions decision) {
    this.loop = loop;
    this.asn = asn;
    this.routerId = routerId;
    this.transport = transport;
    this.rib = rib;
    this.clusterId = routerId.bits();
    this.locRib = new LocRib(decision, nextHops);
    this.updateGroups = new UpdateGroups(loop);
    this.exporter = new Exporter(asn, clusterId, updateGroups);
  }

  // ------------------------------------------------------------------ settings and lifecycle

  /**
   * Resolves next hops through the RIB (RFC 4271 §9.1.2.1): a path whose next hop does not resolve
   * is not used, and the resolving route's metric is the IGP cost of the decision process. Without
   * a resolver every next hop counts as directly connected.
   */
  public void setResolver(NextHopResolver r) {
    resolver = r;
    nextHops.tracking(r != null);
  }

  /** Whether to keep the routes of a gracefully restarting neighbor (RFC 4724 helper). */
  public void setGracefulRestart(boolean enabled) {
    gracefulRestart = enabled;
  }

  /** Tests: how a session's local address maps to the next hops this router can give. */
  void setLocalAddresses(Function<IpAddress, LocalAddresses> f) {
    localAddresses = f;
  }

  /** The route-reflection cluster ID (RFC 4456 §7); the router ID unless set. */
  public void setClusterId(Ipv4Address id) {
    clusterId = id.bits();
    exporter.clusterId(clusterId);
    clearExportCaches();
  }

  /** Smaller chunks, for tests of a slow neighbor with a small table. */
  void flushChunk(int prefixes) {
    updateGroups.flushChunk(prefixes);
  }

  /** Adds a neighbor (not started). */
  public void addNeighbor(Neighbor n) {
    peers.put(n.peer().remoteAddress(), new Peer(loop, n, transport, handler));
    peersChanged();
  }

  private void peersChanged() {
    peerList = peers.values().toArray(new Peer[0]);
    Outbound[] outs = new Outbound[peerList.length];
    for (int i = 0; i < outs.length; i++) {
      outs[i] = peerList[i].out();
    }
    updateGroups.neighbors(outs);
  }

  /** Starts every session. */
  public void start() {
    peers.values().forEach(p -> p.session().start());
  }

  /**
   * Administratively shuts one neighbor down (Cease / Administrative Shutdown with the RFC 8203
   * message when the session is up); {@link #enable} brings it back.
   */
  public void shutdown(IpAddress neighbor, String message) {
    Peer p = peers.get(neighbor);
    if (p != null) {
      p.session().stop(message);
    }
  }

  /** Starts a neighbor's session again after {@link #shutdown}. */
  public void enable(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p != null) {
      p.session().start();
    }
  }

  /** Stops every session with Cease / Administrative Shutdown. */
  public void stop(String why) {
    peers.values().forEach(p -> p.session().stop(why));
  }

  /** Routes an inbound connection to its neighbor's session; unknown addresses are refused. */
  public void accept(Connection c) {
    Peer p = peers.get(c.remoteAddress());
    if (p == null) {
      LOG.log(System.Logger.Level.INFO, "refused connection from unknown {0}", c.remoteAddress());
      c.send(new Notification(ErrorCodes.CEASE, ErrorCodes.CONNECTION_REJECTED));
      c.close();
      return;
    }
    p.session().accept(c);
  }

  /**
   * Removes a neighbor (de-configured): Cease / Peer De-configured when the session is up, its
   * routes withdrawn.
   */
  public void removeNeighbor(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p == null) {
      return;
    }
    p.session().reset(new Notification(ErrorCodes.CEASE, ErrorCodes.PEER_DE_CONFIGURED), null);
    p.session().stop("neighbor de-configured");
    p.cancelTimers();
    peers.remove(neighbor);
    peersChanged();
    dropRoutes(p);
  }

  // ------------------------------------------------------------------ originating

  /** Originates {@code prefix} from this router (config {@code announce}). */
  public void announce(IpPrefix prefix) {
    originate(prefix, PathAttributes.ORIGIN_IGP, null, null);
  }

  private void originate(
      IpPrefix prefix, int origin, Communities communities, LargeCommunities large) {
    PathAttributes attrs =
        interner.intern(
            PathAttributes.builder()
                .origin(origin)
                .asPath(AsPath.EMPTY)
                .localPref(100)
                .communities(communities)
                .largeCommunities(large)
                .build());
    apply(locRib.originate(prefix, attrs));
  }

  /**
   * Redistribution from the RIB: originates {@code prefix} (ORIGIN INCOMPLETE, as routes that did
   * not come from an IGP announcement conventionally are) while {@code present}, and stops when
   * not. Export policies decide which neighbors get it.
   */
  public void redistribute(IpPrefix prefix, boolean present) {
    redistribute(prefix, present, null, null);
  }

  /**
   * Redistribution with communities attached (e.g. those a Kubernetes service asks for, or
   * GRACEFUL_SHUTDOWN while its node drains); a change of communities re-announces the prefix.
   */
  public void redistribute(
      IpPrefix prefix, boolean present, Communities communities, LargeCommunities large) {
    if (present) {
      redistributed.add(prefix);
      originate(prefix, PathAttributes.ORIGIN_INCOMPLETE, communities, large);
    } else if (redistributed.remove(prefix)) {
      withdraw(prefix);
    }
  }

  /** Stops originating {@code prefix}. */
  public void withdraw(IpPrefix prefix) {
    apply(locRib.remove(prefix, null));
  }

  // ------------------------------------------------------------------ queries (on the loop)

  /** One row of {@code show bgp summary}. */
  public record NeighborSummary(
      IpAddress address, long asn, SessionState state, int prefixesReceived, int prefixesSent) {}

  /** Everything {@code show bgp neighbors} tells about one neighbor. */
  public record NeighborDetail(
      IpAddress address,
      long asn,
      boolean ebgp,
      SessionState state,
      String lastError,
      int flaps,
      /** {@link EventLoop#nanoTime()} when the session last became Established; 0 never. */
      long establishedAtNanos,
      Ipv4Address remoteRouterId,
      int holdTime,
      List<Family> families,
      int prefixesAccepted,
      int prefixesAdvertised,
      int prefixesAcceptedV6,
      int prefixesAdvertisedV6,
      /** NLRI announced by the neighbor over the life of the neighbor, before import policy */
      long announcementsV4,
      long announcementsV6,
      MessageCounters.Snapshot messages,
      boolean routeReflectorClient,
      /** changes waiting to be sent to a neighbor that reads slower than they come */
      int changesQueued,
      /** max-prefixes (0: none), its warning threshold in percent, and whether it is reached */
      long maxPrefixes,
      int maxPrefixWarningPercent,
      boolean maxPrefixWarning,
      /** RFC 7606 findings in its UPDATEs: routes treated as withdrawn, attributes discarded */
      long treatAsWithdraw,
      long attributesDiscarded,
      /** unknown attributes dropped as drop-unknown-attributes asks */
      long unknownAttributesDropped) {}

  /** One path to a prefix as the CLI shows it. */
  public record PathView(
      /** the neighbor it came from; {@code null} for a route this router originates */
      IpAddress from,
      IpAddress nextHop,
      PathAttributes attributes,
      boolean best,
      boolean multipath,
      boolean stale,
      boolean nextHopReachable,
      long igpMetric) {}

  public List<NeighborSummary> summary() {
    return views.summary();
  }

  /** The best path of each prefix, as text (for logs, the CLI and tests). */
  public Map<IpPrefix, String> bestRoutes() {
    return views.bestRoutes();
  }

  /** The configured neighbors with their session details, in configuration order. */
  public List<NeighborDetail> neighbors() {
    return views.neighbors();
  }

  /** Whether {@code neighbor} is configured. */
  public boolean hasNeighbor(IpAddress neighbor) {
    return peers.containsKey(neighbor);
  }

  public SessionState state(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    return p == null ? null : p.session().state();
  }

  /**
   * Every path of every prefix of {@code afi} (or of {@code only} alone when it is not null), best
   * first, in prefix order.
   */
  public Map<IpPrefix, List<PathView>> paths(Afi afi, IpPrefix only) {
    return views.paths(afi, only);
  }

  /** The routes accepted from {@code neighbor} (after its import policy), in prefix order. */
  public Map<IpPrefix, PathView> received(IpAddress neighbor) {
    return views.received(neighbor);
  }

  /** What {@code neighbor} was sent and holds now (Adj-RIB-Out), in prefix order. */
  public Map<IpPrefix, Advert> advertised(IpAddress neighbor) {
    return views.advertised(neighbor);
  }

  // A query of a big table takes its prefixes (one scan of the keys), sorts them off the loop and
  // asks for a slice at a time, each a short task (see PrefixList): the loop is never held long.

  /** The Loc-RIB's prefixes of {@code afi}, unsorted: the start of a walk in slices. */
  public PrefixList prefixes(Afi afi) {
    return locRib.prefixes(afi);
  }

  /** The paths (best first) of those of {@code slice}'s prefixes still in the Loc-RIB. */
  public Map<IpPrefix, List<PathView>> paths(List<IpPrefix> slice) {
    return views.paths(slice);
  }

  /**
   * The paths accepted from {@code neighbor} (after import policy) for {@code slice}'s prefixes.
   */
  public Map<IpPrefix, PathView> received(IpAddress neighbor, List<IpPrefix> slice) {
    return views.received(neighbor, slice);
  }

  /** The prefixes of {@code afi} that {@code neighbor} holds from this router, unsorted. */
  public PrefixList advertisedPrefixes(IpAddress neighbor, Afi afi) {
    Peer to = peers.get(neighbor);
    return to == null ? PrefixList.of(List.of()) : to.out().prefixes(afi);
  }

  /**
   * What {@code neighbor} was sent and holds now for those of {@code slice}'s prefixes it holds.
   */
  public Map<IpPrefix, Advert> advertised(IpAddress neighbor, List<IpPrefix> slice) {
    return views.advertised(neighbor, slice);
  }

  /** How many packed UPDATE streams were computed (for metrics and tests of update groups). */
  public long updateBatchesComputed() {
    return updateGroups.batchesComputed();
  }

  // ------------------------------------------------------------------ management actions

  /** {@code clear bgp ADDR}: ends the session with Cease / Administrative Reset and restarts it. */
  public boolean hardReset(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p == null) {
      return false;
    }
    p.session()
        .reset(new Notification(ErrorCodes.CEASE, ErrorCodes.ADMINISTRATIVE_RESET), Duration.ZERO);
    return true;
  }

  /** {@code clear bgp ADDR soft out}: sends the neighbor everything it should hold again. */
  public boolean softOut(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p == null || p.session().state() != SessionState.ESTABLISHED) {
      return false;
    }
    for (Family f : p.negotiated()) {
      refreshOut(p, f);
    }
    updateGroups.flush(p.out());
    return true;
  }

  /** {@code clear bgp ADDR soft in}: asks the neighbor for its routes again (ROUTE-REFRESH). */
  public boolean softIn(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p == null || p.remoteOpen() == null) {
      return false;
    }
    boolean sent = false;
    for (Family f : p.negotiated()) {
      sent |= p.session().send(RouteRefresh.of(f, RouteRefresh.NORMAL));
    }
    return sent;
  }

  /** Asks {@code neighbor} to send its routes again (soft reconfiguration inbound). */
  public boolean requestRefresh(IpAddress neighbor, Family family) {
    Peer p = peers.get(neighbor);
    return p != null && p.session().send(RouteRefresh.of(family, RouteRefresh.NORMAL));
  }

  /**
   * Soft reconfiguration: new import/export policies for a neighbor without resetting its session.
   * The new export policy is applied to the Loc-RIB at once and only the differences are sent; for
   * the new import policy the neighbor is asked for its routes again (ROUTE-REFRESH), which pass
   * through the new policy as they arrive.
   */
  public void setPolicies(IpAddress neighbor, RoutePolicy importPolicy, RoutePolicy exportPolicy) {
    Peer p = peers.get(neighbor);
    if (p == null) {
      return;
    }
    Neighbor old = p.cfg();
    updateNeighbor(
        new Neighbor(
            old.peer(),
            importPolicy,
            exportPolicy,
            old.routeReflectorClient(),
            old.maxPrefixes(),
            old.maxPrefixRestart(),
            old.nextHopSelf(),
            old.inbound()));
  }

  /**
   * New settings for a neighbor whose session settings ({@link Neighbor#peer()}) did not change:
   * policies, reflection, limits and next-hop-self apply at once, without a session reset (soft
   * reconfiguration as for {@link #setPolicies}).
   */
  public void updateNeighbor(Neighbor n) {
    Peer p = peers.get(n.peer().remoteAddress());
    if (p == null) {
      return;
    }
    Neighbor old = p.cfg();
    Outbound out = p.out();
    var oldRules = out.rules();
    var oldCache = out.cache();
    p.cfg(n);
    if (old.routeReflectorClient() != n.routeReflectorClient()) {
      reflectionChanged(p);
    }
    if (p.session().state() != SessionState.ESTABLISHED) {
      return;
    }
    // only the differences between the old settings' export and the new one's are sent
    locRib.forEach(
        d -> {
          Advert now = exporter.attributes(out, d.prefix(), d.best());
          boolean had = out.holds(d.prefix());
          if (had
              ? !Objects.equals(
                  now, exporter.attributes(out, oldRules, oldCache, d.prefix(), d.best()))
              : now != null) {
            exporter.change(out, d.prefix(), now);
          }
        });
    p.checkPrefixWarning(); // a new limit or threshold
    if ((!Objects.equals(old.importPolicy(), n.importPolicy())
            || !old.inbound().sameImport(n.inbound()))
        && p.remoteOpen() != null) {
      // (new inbound rules: the neighbor's routes pass them again, as for a new import policy)
      for (Family f : p.negotiated()) {
        p.session().send(RouteRefresh.of(f, RouteRefresh.NORMAL));
      }
    }
  }

  /**
   * {@code from} became, or stopped being, a route-reflector client: whether its routes are
   * reflected to the other iBGP neighbors changed (RFC 4456 §6), so those neighbors' exports of the
   * prefixes whose best path it gave are computed again (their caches knew the old role).
   */
  private void reflectionChanged(Peer from) {
    clearExportCaches();
    for (Dest d : locRib.bestFrom(from)) {
      for (Peer q : peers.values()) {
        if (q != from && !q.ebgp() && q.session().state() == SessionState.ESTABLISHED) {
          Advert now = exporter.attributes(q.out(), d.prefix(), d.best());
          if (now != null || q.out().holds(d.prefix())) {
            exporter.change(q.out(), d.prefix(), now);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ acting on changes

  /** The shared next hop for {@code nh}; tracked through the RIB from the first path using it. */
  Hop hop(IpAddress nh) {
    Hop h = nextHops.hop(nh);
    Hop created = nextHops.takeCreated();
    if (created != null) {
      resolver.track(nh, loop, r -> nextHopChanged(created, r)); // unreachable until it answers
    }
    return h;
  }

  /** The RIB says {@code h} resolves differently: rank and select every path through it again. */
  private void nextHopChanged(Hop h, NextHopResolver.Resolution r) {
    if (nextHops.resolve(h, r)) {
      for (Dest d : locRib.via(h)) {
        apply(locRib.reselect(d));
      }
    }
  }

  /** Hands a change of the Loc-RIB on: to the RIB (batched) and to every Established neighbor. */
  void apply(LocRib.Change c) {
    if (c == null || !c.moved()) {
      return;
    }
    if (c.ribWithdrawn() != null) {
      if (ribBatch.isEmpty()) {
        loop.execute(this::flushRib);
      }
      RouteSink.withdrawal(ribBatch, c.ribWithdrawn(), c.prefix());
    }
    if (c.ribRoute() != null) {
      if (ribBatch.isEmpty()) {
        loop.execute(this::flushRib);
      }
      ribBatch.add(c.ribRoute());
    }
    IpPrefix prefix = c.prefix(); // (read once: a send that ends a session changes the table)
    Path best = c.best();
    Path oldBest = c.oldBest();
    for (Peer p : peerList) {
      if (p.session().state() == SessionState.ESTABLISHED) {
        exporter.export(p.out(), prefix, best, oldBest);
      }
    }
  }

  private void flushRib() {
    ArrayList<Object> b = ribBatch;
    ribBatch = new ArrayList<>();
    rib.apply(b);
  }

  /** Sends {@code p} everything it should have for {@code family} again (ROUTE-REFRESH). */
  private void refreshOut(Peer p, Family family) {
    if (family == null) {
      return; // RFC 2918 §4: a family not negotiated is ignored
    }
    Outbound out = p.out();
    locRib.forEach(
        d -> {
          if (familyOf(d.prefix()).equals(family)) {
            exporter.export(out, d.prefix(), d.best(), null); // everything again, as if never sent
          }
        });
    out.endOfRibAfterQueue(family); // (after the routes: sent when they have drained)
    updateGroups.scheduleFlush();
    LOG.log(
        System.Logger.Level.INFO, "neighbor {0}: route refresh {1} answered", p.address(), family);
  }

  /**
   * Removes the stale paths of {@code p}: of one family at its End-of-RIB, or all of them ({@code
   * family == null}) when the restart or stale timer runs out.
   */
  void sweepStale(Peer p, Family family) {
    int n = 0;
    // without a graceful restart in progress there is nothing stale: no scan of the table
    List<Dest> scan = p.hasStale() ? locRib.from(p) : List.of();
    for (Dest d : scan) {
      if (family != null && !familyOf(d.prefix()).equals(family)) {
        continue;
      }
      Path path = d.get(p);
      if (path != null && path.stale()) {
        IpPrefix prefix = d.prefix();
        apply(locRib.remove(d, p));
        p.counted(prefix, -1);
        n++;
      }
    }
    if (family == null) {
      p.staleSwept();
    }
    if (n > 0 || family != null) {
      LOG.log(
          System.Logger.Level.INFO,
          "neighbor {0}: {1}, {2} stale routes removed",
          p.address(),
          family == null ? "restart timer expired" : "End-of-RIB " + family,
          n);
    }
  }

  private void dropRoutes(Peer p) {
    for (Dest d : locRib.from(p)) {
      apply(locRib.remove(d, p));
    }
  }

  /** Forgets every computed export (sessions or settings changed). */
  private void clearExportCaches() {
    peers.values().forEach(p -> p.out().clearCache());
  }

  static Family familyOf(IpPrefix p) {
    return p.afi() == Afi.IPV4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
  }

  /** The speaker's side of its neighbors' sessions. */
  private final class Handler implements PeerHandler {
    @Override
    public LocalAddresses localAddresses(IpAddress self) {
      return localAddresses.apply(self);
    }

    @Override
    public void opened(Peer p) {
      clearExportCaches();
    }

    @Override
    public void sendTable(Peer p) {
      Outbound out = p.out();
      locRib.forEach(d -> exporter.export(out, d.prefix(), d.best(), null));
      for (Family f : p.negotiated()) {
        out.endOfRibAfterQueue(f); // after the whole table, however slowly it drains
      }
      updateGroups.flush(out);
    }

    @Override
    public void update(Peer p, Update u) {
      inbound.receive(p, u);
    }

    @Override
    public void refresh(Peer p, Family family) {
      refreshOut(p, family);
    }

    @Override
    public void writable(Peer p) {
      updateGroups.flush(p.out());
    }

    @Override
    public boolean gracefulRestart() {
      return gracefulRestart;
    }

    @Override
    public int markStale(Peer p) {
      return locRib.markStale(p);
    }

    @Override
    public void sweepStale(Peer p, Family family) {
      BgpSpeaker.this.sweepStale(p, family);
    }

    @Override
    public void dropRoutes(Peer p) {
      BgpSpeaker.this.dropRoutes(p);
    }
  }
}
