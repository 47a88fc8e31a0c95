package dev.cairn.bgp.speaker;

import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.MessageCounters;
import dev.cairn.bgp.fsm.PeerListener;
import dev.cairn.bgp.fsm.PeerSession;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.fsm.Transport;
import dev.cairn.bgp.rib.DecisionOptions;
import dev.cairn.bgp.rib.DecisionProcess;
import dev.cairn.bgp.rib.Ranked;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.AttributeInterner;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Communities;
import dev.cairn.bgp.wire.ErrorCodes;
import dev.cairn.bgp.wire.LargeCommunities;
import dev.cairn.bgp.wire.MpReach;
import dev.cairn.bgp.wire.NlriList;
import dev.cairn.bgp.wire.Notification;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.bgp.wire.RouteRefresh;
import dev.cairn.bgp.wire.Update;
import dev.cairn.bgp.wire.UpdatePacker;
import dev.cairn.event.EventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.net.Ipv6Address;
import dev.cairn.net.PrefixTable;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.NextHopGroup;
import dev.cairn.rib.NextHopResolver;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The BGP speaker: sessions to the configured neighbors, Adj-RIB-In per neighbor, the Loc-RIB with
 * the decision process and multipath, and what each neighbor is sent (Adj-RIB-Out). It runs on one
 * {@link EventLoop} and owns all of this state (DESIGN §3). Best routes learned from neighbors go
 * to the {@link RouteSink} (the RIB); the speaker never touches the kernel.
 *
 * <p>This first version keeps its tables in ordinary maps keyed by prefix, sends one UPDATE per
 * prefix and neighbor, and knows no named policies yet (only "accept-all"/"reject-all" and the RFC
 * 8212 default); the performance issue replaces the tables with primitive ones and adds update
 * groups.
 */
public final class BgpSpeaker {
  private static final System.Logger LOG = System.getLogger(BgpSpeaker.class.getName());

  private final EventLoop loop;
  private final long asn;
  private final Ipv4Address routerId;
  private final Transport transport;
  private final RouteSink rib;
  private final DecisionOptions decision;
  private final Map<IpAddress, Peer> peers = new LinkedHashMap<>();
  // the same, as an array for the per-route walks (no iterator per route); kept with peers
  private Peer[] peerList = new Peer[0];
  private int clusterId;
  private boolean gracefulRestart;
  private NextHopResolver resolver;
  private final Map<IpAddress, Hop> nextHops = new HashMap<>();

  /**
   * The Loc-RIB, in an open-addressing table keyed by prefix: per prefix a {@link Dest}, or the
   * bare {@link Path} when it is the prefix's only path, selected (no other multipath member) and
   * what the RIB holds ({@link #protocolOf}). That is nearly every prefix of a full table, which
   * then costs no {@code Dest} (32 bytes). Code works on {@code Dest}s: {@link #dest}, {@link
   * #existing} and the walks hand out a {@code Dest} for a bare path, and {@link #settle} puts the
   * outcome of a change back.
   */
  private final PrefixTable<Object> locRib =
      new PrefixTable<>(o -> o instanceof Path p ? p.prefix() : ((Dest) o).prefix);

  /** What the RIB is offered for a prefix whose best path is {@code best}. */
  private static Protocol protocolOf(Path best) {
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

  /** The paths of a table element (a bare path is its own only one). */
  private static int pathCount(Object o) {
    return o instanceof Path ? 1 : ((Dest) o).size();
  }

  private static Path pathAt(Object o, int i) {
    return o instanceof Path p ? p : ((Dest) o).at(i);
  }

  /**
   * The Loc-RIB entry of {@code prefix} to change, created empty when there is none; {@link
   * #settle} (through {@link #recompute}) puts the outcome in the table. (Nothing reads the table
   * for the prefix meanwhile: one probe to find it, one to store it.)
   */
  private Dest dest(IpPrefix prefix) {
    Object o = locRib.get(prefix);
    return o == null ? new Dest(prefix) : asDest(o);
  }

  /**
   * The Loc-RIB entry of {@code prefix} to change, as {@link #dest}, for the per-route paths
   * (learning and withdrawing): a prefix without a {@code Dest} is handed the one reused {@link
   * #scratch} entry instead of a new one, and {@link #settle} keeps a copy when it must.
   */
  private Dest scratchDest(IpPrefix prefix, boolean create) {
    Object o = locRib.get(prefix);
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

  private final Dest scratch = new Dest(null);

  /** The Loc-RIB entry of {@code prefix}, or {@code null}; change it only with {@link #settle}. */
  private Dest existing(IpPrefix prefix) {
    return asDest(locRib.get(prefix));
  }

  /**
   * Puts {@code d} in the Loc-RIB after a change: nothing when it has no path left, the bare path
   * when that says all, else {@code d}.
   */
  private void settle(Dest d) {
    if (d.isEmpty()) {
      locRib.remove(d.prefix);
    } else if (d.size() == 1
        && d.best == d.at(0)
        && d.multipathSize() == 1
        && d.offered == protocolOf(d.best)) {
      locRib.put(d.prefix, d.best);
    } else {
      locRib.put(d.prefix, d == scratch ? d.copy() : d);
    }
  }

  /** Calls {@code action} with each Loc-RIB entry; changes go through {@link #settle}. */
  private void forEachDest(java.util.function.Consumer<Dest> action) {
    locRib.forEach(o -> action.accept(asDest(o)));
  }

  /** The Loc-RIB entries as a list (safe to change the table meanwhile, through settle). */
  private List<Dest> destSnapshot() {
    List<Object> all = locRib.snapshot();
    List<Dest> out = new ArrayList<>(all.size());
    for (Object o : all) {
      out.add(asDest(o));
    }
    return out;
  }

  /**
   * The Loc-RIB entries holding a path from {@code p} (safe to change the table meanwhile). The
   * elements are read as they are: a neighbor with few routes in a full table costs no {@code Dest}
   * per prefix when its session goes down.
   */
  private List<Dest> destsFrom(Peer p) {
    List<Dest> out = new ArrayList<>();
    locRib.forEach(
        o -> {
          for (int i = 0; i < pathCount(o); i++) {
            if (pathAt(o, i).from() == p) {
              out.add(asDest(o));
              return;
            }
          }
        });
    return out;
  }

  /** The Loc-RIB entries in prefix order. */
  private List<Dest> sortedDests() {
    List<Dest> out = destSnapshot();
    out.sort(Comparator.comparing(Dest::prefix));
    return out;
  }

  /**
   * One path to a prefix: who it came from (null: this router) and its attributes; stale while its
   * neighbor restarts gracefully (RFC 4724 §4.2). It carries its prefix, so that a lone path can
   * stand for its prefix in the Loc-RIB: an IPv4 path ({@link Path4}) as two fields in the padding
   * of its 32 bytes, built into a prefix object only when asked, which spares a full table a
   * million prefix objects (24 bytes each); an IPv6 path ({@link Path6}) holds its prefix object.
   */
  abstract static class Path extends Route implements Ranked {
    final Peer from;
    final PathAttributes attrs;
    final Hop hop;
    final boolean stale;
    private final boolean external; // learned over eBGP (kept: the RIB's thread reads it too)

    private Path(Peer from, PathAttributes attrs, Hop hop, boolean stale) {
      this.from = from;
      this.attrs = attrs;
      this.hop = hop;
      this.stale = stale;
      this.external = from != null && from.ebgp();
    }

    static Path of(IpPrefix prefix, Peer from, PathAttributes attrs, Hop hop, boolean stale) {
      return prefix instanceof Ipv4Prefix v4
          ? new Path4(v4, from, attrs, hop, stale)
          : new Path6(prefix, from, attrs, hop, stale);
    }

    static Path of(IpPrefix prefix, Peer from, PathAttributes attrs, Hop hop) {
      return of(prefix, from, attrs, hop, false);
    }

    /** This path, stale (or not). */
    abstract Path withStale(boolean stale);

    /** Whether {@code o} is a path to the same prefix. */
    abstract boolean samePrefix(Path o);

    /**
     * The prefix object to share for this path's prefix, which {@code p} equals: an IPv6 path's own
     * (the paths of a prefix from several neighbors then hold one object, not one decoded copy
     * each), else {@code p} (an IPv4 path keeps no object).
     */
    abstract IpPrefix prefixLike(IpPrefix p);

    Peer from() {
      return from;
    }

    PathAttributes attrs() {
      return attrs;
    }

    Hop hop() {
      return hop;
    }

    boolean stale() {
      return stale;
    }

    /**
     * The same path: from the same neighbor, through the same next hop, with equal attributes and
     * staleness (what {@link Route#equals} does not look at).
     */
    static boolean same(Path a, Path b) {
      return a == b
          || (a != null
              && b != null
              && a.from == b.from
              && a.hop == b.hop
              && a.stale == b.stale
              && a.samePrefix(b)
              && a.attrs.equals(b.attrs));
    }

    // as the RIB's route (the selected path of a prefix is offered as it is: no copy per route)

    @Override
    public Protocol protocol() {
      return external ? Protocol.EBGP : Protocol.IBGP;
    }

    @Override
    public List<NextHop> nextHops() {
      return hop.single;
    }

    @Override
    public long metric() {
      return Math.max(0, attrs.med());
    }

    /** The next hop (null for a path of this router). */
    IpAddress nextHop() {
      return hop == null ? null : hop.address;
    }

    // what the decision process compares, read from the attributes (nothing is built to select)

    private AsPath path() {
      AsPath p = attrs.asPath();
      return p == null ? AsPath.EMPTY : p;
    }

    @Override
    public boolean local() {
      return from == null;
    }

    @Override
    public boolean ebgp() {
      return external;
    }

    @Override
    public long neighborAs() {
      return path().firstAs();
    }

    @Override
    public long localPref() {
      return attrs.localPref() >= 0 ? attrs.localPref() : 100;
    }

    @Override
    public int asPathLength() {
      return path().length();
    }

    @Override
    public Object asPath() {
      return path();
    }

    @Override
    public int origin() {
      return Math.max(0, attrs.origin());
    }

    @Override
    public long med() {
      return Math.max(0, attrs.med());
    }

    /** The cost to the next hop through the RIB (0 while it does not resolve, or untracked). */
    @Override
    public long igpMetric() {
      if (from == null || hop == null) {
        return 0;
      }
      NextHopResolver.Resolution r = hop.resolution;
      return r.reachable() ? r.igpMetric() : 0;
    }

    /**
     * ORIGINATOR_ID, else the neighbor's BGP identifier. A local path never gets this far: there is
     * one per prefix and it wins (or loses) on LOCAL_PREF or as locally originated.
     */
    @Override
    public int routerId() {
      return attrs.originatorId() != null
          ? attrs.originatorId().bits()
          : from == null ? 0 : remoteId(from);
    }

    @Override
    public int clusterListLength() {
      return attrs.clusterListLength();
    }

    @Override
    public IpAddress neighborAddress() {
      return from == null ? null : from.address();
    }

    @Override
    public int pathId() {
      return 0;
    }
  }

  /** A path to an IPv4 prefix, which it keeps as its address bits and length. */
  static final class Path4 extends Path {
    private final int bits;
    private final byte length;

    Path4(Ipv4Prefix prefix, Peer from, PathAttributes attrs, Hop hop, boolean stale) {
      this(prefix.bits(), (byte) prefix.length(), from, attrs, hop, stale);
    }

    private Path4(int bits, byte length, Peer from, PathAttributes attrs, Hop hop, boolean stale) {
      super(from, attrs, hop, stale);
      this.bits = bits;
      this.length = length;
    }

    @Override
    public IpPrefix prefix() {
      return new Ipv4Prefix(bits, length);
    }

    @Override
    Path withStale(boolean stale) {
      return new Path4(bits, length, from, attrs, hop, stale);
    }

    @Override
    boolean samePrefix(Path o) {
      return o instanceof Path4 q && q.bits == bits && q.length == length;
    }

    @Override
    IpPrefix prefixLike(IpPrefix p) {
      return p;
    }
  }

  /** A path to an IPv6 prefix. */
  static final class Path6 extends Path {
    private final IpPrefix prefix;

    Path6(IpPrefix prefix, Peer from, PathAttributes attrs, Hop hop, boolean stale) {
      super(from, attrs, hop, stale);
      this.prefix = prefix;
    }

    @Override
    public IpPrefix prefix() {
      return prefix;
    }

    @Override
    Path withStale(boolean stale) {
      return new Path6(prefix, from, attrs, hop, stale);
    }

    @Override
    boolean samePrefix(Path o) {
      return o instanceof Path6 q && q.prefix.equals(prefix);
    }

    @Override
    IpPrefix prefixLike(IpPrefix p) {
      return prefix;
    }
  }

  /**
   * A next hop that paths use, shared by all of them: its address, how the RIB resolves it (kept
   * here, so ranking a path needs no lookup), and the one-hop list of the RIB routes through it.
   */
  static final class Hop {
    final IpAddress address;
    NextHopResolver.Resolution resolution = NextHopResolver.Resolution.UNREACHABLE;
    final List<NextHop> single; // (final: paths hand it to the RIB's thread)

    Hop(IpAddress address) {
      this.address = address;
      this.single = List.of(NextHop.via(address));
    }

    List<NextHop> single() {
      return single;
    }
  }

  /** How long stale routes may wait for End-of-RIB once the neighbor is back (RFC 4724 §4.2). */
  static final java.time.Duration STALE_PATH_TIME = java.time.Duration.ofSeconds(360);

  /** One neighbor's session and its Adj-RIB-In / Adj-RIB-Out. */
  final class Peer implements PeerListener {
    Neighbor cfg;
    final PeerSession session;

    /**
     * Adj-RIB-Out: the prefixes this neighbor holds from us. What it holds for each is the export
     * of the prefix's best path (every change of a best path is sent at once), so the attributes
     * are not stored a second time: {@link #advertised} computes them again when asked.
     */
    final PrefixTable<IpPrefix> adjRibOut = PrefixTable.ofPrefixes();

    LocalAddresses local = LocalAddresses.NONE;

    /** Export attributes computed per (attributes, source) for this neighbor, before policy. */
    ExportCache exportCache = new ExportCache();

    /** The neighbor's BGP identifier, kept after the session ends (its stale paths need it). */
    Ipv4Address remoteId;

    List<Family> negotiated = List.of(); // cached for negotiatedFor
    Open negotiatedFor;
    Open remoteOpen;
    int received;
    int receivedV6; // of which IPv6
    boolean hasStale; // paths marked stale by a graceful restart may remain
    long announcementsV4; // NLRI announced by the neighbor, before policy, over its life
    long announcementsV6;

    void counted(IpPrefix prefix, int delta) {
      received += delta;
      if (prefix.afi() == Afi.IPV6) {
        receivedV6 += delta;
      }
      checkPrefixWarning();
    }

    /** Whether the prefix count is at or above the max-prefixes warning threshold. */
    boolean prefixWarning;

    /** Logs one warning when the count reaches the threshold, again only after it fell below. */
    void checkPrefixWarning() {
      long at = cfg.warningAt();
      boolean above = at > 0 && received >= at;
      if (above != prefixWarning) {
        prefixWarning = above;
        if (above) {
          LOG.log(
              System.Logger.Level.WARNING,
              "neighbor {0}: {1} prefixes, {2} % of max-prefixes {3}",
              address(),
              received,
              cfg.inbound().maxPrefixWarningPercent(),
              cfg.maxPrefixes());
        }
      }
    }

    /** RFC 7606 findings of its UPDATEs, counted and logged rate-limited. */
    final InputWarnings warnings;

    int advertisedV6; // of adjRibOut, how many IPv6 (kept as it changes: read per scrape)

    /** Graceful restart (helper side): the neighbor's stale routes wait for it on this timer. */
    EventLoop.Timer gracefulTimer;

    /** Changes for this neighbor not sent yet (see {@link #flush}); insertion ordered. */
    final PendingOut pendingOut = new PendingOut();

    /**
     * Families whose End-of-RIB is due once {@link #pendingOut} has drained (the table sent after
     * Established or a ROUTE-REFRESH); empty when none.
     */
    final Set<Family> endOfRibDue = new LinkedHashSet<>();

    Peer(Neighbor cfg) {
      this.cfg = cfg;
      this.warnings = new InputWarnings(loop, cfg.peer().remoteAddress());
      this.session = new PeerSession(loop, cfg.peer(), transport, this);
      session.setOpenCheck(this::missingFamilies);
    }

    /**
     * RFC 5492 §3 / RFC 4760: a neighbor that offers none of the families configured for it is
     * refused with OPEN Message Error / Unsupported Capability naming what is missing. A neighbor
     * offering some of them gets a session for those (graceful fallback).
     */
    Optional<Notification> missingFamilies(Open remote) {
      List<Capability.Multiprotocol> ours =
          cfg.peer().capabilities().stream()
              .filter(c -> c instanceof Capability.Multiprotocol)
              .map(c -> (Capability.Multiprotocol) c)
              .toList();
      if (ours.isEmpty()) {
        return Optional.empty();
      }
      List<Family> theirs = families(remote);
      if (ours.stream().anyMatch(m -> m.family() != null && theirs.contains(m.family()))) {
        return Optional.empty();
      }
      byte[] data = new byte[6 * ours.size()];
      for (int i = 0; i < ours.size(); i++) {
        Capability.Multiprotocol m = ours.get(i);
        data[6 * i] = Capability.MULTIPROTOCOL;
        data[6 * i + 1] = 4;
        data[6 * i + 2] = (byte) (m.afi() >>> 8);
        data[6 * i + 3] = (byte) m.afi();
        data[6 * i + 5] = (byte) m.safi();
      }
      return Optional.of(
          new Notification(ErrorCodes.OPEN_MESSAGE_ERROR, ErrorCodes.UNSUPPORTED_CAPABILITY, data));
    }

    boolean ebgp() {
      return cfg.peer().ebgp();
    }

    @Override
    public void established(Open localOpen, Open remote) {
      remoteOpen = remote;
      remoteId = remote.bgpIdentifier();
      local = localAddresses.apply(selfAddress(this));
      clearExportCaches(); // originator ids and local addresses may have changed
      if (gracefulTimer != null) {
        // back after a restart: its stale routes stay until its End-of-RIB, or at most this long
        gracefulTimer.cancel();
        gracefulTimer = loop.schedule(STALE_PATH_TIME, () -> sweepStale(this, null));
        if (remote.capability(Capability.GracefulRestart.class).isEmpty()) {
          sweepStale(this, null); // it no longer does graceful restart: nothing to wait for
        }
      }
      LOG.log(System.Logger.Level.INFO, "neighbor {0}: established, sending the table", address());
      forEachDest(d -> export(this, d, null));
      endOfRibDue.addAll(negotiated(this)); // after the whole table, however slowly it drains
      flush(this);
    }

    @Override
    public void writable() {
      flush(this); // the neighbor has read what it was sent: the next chunks of its changes
    }

    @Override
    public void message(BgpMessage m) {
      if (m instanceof Update u) {
        receive(this, u);
      } else if (m instanceof RouteRefresh r && r.subtype() == RouteRefresh.NORMAL) {
        refreshOut(this, r.family());
      }
    }

    @Override
    public void down(String reason, boolean notification) {
      Optional<Capability.GracefulRestart> gr =
          remoteOpen == null
              ? Optional.empty()
              : remoteOpen.capability(Capability.GracefulRestart.class);
      remoteOpen = null;
      adjRibOut.clear();
      advertisedV6 = 0;
      pendingOut.clear();
      endOfRibDue.clear();
      if (!notification && gr.isPresent() && gracefulRestart) {
        // RFC 4724 §4.2: the TCP session ended without a NOTIFICATION and the neighbor can
        // restart gracefully: keep its routes, marked stale, for its restart time
        int kept = markStale(this);
        LOG.log(
            System.Logger.Level.INFO,
            "neighbor {0}: graceful restart, keeping {1} routes as stale for {2} s",
            address(),
            kept,
            gr.get().restartTime());
        if (gracefulTimer != null) {
          gracefulTimer.cancel();
        }
        gracefulTimer =
            loop.schedule(
                java.time.Duration.ofSeconds(gr.get().restartTime()), () -> sweepStale(this, null));
        return;
      }
      if (gracefulTimer != null) {
        gracefulTimer.cancel();
        gracefulTimer = null;
      }
      received = 0;
      receivedV6 = 0;
      checkPrefixWarning();
      for (Dest d : destsFrom(this)) {
        if (d.remove(this) != null) {
          recompute(d);
        }
      }
    }

    IpAddress address() {
      return cfg.peer().remoteAddress();
    }
  }

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
    this.decision = decision;
    this.clusterId = routerId.bits();
  }

  /**
   * Resolves next hops through the RIB (RFC 4271 §9.1.2.1): a path whose next hop does not resolve
   * is not used, and the resolving route's metric is the IGP cost of the decision process. Without
   * a resolver every next hop counts as directly connected.
   */
  public void setResolver(NextHopResolver r) {
    resolver = r;
  }

  /** Whether to keep the routes of a gracefully restarting neighbor (RFC 4724 helper). */
  public void setGracefulRestart(boolean enabled) {
    gracefulRestart = enabled;
  }

  /** The route-reflection cluster ID (RFC 4456 §7); the router ID unless set. */
  private java.util.function.Function<IpAddress, LocalAddresses> localAddresses =
      LocalAddresses::of;

  /** Tests: how a session's local address maps to the next hops this router can give. */
  void setLocalAddresses(java.util.function.Function<IpAddress, LocalAddresses> f) {
    localAddresses = f;
  }

  public void setClusterId(Ipv4Address id) {
    clusterId = id.bits();
    clearExportCaches();
  }

  /** Adds a neighbor (not started). On the speaker's loop only (throws elsewhere). */
  public void addNeighbor(Neighbor n) {
    if (!loop.inLoop()) {
      throw new IllegalStateException("addNeighbor off the BGP loop");
    }
    peers.put(n.peer().remoteAddress(), new Peer(n));
    peerList = peers.values().toArray(new Peer[0]);
  }

  /** Starts every session. */
  public void start() {
    peers.values().forEach(p -> p.session.start());
  }

  /**
   * Administratively shuts one neighbor down (Cease / Administrative Shutdown with the RFC 8203
   * message when the session is up); {@link #enable} brings it back.
   */
  public void shutdown(IpAddress neighbor, String message) {
    Peer p = peers.get(neighbor);
    if (p != null) {
      p.session.stop(message);
    }
  }

  /** Starts a neighbor's session again after {@link #shutdown}. */
  public void enable(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p != null) {
      p.session.start();
    }
  }

  /** Stops every session with Cease / Administrative Shutdown. */
  public void stop(String why) {
    peers.values().forEach(p -> p.session.stop(why));
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
    p.session.accept(c);
  }

  /** Originates {@code prefix} from this router (config {@code announce}). */
  public void announce(IpPrefix prefix) {
    originate(prefix, PathAttributes.ORIGIN_IGP, null, null);
  }

  private void originate(
      IpPrefix prefix, int origin, Communities communities, LargeCommunities large) {
    PathAttributes attrs =
        AttributeInterner.GLOBAL.intern(
            PathAttributes.builder()
                .origin(origin)
                .asPath(AsPath.EMPTY)
                .localPref(100)
                .communities(communities)
                .largeCommunities(large)
                .build());
    Dest d = dest(prefix); // (not in the table until recompute settles it: returning is harmless)
    Path old = d.get(null);
    if (old != null && old.attrs().equals(attrs)) {
      return;
    }
    d.put(Path.of(prefix, null, attrs, null));
    recompute(d);
  }

  private final java.util.Set<IpPrefix> redistributed = new java.util.HashSet<>();

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
    Dest d = existing(prefix);
    if (d != null && d.remove(null) != null) {
      recompute(d);
    }
  }

  // ------------------------------------------------------------------ queries (on the loop)

  /** One row of {@code show bgp summary}. */
  public record NeighborSummary(
      IpAddress address, long asn, SessionState state, int prefixesReceived, int prefixesSent) {}

  public List<NeighborSummary> summary() {
    List<NeighborSummary> out = new ArrayList<>();
    for (Peer p : peers.values()) {
      out.add(
          new NeighborSummary(
              p.address(),
              p.cfg.peer().peerAs(),
              p.session.state(),
              p.received,
              p.adjRibOut.size()));
    }
    return out;
  }

  /** The best path of each prefix, as text (for logs, the CLI and tests). */
  public Map<IpPrefix, String> bestRoutes() {
    Map<IpPrefix, String> out = new LinkedHashMap<>();
    for (Dest d : sortedDests()) {
      if (d.best != null) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.multipathSize(); i++) {
          Path p = d.multipathAt(i);
          sb.append(sb.length() > 0 ? ", " : "")
              .append(p.from == null ? "local" : "via " + p.nextHop());
        }
        out.put(d.prefix, sb + " " + d.best.attrs);
      }
    }
    return out;
  }

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

  /** The configured neighbors with their session details, in configuration order. */
  public List<NeighborDetail> neighbors() {
    List<NeighborDetail> out = new ArrayList<>();
    for (Peer p : peers.values()) {
      Open remote = p.remoteOpen;
      out.add(
          new NeighborDetail(
              p.address(),
              p.cfg.peer().peerAs(),
              p.ebgp(),
              p.session.state(),
              p.session.lastError(),
              p.session.flaps(),
              p.session.state() == SessionState.ESTABLISHED ? p.session.establishedAt() : 0,
              remote == null ? null : remote.bgpIdentifier(),
              remote == null
                  ? p.cfg.peer().holdTime()
                  : Math.min(remote.holdTime(), p.cfg.peer().holdTime()),
              remote == null ? List.of() : negotiated(p),
              p.received,
              p.adjRibOut.size(),
              p.receivedV6,
              p.advertisedV6,
              p.announcementsV4,
              p.announcementsV6,
              p.session.counters().snapshot(),
              p.cfg.routeReflectorClient(),
              p.pendingOut.size(),
              p.cfg.maxPrefixes(),
              p.cfg.inbound().maxPrefixWarningPercent(),
              p.prefixWarning,
              p.warnings.treatAsWithdrawCount(),
              p.warnings.attributesDiscardedCount(),
              p.warnings.unknownDroppedCount()));
    }
    return out;
  }

  /** Whether {@code neighbor} is configured. */
  public boolean hasNeighbor(IpAddress neighbor) {
    return peers.containsKey(neighbor);
  }

  private PathView view(Dest d, Path p) {
    return new PathView(
        p.from() == null ? null : p.from().address(),
        p.nextHop(),
        p.attrs(),
        p == d.best,
        d.inMultipath(p),
        p.stale(),
        p.from() == null || resolved(p),
        p.from() == null ? 0 : igpMetric(p));
  }

  /**
   * Every path of every prefix of {@code afi} (or of {@code only} alone when it is not null), best
   * first, in prefix order.
   */
  public Map<IpPrefix, List<PathView>> paths(Afi afi, IpPrefix only) {
    Map<IpPrefix, List<PathView>> out = new LinkedHashMap<>();
    if (only != null) {
      Dest d = existing(only);
      return d == null || only.afi() != afi ? out : Map.of(only, views(d));
    }
    for (Dest d : sortedDests()) {
      if (d.prefix.afi() == afi) {
        out.put(d.prefix, views(d));
      }
    }
    return out;
  }

  private List<PathView> views(Dest d) {
    List<PathView> views = new ArrayList<>();
    if (d.best != null) {
      views.add(view(d, d.best));
    }
    for (int i = 0; i < d.size(); i++) {
      Path p = d.at(i);
      if (p != d.best) {
        views.add(view(d, p));
      }
    }
    return views;
  }

  /** The routes accepted from {@code neighbor} (after its import policy), in prefix order. */
  public Map<IpPrefix, PathView> received(IpAddress neighbor) {
    Peer from = peers.get(neighbor);
    Map<IpPrefix, PathView> out = new LinkedHashMap<>();
    if (from == null) {
      return out;
    }
    for (Dest d : sortedDests()) {
      Path p = d.get(from);
      if (p != null) {
        out.put(d.prefix, view(d, p));
      }
    }
    return out;
  }

  /** What {@code neighbor} was sent and holds now (Adj-RIB-Out), in prefix order. */
  public Map<IpPrefix, Advert> advertised(IpAddress neighbor) {
    Peer to = peers.get(neighbor);
    Map<IpPrefix, Advert> out = new TreeMap<>();
    if (to != null) {
      to.adjRibOut.forEach(
          prefix -> {
            Dest d = existing(prefix);
            Advert a = d == null ? null : exportAttributes(to, to.cfg, to.exportCache, d);
            if (a != null) {
              out.put(prefix, a);
            }
          });
    }
    return out;
  }

  // ------------------------------------------------------------------ walks in slices (on the
  // loop)
  // A query of a big table takes its prefixes (one scan of the keys), sorts them off the loop and
  // asks for a slice at a time, each a short task (see PrefixList): the loop is never held long.

  /** The Loc-RIB's prefixes of {@code afi}, unsorted: the start of a walk in slices. */
  public dev.cairn.net.PrefixList prefixes(Afi afi) {
    return locRib.prefixes(afi);
  }

  /** The paths (best first) of those of {@code slice}'s prefixes still in the Loc-RIB. */
  public Map<IpPrefix, List<PathView>> paths(List<IpPrefix> slice) {
    Map<IpPrefix, List<PathView>> out = new LinkedHashMap<>();
    for (IpPrefix p : slice) {
      Dest d = existing(p);
      if (d != null) {
        out.put(p, views(d));
      }
    }
    return out;
  }

  /**
   * The paths accepted from {@code neighbor} (after import policy) for {@code slice}'s prefixes.
   */
  public Map<IpPrefix, PathView> received(IpAddress neighbor, List<IpPrefix> slice) {
    Peer from = peers.get(neighbor);
    Map<IpPrefix, PathView> out = new LinkedHashMap<>();
    for (int i = 0; from != null && i < slice.size(); i++) {
      Object o = locRib.get(slice.get(i));
      for (int k = 0; o != null && k < pathCount(o); k++) {
        if (pathAt(o, k).from() == from) {
          Dest d = asDest(o);
          out.put(slice.get(i), view(d, d.get(from)));
          break;
        }
      }
    }
    return out;
  }

  /** The prefixes of {@code afi} that {@code neighbor} holds from this router, unsorted. */
  public dev.cairn.net.PrefixList advertisedPrefixes(IpAddress neighbor, Afi afi) {
    Peer to = peers.get(neighbor);
    return to == null ? dev.cairn.net.PrefixList.of(List.of()) : to.adjRibOut.prefixes(afi);
  }

  /**
   * What {@code neighbor} was sent and holds now for those of {@code slice}'s prefixes it holds.
   */
  public Map<IpPrefix, Advert> advertised(IpAddress neighbor, List<IpPrefix> slice) {
    Peer to = peers.get(neighbor);
    Map<IpPrefix, Advert> out = new LinkedHashMap<>();
    for (int i = 0; to != null && i < slice.size(); i++) {
      IpPrefix prefix = slice.get(i);
      if (to.adjRibOut.contains(prefix)) {
        Dest d = existing(prefix);
        Advert a = d == null ? null : exportAttributes(to, to.cfg, to.exportCache, d);
        if (a != null) {
          out.put(prefix, a);
        }
      }
    }
    return out;
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
    p.session.reset(new Notification(ErrorCodes.CEASE, ErrorCodes.PEER_DE_CONFIGURED), null);
    p.session.stop("neighbor de-configured");
    p.warnings.cancel();
    if (p.gracefulTimer != null) {
      p.gracefulTimer.cancel();
      p.gracefulTimer = null;
    }
    peers.remove(neighbor);
    peerList = peers.values().toArray(new Peer[0]);
    for (Dest d : destsFrom(p)) {
      if (d.remove(p) != null) {
        recompute(d);
      }
    }
  }

  /** {@code clear bgp ADDR}: ends the session with Cease / Administrative Reset and restarts it. */
  public boolean hardReset(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p == null) {
      return false;
    }
    p.session.reset(
        new Notification(ErrorCodes.CEASE, ErrorCodes.ADMINISTRATIVE_RESET), Duration.ZERO);
    return true;
  }

  /** {@code clear bgp ADDR soft out}: sends the neighbor everything it should hold again. */
  public boolean softOut(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p == null || p.session.state() != SessionState.ESTABLISHED) {
      return false;
    }
    for (Family f : negotiated(p)) {
      refreshOut(p, f);
    }
    flush(p);
    return true;
  }

  /** {@code clear bgp ADDR soft in}: asks the neighbor for its routes again (ROUTE-REFRESH). */
  public boolean softIn(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    if (p == null || p.remoteOpen == null) {
      return false;
    }
    boolean sent = false;
    for (Family f : negotiated(p)) {
      sent |= p.session.send(RouteRefresh.of(f, RouteRefresh.NORMAL));
    }
    return sent;
  }

  public SessionState state(IpAddress neighbor) {
    Peer p = peers.get(neighbor);
    return p == null ? null : p.session.state();
  }

  // ------------------------------------------------------------------ receiving

  private void receive(Peer from, Update u) {
    List<dev.cairn.bgp.wire.WireError> errors = u.errors();
    for (int i = 0; i < errors.size(); i++) { // (indexed: no iterator per UPDATE)
      dev.cairn.bgp.wire.WireError e = errors.get(i);
      if (e.action() == dev.cairn.bgp.wire.ErrorAction.TREAT_AS_WITHDRAW) {
        from.warnings.treatAsWithdraw(e.toString());
      } else {
        from.warnings.discarded(e.toString());
      }
    }
    Family eor = u.endOfRibFamily();
    if (eor != null) {
      sweepStale(from, eor);
      return;
    }
    for (int i = 0; i < u.withdrawn().size(); i++) {
      remove(from, u.withdrawn().prefix(i));
    }
    if (u.mpUnreach() != null) {
      NlriList w = u.mpUnreach().withdrawn();
      for (int i = 0; i < w.size(); i++) {
        remove(from, w.prefix(i));
      }
    }
    MpReach r = u.mpReach();
    if (u.attributes() == null || (u.nlri().isEmpty() && (r == null || r.nlri().isEmpty()))) {
      return;
    }
    // once per UPDATE, before the import policy: eBGP sanitation and limits (null: withdrawn)
    PathAttributes a =
        InboundSanitizer.sanitize(
            u.attributes(),
            from.ebgp(),
            from.cfg.peer().peerAs(),
            from.cfg.inbound(),
            from.warnings);
    if (a == null) {
      for (int i = 0; i < u.nlri().size(); i++) {
        remove(from, u.nlri().prefix(i));
      }
      for (int i = 0; r != null && i < r.nlri().size(); i++) {
        remove(from, r.nlri().prefix(i));
      }
      return;
    }
    boolean usable = !looped(from, a);
    if (!u.nlri().isEmpty()) {
      learn(from, u.nlri(), a, a.nextHop(), usable);
    }
    if (r != null) {
      IpAddress nh = r.nextHop();
      if (nh instanceof Ipv6Address v6 && v6.isLinkLocal()) {
        usable = false; // a link-local-only next hop needs an interface: not handled yet
      }
      learn(from, r.nlri(), a, nh, usable);
    }
  }

  // ------------------------------------------------------------------ next hops

  private boolean resolved(Path p) {
    return resolver == null || p.hop == null || p.hop.resolution.reachable();
  }

  private long igpMetric(Path p) {
    if (resolver == null || p.hop == null) {
      return 0;
    }
    NextHopResolver.Resolution r = p.hop.resolution;
    return r.reachable() ? r.igpMetric() : 0;
  }

  // the next hop last looked up: an UPDATE burst from one neighbor mostly shares one
  private Hop lastHop;

  /** The shared next hop for {@code nh}; tracked through the RIB from the first path using it. */
  private Hop hop(IpAddress nh) {
    if (nh == null) {
      return null;
    }
    Hop last = lastHop;
    if (last != null && (last.address == nh || last.address.equals(nh))) {
      return last;
    }
    Hop h = nextHops.get(nh);
    if (h == null) {
      h = new Hop(nh);
      nextHops.put(nh, h);
      if (resolver != null) {
        Hop tracked = h;
        resolver.track(nh, loop, r -> nextHopChanged(tracked, r)); // unreachable until it answers
      }
    }
    lastHop = h;
    return h;
  }

  /** The RIB says {@code h} resolves differently: rank and select every path through it again. */
  private void nextHopChanged(Hop h, NextHopResolver.Resolution r) {
    if (r.equals(h.resolution)) {
      return;
    }
    h.resolution = r;
    // the paths through h, to be ranked and selected afresh, in an order that keeps the paths of
    // one attribute set together: table order would interleave them, and each export would then
    // miss the export cache and rebuild its attributes (a new next hop's first burst of routes,
    // learned before the RIB answered, is all of them)
    // (the table elements are read as they are: a Dest is made only for the prefixes that move)
    List<Object> touched = new ArrayList<>();
    locRib.forEach(
        o -> {
          if (pathVia(o, h) != null) {
            touched.add(o);
          }
        });
    touched.sort(Comparator.comparingInt(o -> System.identityHashCode(pathVia(o, h).attrs)));
    touched.forEach(o -> recompute(asDest(o)));
  }

  /** The path of table element {@code o} learned through next hop {@code h}, or {@code null}. */
  private static Path pathVia(Object o, Hop h) {
    for (int i = 0; i < pathCount(o); i++) {
      Path p = pathAt(o, i);
      if (p.from() != null && p.hop == h) {
        return p;
      }
    }
    return null;
  }

  /** RFC 4486 §4: Cease / Maximum Number of Prefixes Reached, data = AFI, SAFI, the limit. */
  private void maxPrefixesReached(Peer p, IpPrefix last, long max) {
    Family f = familyOf(last);
    byte[] data = {
      0,
      (byte) f.afi().code(),
      (byte) f.safi().code(),
      (byte) (max >>> 24),
      (byte) (max >>> 16),
      (byte) (max >>> 8),
      (byte) max
    };
    LOG.log(
        System.Logger.Level.WARNING,
        "neighbor {0}: more than {1} prefixes, closing the session{2}",
        p.address(),
        max,
        p.cfg.maxPrefixRestart() == null
            ? " until it is cleared"
            : ", restart in " + p.cfg.maxPrefixRestart().toSeconds() + " s");
    p.session.reset(
        new Notification(ErrorCodes.CEASE, ErrorCodes.MAXIMUM_PREFIXES_REACHED, data),
        p.cfg.maxPrefixRestart());
  }

  /** Sends {@code p} everything it should have for {@code family} again (ROUTE-REFRESH). */
  private void refreshOut(Peer p, Family family) {
    if (family == null) {
      return; // RFC 2918 §4: a family not negotiated is ignored
    }
    forEachDest(
        d -> {
          if (familyOf(d.prefix).equals(family)) {
            export(p, d, null); // everything again, as if never sent
          }
        });
    p.endOfRibDue.add(family); // (after the routes: sent when they have drained)
    scheduleFlush();
    LOG.log(
        System.Logger.Level.INFO, "neighbor {0}: route refresh {1} answered", p.address(), family);
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
    Neighbor old = p.cfg;
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
   * New settings for a neighbor, without a session reset: policies, reflection (RFC 4456: what it
   * is sent and where its routes are reflected are computed again, and only the differences sent),
   * limits and next-hop-self apply at once (soft reconfiguration as for {@link #setPolicies}); of
   * the session settings only what {@link PeerConfig#sameSession} allows may change (throws {@link
   * IllegalArgumentException} otherwise: remove the neighbor and add it again).
   */
  public void updateNeighbor(Neighbor n) {
    Peer p = peers.get(n.peer().remoteAddress());
    if (p == null) {
      return;
    }
    Neighbor old = p.cfg;
    if (!old.peer().equals(n.peer())) {
      p.session.reconfigure(n.peer()); // (throws before anything changed)
    }
    ExportCache oldCache = p.exportCache;
    RoutePolicy importPolicy = n.importPolicy();
    p.cfg = n;
    p.exportCache = new ExportCache();
    if (old.routeReflectorClient() != n.routeReflectorClient()) {
      reflectionChanged(p);
    }
    if (p.session.state() != SessionState.ESTABLISHED) {
      return;
    }
    // only the differences between the old settings' export and the new one's are sent
    forEachDest(
        d -> {
          Advert now = exportAttributes(p, n, p.exportCache, d);
          boolean had = p.adjRibOut.contains(d.prefix);
          if (had ? !Objects.equals(now, exportAttributes(p, old, oldCache, d)) : now != null) {
            change(p, d.prefix, now);
          }
        });
    p.checkPrefixWarning(); // a new limit or threshold
    if ((!Objects.equals(old.importPolicy(), importPolicy)
            || !old.inbound().sameImport(n.inbound()))
        && p.remoteOpen != null) {
      // (new inbound rules: the neighbor's routes pass them again, as for a new import policy)
      for (Family f : negotiated(p)) {
        p.session.send(RouteRefresh.of(f, RouteRefresh.NORMAL));
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
    locRib.forEach(
        o -> {
          Path best = o instanceof Path p ? p : ((Dest) o).best;
          if (best == null || best.from != from) {
            return;
          }
          Dest d = asDest(o);
          for (Peer q : peers.values()) {
            if (q != from && !q.ebgp() && q.session.state() == SessionState.ESTABLISHED) {
              Advert now = exportAttributes(q, q.cfg, q.exportCache, d);
              if (now != null || q.adjRibOut.contains(d.prefix)) {
                change(q, d.prefix, now);
              }
            }
          }
        });
  }

  /** Asks {@code neighbor} to send its routes again (soft reconfiguration inbound). */
  public boolean requestRefresh(IpAddress neighbor, Family family) {
    Peer p = peers.get(neighbor);
    return p != null && p.session.send(RouteRefresh.of(family, RouteRefresh.NORMAL));
  }

  /** Marks every path from {@code p} stale; returns how many. */
  private int markStale(Peer p) {
    p.hasStale = true;
    int n = 0;
    for (Dest d : destsFrom(p)) {
      Path old = d.get(p);
      if (old != null && !old.stale()) {
        d.replace(old, old.withStale(true));
        settle(d);
        n++;
      }
    }
    return n;
  }

  /**
   * Removes the stale paths of {@code p}: of one family at its End-of-RIB, or all of them ({@code
   * family == null}) when the restart or stale timer runs out.
   */
  private void sweepStale(Peer p, Family family) {
    int n = 0;
    // without a graceful restart in progress there is nothing stale: no scan of the table
    List<Dest> scan = p.hasStale ? destsFrom(p) : List.of();
    for (Dest d : scan) {
      if (family != null && !familyOf(d.prefix).equals(family)) {
        continue;
      }
      Path path = d.get(p);
      if (path != null && path.stale()) {
        d.remove(p);
        p.counted(d.prefix, -1);
        recompute(d);
        n++;
      }
    }
    if (family == null && p.gracefulTimer != null) {
      p.gracefulTimer.cancel();
      p.gracefulTimer = null;
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

  private boolean looped(Peer from, PathAttributes a) {
    if (from.ebgp()) {
      return a.asPath() != null && a.asPath().contains(asn);
    }
    // RFC 4456 §8: our own route coming back, or one that has passed our cluster
    return (a.originatorId() != null && a.originatorId().equals(routerId))
        || a.clusterListContains(clusterId);
  }

  // the next hop an import policy sees and may set (reused: learn does not nest)
  private final PolicyNextHop importHop = new PolicyNextHop(null, null);

  private void learn(Peer from, NlriList nlri, PathAttributes a, IpAddress nh, boolean usable) {
    RoutePolicy policy = from.cfg.effectiveImport();
    if (nlri.afi() == Afi.IPV6) {
      from.announcementsV6 += nlri.size();
    } else {
      from.announcementsV4 += nlri.size();
    }
    for (int i = 0; i < nlri.size(); i++) {
      IpPrefix p = nlri.prefix(i);
      PolicyNextHop h = importHop.reset(nh, PolicyNextHop.ofFamily(from.address(), p));
      PathAttributes accepted = usable ? policy.apply(p, a, from.address(), h) : null;
      if (accepted == null) {
        remove(from, p); // an implicit withdrawal of what this neighbor sent before
        continue;
      }
      accepted = h.intoAttributes(p, accepted);
      if (accepted.communities() != null
          && accepted.communities().contains(Communities.GRACEFUL_SHUTDOWN)
          && accepted.localPref() != 0) {
        // RFC 8326 §4.2: a path whose sender is about to go away is the least preferred
        accepted = accepted.toBuilder().localPref(0).build();
      }
      if (accepted != a) {
        accepted = AttributeInterner.GLOBAL.intern(accepted);
      }
      from.counted(p, 1);
      Dest d = scratchDest(p, true);
      // (an IPv6 path shares the prefix object the Loc-RIB holds already: each neighbor's UPDATE
      // decodes its own copy, and the paths of a prefix from four neighbors would otherwise hold
      // four)
      Path old = d.put(Path.of(d.prefix, from, accepted, hop(h.current())));
      if (old != null) {
        from.counted(p, -1);
      }
      recompute(d);
      long max = from.cfg.maxPrefixes();
      if (max > 0 && from.received > max) {
        maxPrefixesReached(from, p, max);
        return;
      }
    }
  }

  private void remove(Peer from, IpPrefix p) {
    Dest d = scratchDest(p, false);
    if (d != null && d.remove(from) != null) {
      from.counted(p, -1);
      recompute(d);
    }
  }

  private static int remoteId(Peer p) {
    return p.remoteId == null ? 0 : p.remoteId.bits();
  }

  // ------------------------------------------------------------------ selection and export

  // reused by every selection among several paths (recompute does not nest)
  private final List<Path> scratchPaths = new ArrayList<>();

  private void recompute(Dest d) {
    Path oldBest = d.best;
    Path[] oldMulti = d.multipathRaw();
    int n = d.size();
    if (n == 1) {
      // the common case of one path: nothing to compare
      Path only = d.at(0);
      d.select(only.from() == null || resolved(only) ? only : null, null);
    } else {
      List<Path> paths = scratchPaths;
      paths.clear();
      for (int i = 0; i < n; i++) {
        Path p = d.at(i);
        if (p.from() == null || resolved(p)) {
          paths.add(p); // compared as they are (Path is Ranked): nothing built per candidate
        }
      }
      if (paths.isEmpty()) {
        d.select(null, null);
      } else {
        DecisionProcess.Selection s = DecisionProcess.select(paths, decision);
        Path[] mp = new Path[s.multipath().length];
        for (int i = 0; i < mp.length; i++) {
          mp[i] = paths.get(s.multipath()[i]);
        }
        d.select(paths.get(s.best()), mp);
      }
    }
    if (Path.same(oldBest, d.best) && samePaths(oldMulti, d.multipathRaw())) {
      settle(d);
      return;
    }
    toRib(d);
    settle(d);
    for (Peer p : peerList) {
      if (p.session.state() == SessionState.ESTABLISHED) {
        export(p, d, oldBest);
      }
    }
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

  private void toRib(Dest d) {
    Protocol proto = protocolOf(d.best);
    Protocol before = d.offered;
    if (before != null && before != proto) {
      if (ribBatch.isEmpty()) {
        loop.execute(this::flushRib);
      }
      RouteSink.withdrawal(ribBatch, before, d.prefix);
      d.offered = null;
    }
    if (proto == null) {
      return;
    }
    if (d.multipathSize() == 1) {
      toRib(d.best); // the path is the route: its next hop's shared one-hop list, its MED
    } else {
      toRib(Route.of(d.prefix, proto, multipathHops(d), d.best.metric()));
    }
    d.offered = proto;
  }

  // Multipath next-hop lists, shared like the one-hop lists: the sets in use are few (subsets of
  // the neighbors), and a shared list lets the RIB find its next-hop group by identity. A small
  // round-robin cache keyed by the paths' Hop objects.
  private static final int MP_CACHE = 16;
  private final Hop[][] mpKeys = new Hop[MP_CACHE][];
  private final List<?>[] mpLists = new List<?>[MP_CACHE];
  private int mpNext;

  @SuppressWarnings("unchecked")
  private List<NextHop> multipathHops(Dest d) {
    int n = d.multipathSize();
    candidates:
    for (int k = 0; k < MP_CACHE; k++) {
      Hop[] key = mpKeys[k];
      if (key == null || key.length != n) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        Hop h = d.multipathAt(i).hop;
        boolean found = false;
        for (int j = 0; j < n && !found; j++) {
          found = key[j] == h;
        }
        if (!found) {
          continue candidates;
        }
      }
      return (List<NextHop>) mpLists[k];
    }
    Hop[] key = new Hop[n];
    NextHop[] hops = new NextHop[n];
    for (int i = 0; i < n; i++) {
      key[i] = d.multipathAt(i).hop;
      hops[i] = key[i].single().get(0);
    }
    List<NextHop> list = NextHopGroup.normalize(List.of(hops));
    int k = mpNext++ & (MP_CACHE - 1);
    mpKeys[k] = key;
    mpLists[k] = list;
    return list;
  }

  /** RIB changes of the current loop task, handed over in one batch when it ends. */
  private ArrayList<Object> ribBatch = new ArrayList<>();

  private void toRib(Object change) {
    if (ribBatch.isEmpty()) {
      loop.execute(this::flushRib);
    }
    ribBatch.add(change);
  }

  private void flushRib() {
    ArrayList<Object> b = ribBatch;
    ribBatch = new ArrayList<>();
    rib.apply(b);
  }

  /**
   * Brings {@code to} up to date with {@code d}'s best path: announces its export, or withdraws
   * what {@code to} holds. {@code before} is the best path {@code to} was last brought up to date
   * with: when it exports the same, nothing is sent ({@code null}: unknown, send in any case).
   */
  private void export(Peer to, Dest d, Path before) {
    Advert out = exportAttributes(to, to.cfg, to.exportCache, d.prefix, d.best);
    // membership first, in one probe of Adj-RIB-Out
    if (out == null) {
      if (!hold(to, d.prefix, false)) {
        return;
      }
    } else if (!hold(to, d.prefix, true)
        && before != null
        && !exportsDiffer(before, d.best)
        && out.equals(exportOf(to, d, before))) {
      return;
    }
    queue(to, d.prefix, out);
  }

  /**
   * Whether two paths' exports surely differ without computing them: every export keeps the AS_PATH
   * or prepends to it, so different paths (outside confederations) export differently.
   */
  private static boolean exportsDiffer(Path a, Path b) {
    AsPath x = a.attrs().asPath();
    AsPath y = b.attrs().asPath();
    return x != y && x != null && y != null && !x.hasConfed() && !y.hasConfed() && !x.equals(y);
  }

  private Advert exportOf(Peer to, Dest d, Path best) {
    return exportAttributes(to, to.cfg, to.exportCache, d.prefix, best);
  }

  /**
   * Records that {@code to} gets {@code out} for {@code prefix} (null: a withdrawal) and queues it.
   */
  private void change(Peer to, IpPrefix prefix, Advert out) {
    hold(to, prefix, out != null);
    queue(to, prefix, out);
  }

  /**
   * Records in {@code to}'s Adj-RIB-Out whether it holds {@code prefix}, in one probe; returns
   * whether that changed.
   */
  private static boolean hold(Peer to, IpPrefix prefix, boolean holds) {
    boolean changed =
        holds
            ? to.adjRibOut.add(prefix)
            : !to.adjRibOut.isEmpty() && to.adjRibOut.remove(prefix) != null;
    if (changed && prefix.afi() == Afi.IPV6) {
      to.advertisedV6 += holds ? 1 : -1;
    }
    return changed;
  }

  /** Queues {@code out} (null: a withdrawal) for {@code to}, whose Adj-RIB-Out already says so. */
  private void queue(Peer to, IpPrefix prefix, Advert out) {
    // one flush at the end of this loop task packs the changes into UPDATEs (or a full chunk)
    to.pendingOut.put(prefix, out == null ? WITHDRAW : out);
    if (to.pendingOut.size() >= flushChunk && to.session.writable()) {
      // a chunk is ready (a burst of UPDATEs handed over at once, a withdrawal of everything):
      // send it now, so the neighbor gets it while the rest is still being worked on
      flushAll();
    } else {
      scheduleFlush();
    }
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      loop.execute(this::flushAll);
    }
  }

  /** Marks a queued withdrawal in {@link Peer#pendingOut}. */
  private static final Advert WITHDRAW =
      new Advert(PathAttributes.builder().origin(2).build(), null);

  private static IpAddress selfAddress(Peer p) {
    return p.session.establishedConnection().map(Connection::localAddress).orElse(null);
  }

  /**
   * Changes packed into UPDATEs at a time. A neighbor that reads slowly holds up its connection
   * ({@link PeerSession#writable}); its changes then wait here, in {@link Peer#pendingOut}, where a
   * newer change to a prefix replaces the older one, and not as encoded UPDATEs behind the socket.
   */
  static final int FLUSH_CHUNK = 8192;

  private int flushChunk = FLUSH_CHUNK;

  /** Smaller chunks, for tests of a slow neighbor with a small table. */
  void flushChunk(int prefixes) {
    flushChunk = prefixes;
  }

  /**
   * Sends the queued changes of {@code p} while its connection takes them, chunk by chunk: prefixes
   * with the same attributes travel together, as many per UPDATE as fit (update packing). What is
   * left waits for {@link Peer#writable}. End-of-RIB follows the last chunk.
   */
  private void flush(Peer p) {
    if (p.session.state() != SessionState.ESTABLISHED) {
      p.pendingOut.clear();
      p.endOfRibDue.clear();
      return;
    }
    while (!p.pendingOut.isEmpty() && p.session.writable()) {
      p.session.sendAll(pack(p, flushChunk));
    }
    endOfRibIfDrained(p);
  }

  private void endOfRibIfDrained(Peer p) {
    if (p.pendingOut.isEmpty() && !p.endOfRibDue.isEmpty()) {
      for (Family f : p.endOfRibDue) {
        p.session.send(Update.endOfRib(f));
      }
      p.endOfRibDue.clear();
    }
  }

  private boolean flushScheduled;
  private long updateBatchesComputed;

  /**
   * Update groups: neighbors whose UPDATEs come out the same — same export policy, session type,
   * reflection and next-hop settings, local address and negotiated encoding — and that have the
   * same changes pending share one computed, packed UPDATE stream. (A neighbor that sent one of the
   * routes has a different pending set, because routes are not sent back to it, and gets its own.)
   */
  private void flushAll() {
    flushScheduled = false;
    Peer only = null;
    int pending = 0;
    for (Peer p : peerList) {
      if (!p.pendingOut.isEmpty() || !p.endOfRibDue.isEmpty()) {
        only = p;
        pending++;
      }
    }
    if (pending == 1) {
      flush(only); // nobody to share with: no settings to compare
      return;
    }
    // one chunk per neighbor and round; another round follows while any can take more. Neighbors
    // with the same export settings whose next chunks are equal (compared in place) share one
    // packed stream: the first of them (the leader) packs it, the others take theirs off
    Map<List<Object>, List<List<Peer>>> groupsBySettings = new HashMap<>();
    List<List<Peer>> groups = new ArrayList<>(); // each: the leader, then its followers
    for (Peer p : peerList) {
      if (p.pendingOut.isEmpty() && p.endOfRibDue.isEmpty()) {
        continue;
      }
      if (p.session.state() != SessionState.ESTABLISHED) {
        p.pendingOut.clear();
        p.endOfRibDue.clear();
        continue;
      }
      if (p.pendingOut.isEmpty() || !p.session.writable()) {
        endOfRibIfDrained(p); // (a slow one waits for Peer.writable)
        continue;
      }
      List<Object> settings =
          List.of(
              p.cfg.effectiveExport(), // policies compare by identity: one compiled object each
              p.ebgp(),
              p.cfg.routeReflectorClient(),
              p.cfg.nextHopSelf(),
              String.valueOf(selfAddress(p)),
              PeerSession.defaultContext(p.session.localOpen(), p.remoteOpen),
              negotiated(p));
      List<List<Peer>> same = groupsBySettings.computeIfAbsent(settings, k -> new ArrayList<>());
      List<Peer> group = null;
      for (List<Peer> g : same) {
        if (p.pendingOut.sameFirst(g.get(0).pendingOut, flushChunk)) {
          group = g;
          break;
        }
      }
      if (group == null) {
        group = new ArrayList<>();
        same.add(group);
        groups.add(group);
      }
      group.add(p);
    }
    boolean more = false;
    for (List<Peer> g : groups) {
      List<Update> out = pack(g.get(0), flushChunk);
      for (int i = 1; i < g.size(); i++) {
        g.get(i).pendingOut.dropFirst(flushChunk);
      }
      for (Peer p : g) {
        p.session.sendAll(out);
        endOfRibIfDrained(p);
        more |= !p.pendingOut.isEmpty();
      }
    }
    if (more) {
      scheduleFlush();
    }
  }

  /** How many packed UPDATE streams were computed (for metrics and tests of update groups). */
  public long updateBatchesComputed() {
    return updateBatchesComputed;
  }

  /** Adds the prefix of {@code q}'s {@code i}-th change to {@code b} (IPv4 without an object). */
  private static void add(NlriList.Builder b, PendingOut q, int i) {
    if (q.isV6(i)) {
      b.add(q.prefix(i), 0);
    } else {
      b.addPackedV4(q.packedV4(i), 0);
    }
  }

  /** Packs the {@code max} oldest pending changes of {@code p} and takes them off its queue. */
  private List<Update> pack(Peer p, int max) {
    updateBatchesComputed++;
    CodecContext ctx = PeerSession.defaultContext(p.session.localOpen(), p.remoteOpen);
    // per family (IPv4, IPv6): the withdrawals, and the announcements grouped by what is sent
    PendingOut q = p.pendingOut;
    int n = Math.min(max, q.size());
    PackGroups groups = packGroups;
    groups.reset(n);
    int[] withdrawals = new int[2];
    for (int i = 0; i < n; i++) {
      Advert a = q.advert(i);
      int f = q.isV6(i) ? 1 : 0;
      if (a == WITHDRAW) {
        withdrawals[f]++;
      } else {
        groups.add(a, f, i);
      }
    }
    // attributes too long for one UPDATE (an AS_PATH accepted long, prepended): those prefixes are
    // withdrawn from this neighbor instead, never sent malformed (and its Adj-RIB-Out says so)
    boolean[] unfit = groups.unfit(FAMILIES, ctx);
    for (int g = 0; unfit != null && g < groups.groups(); g++) {
      if (unfit[g]) {
        withdrawals[groups.family(g)] += groups.count(g);
        LOG.log(
            System.Logger.Level.WARNING,
            "neighbor {0}: {1} prefixes (first {2}) withdrawn: their attributes do not fit one"
                + " UPDATE (an AS_PATH of {3} ASes)",
            p.address(),
            groups.count(g),
            q.prefix(groups.first(g)),
            Objects.requireNonNullElse(groups.advert(g).attributes().asPath(), AsPath.EMPTY)
                .length());
      }
    }
    List<Update> out = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      if (withdrawals[f] > 0) {
        NlriList.Builder b = NlriList.builder(f == 0 ? Afi.IPV4 : Afi.IPV6, false, withdrawals[f]);
        for (int i = 0; i < n; i++) {
          if (q.advert(i) == WITHDRAW && q.isV6(i) == (f == 1)) {
            add(b, q, i);
          }
        }
        for (int g = 0; unfit != null && g < groups.groups(); g++) {
          for (int i = groups.first(g); unfit[g] && groups.family(g) == f && i >= 0; ) {
            add(b, q, i);
            hold(p, q.prefix(i), false);
            i = groups.next(i);
          }
        }
        UpdatePacker.withdraw(out, FAMILIES[f], b.build(), ctx);
      }
    }
    for (int f = 0; f < 2; f++) {
      for (int g = 0; g < groups.groups(); g++) {
        if (groups.family(g) != f || (unfit != null && unfit[g])) {
          continue;
        }
        NlriList.Builder b = NlriList.builder(f == 0 ? Afi.IPV4 : Afi.IPV6, false, groups.count(g));
        for (int i = groups.first(g); i >= 0; i = groups.next(i)) {
          add(b, q, i);
        }
        Advert adv = groups.advert(g);
        UpdatePacker.announce(
            out, adv.attributes(), FAMILIES[f], adv.mpNextHop(), null, b.build(), ctx);
      }
    }
    groups.clear();
    q.dropFirst(n);
    return out;
  }

  private static final Family[] FAMILIES = {Family.IPV4_UNICAST, Family.IPV6_UNICAST};

  // reused by every pack (pack does not nest)
  private final PackGroups packGroups = new PackGroups();

  private Advert exportAttributes(Peer to, Neighbor cfg, ExportCache cache, Dest d) {
    return exportAttributes(to, cfg, cache, d.prefix, d.best);
  }

  /**
   * What {@code to} should hold for {@code prefix} when {@code best} is its best path, under the
   * neighbor settings {@code cfg}; {@code null}: nothing (a withdrawal).
   */
  private Advert exportAttributes(
      Peer to, Neighbor cfg, ExportCache cache, IpPrefix prefix, Path best) {
    if (best == null || best.from == to || cfg.effectiveExport() == RoutePolicy.REJECT_ALL) {
      return null; // (a neighbor we only learn from: nothing to build for it)
    }
    if (to.remoteOpen != null && !negotiated(to).contains(familyOf(prefix))) {
      return null;
    }
    boolean ebgp = cfg.peer().ebgp();
    boolean fromIbgp = best.from != null && !best.from.ebgp();
    boolean reflect = false;
    IpAddress mpNextHop = null;
    if (!ebgp && fromIbgp) {
      // RFC 4456 §6: a client's route goes to every iBGP neighbor, a non-client's to clients only
      boolean fromClient = best.from.cfg.routeReflectorClient();
      if (!fromClient && !cfg.routeReflectorClient()) {
        return null; // iBGP split horizon
      }
      reflect = true;
    }
    boolean v6 = prefix.afi() == Afi.IPV6;
    if (v6 && best.from != null && !ebgp && !(cfg.nextHopSelf() && !reflect)) {
      mpNextHop = best.nextHop(); // iBGP keeps the IPv6 next hop it was given
    }
    // exported attribute sets are not interned: they live only until they are encoded (the
    // cache keeps the recent ones), and interning them would double the interner's table
    Advert cached = cache.get(best.attrs, best.from, v6);
    if (cached == null) {
      cached = new Advert(transform(to, cfg, best, reflect, v6), null);
      cache.put(best.attrs, best.from, v6, cached);
    }
    PathAttributes pre = cached.attributes();
    PolicyNextHop h =
        exportHop.reset(
            v6 ? (mpNextHop != null ? mpNextHop : to.local.v6()) : pre.nextHop(),
            v6 ? to.local.v6() : to.local.v4());
    PathAttributes out = cfg.effectiveExport().apply(prefix, pre, to.address(), h);
    if (out == null) {
      return null;
    }
    if (out != pre && v6) {
      out = out.toBuilder().nextHop(null).build();
    }
    if (!v6) {
      out = h.intoAttributes(prefix, out);
      // no IPv4 address to give as next hop (an IPv6 session on an interface without one)
      return out.nextHop() == null ? null : out == pre ? cached : new Advert(out, null);
    }
    IpAddress nh = h.current(); // ours, the one it was given (iBGP), or the policy's
    if (nh == null) {
      return null; // no global IPv6 address on the session's interface
    }
    Advert last = lastV6Advert; // (a run of prefixes with one attribute set: one object)
    if (last != null && last.attributes() == out && last.mpNextHop().equals(nh)) {
      return last;
    }
    return lastV6Advert = new Advert(out, nh);
  }

  private Advert lastV6Advert;

  // the next hop an export policy sees and may set (reused: exports do not nest)
  private final PolicyNextHop exportHop = new PolicyNextHop(null, null);

  /**
   * The attributes {@code best} goes out with to {@code to}, before its export policy: what depends
   * only on the path and the session, so it is computed once per distinct attribute set (see {@link
   * ExportCache}), not once per prefix.
   */
  private PathAttributes transform(Peer to, Neighbor cfg, Path best, boolean reflect, boolean v6) {
    PathAttributes.Builder b = best.attrs.toBuilder();
    Ipv4Address selfV4 = to.local.v4();
    AsPath path = best.attrs.asPath() == null ? AsPath.EMPTY : best.attrs.asPath();
    if (cfg.peer().ebgp()) {
      b.asPath(path.withoutConfed().prepend(asn, 1)).localPref(-1).nextHop(selfV4);
      if (best.from != null) {
        b.med(-1); // MED is not passed on to another AS (RFC 4271 §5.1.4)
      }
      b.originatorId(null).clusterList();
    } else {
      b.localPref(best.attrs.localPref() >= 0 ? best.attrs.localPref() : 100);
      if (best.from == null || best.attrs.nextHop() == null || (cfg.nextHopSelf() && !reflect)) {
        b.nextHop(selfV4);
      }
      if (reflect) {
        if (best.attrs.originatorId() == null) {
          b.originatorId(best.from.remoteId); // RFC 4456 §8
        }
        b.prependClusterId(clusterId);
      }
    }
    if (v6) {
      b.nextHop(null); // the IPv6 next hop travels in MP_REACH_NLRI
    }
    return b.build();
  }

  /** Forgets every computed export (sessions or settings changed). */
  private void clearExportCaches() {
    peers.values().forEach(p -> p.exportCache = new ExportCache());
  }

  private static Family familyOf(IpPrefix p) {
    return p.afi() == Afi.IPV4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
  }

  /** The unicast families both ends of an Established session announced. */
  private List<Family> negotiated(Peer p) {
    Open remote = p.remoteOpen;
    if (remote == null) {
      return List.of();
    }
    if (p.negotiatedFor != remote) {
      List<Family> ours = families(p.session.localOpen());
      p.negotiated = families(remote).stream().filter(ours::contains).toList();
      p.negotiatedFor = remote;
    }
    return p.negotiated;
  }

  /** The unicast families an OPEN announces (IPv4 alone when it carries no MP capability). */
  private List<Family> families(Open remote) {
    List<Family> out = new ArrayList<>();
    boolean anyMp = false;
    for (var c : remote.capabilities()) {
      if (c instanceof dev.cairn.bgp.wire.Capability.Multiprotocol m) {
        anyMp = true;
        Family f = m.family();
        if (f != null && f.safi() == dev.cairn.net.Safi.UNICAST) {
          out.add(f);
        }
      }
    }
    return anyMp ? out : List.of(Family.IPV4_UNICAST);
  }
}
