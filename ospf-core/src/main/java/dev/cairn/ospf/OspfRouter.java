package dev.cairn.ospf;

import dev.cairn.event.EventLoop;
import dev.cairn.event.EventLoop.Timer;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.spf.Hop;
import dev.cairn.ospf.spf.LocalInterface;
import dev.cairn.ospf.spf.LsaLookup;
import dev.cairn.ospf.spf.OspfRoute;
import dev.cairn.ospf.spf.Spf;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaBody;
import dev.cairn.ospf.wire.LsaBody.ExternalLsa;
import dev.cairn.ospf.wire.LsaBody.NetworkLsa;
import dev.cairn.ospf.wire.LsaBody.RouterLink;
import dev.cairn.ospf.wire.LsaBody.RouterLsa;
import dev.cairn.ospf.wire.LsaBody.SummaryLsa;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.LsaKey;
import dev.cairn.ospf.wire.LsaType;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Route;
import dev.cairn.rib.RouteSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One OSPFv2 router instance on one event loop: its areas and interfaces, the LSDBs, origination of
 * router, network, summary and AS-external LSAs (12.4), aging, refresh and MaxAge flushing (14),
 * SPF with throttling and the routes it offers to the RIB. All methods run on {@link #loop}.
 */
public final class OspfRouter {
  static final int LS_REFRESH_TIME = 1800;
  static final long MIN_LS_INTERVAL_NANOS = 5_000_000_000L;
  static final int AGING_TICK_SECONDS = 5;

  final EventLoop loop;
  final int routerId;
  final Flooding flooding = new Flooding(this);
  final SequenceWrap wrap = new SequenceWrap(this);
  final ExternalLimit externalLimit = new ExternalLimit(this);
  final long cryptoSeqStart;
  private final RouteSink sink;
  private final Consumer<String> logger;
  final Map<Integer, AreaState> areas = new LinkedHashMap<>();
  final List<OspfInterface> interfaces = new ArrayList<>();
  final Lsdb external = new Lsdb();
  private final SpfThrottle throttle;

  /** Our LSAs by scope (area id, or -1 for the AS) and key: what we want in the LSDB. */
  private final Map<Integer, Map<LsaKey, LsaBody>> wanted = new HashMap<>();

  private final Map<List<Object>, Timer> deferred = new HashMap<>();
  private final Map<Ipv4Prefix, OspfRoute> installed = new HashMap<>();
  private boolean reoriginatePending;
  private boolean running;
  private Timer agingTimer;

  long packetsIn;
  volatile long spfRuns;
  volatile long lastSpfNanos;

  /** The SPF throttle timers. */
  public record SpfTimers(Duration initial, Duration hold, Duration max) {
    public static final SpfTimers DEFAULT =
        new SpfTimers(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  public OspfRouter(
      EventLoop loop,
      Ipv4Address routerId,
      RouteSink sink,
      SpfTimers timers,
      long cryptoSeqStart,
      Consumer<String> logger) {
    this.loop = loop;
    this.routerId = routerId.bits();
    this.sink = sink;
    this.cryptoSeqStart = cryptoSeqStart;
    this.logger = logger;
    this.throttle =
        new SpfThrottle(loop, timers.initial(), timers.hold(), timers.max(), this::runSpf);
  }

  public Ipv4Address routerId() {
    return new Ipv4Address(routerId);
  }

  /** Declares an area (the backbone is 0); a stub area gets a default summary of this cost. */
  public void addArea(Ipv4Address id, boolean stub, int stubDefaultCost) {
    areas.putIfAbsent(id.bits(), new AreaState(id.bits(), stub, stubDefaultCost));
  }

  /** Adds an interface (its area must exist); it comes up with {@link #start}. */
  public void addInterface(OspfTransport transport, InterfaceSettings settings) {
    AreaState a = areas.get(settings.areaId());
    if (a == null) {
      throw new IllegalArgumentException("no area " + Ipv4.str(settings.areaId()));
    }
    OspfInterface i = new OspfInterface(this, transport, settings, a);
    a.interfaces.add(i);
    interfaces.add(i);
    if (running) {
      i.up();
    }
  }

  public void start() {
    loop.assertInLoop();
    running = true;
    for (OspfInterface i : interfaces) {
      i.up();
    }
    scheduleReoriginate();
    agingTimer = loop.schedule(Duration.ofSeconds(AGING_TICK_SECONDS), this::agingTick);
  }

  /**
   * The link monitor's view of an interface: down kills its neighbors and turns it into nothing in
   * the router-LSA; up starts it again (hellos, election).
   */
  public void setInterfaceUp(String name, boolean up) {
    loop.assertInLoop();
    for (OspfInterface i : interfaces) {
      if (i.name().equals(name)) {
        if (up && running) {
          i.up();
        } else if (!up) {
          i.down();
        }
      }
    }
  }

  /** Takes an interface out (reconfiguration): down, forgotten, its transport closed. */
  void removeInterface(OspfInterface i) {
    i.down();
    unwant(i.area, new LsaKey(LsaType.NETWORK, i.address, routerId));
    i.area.interfaces.remove(i);
    interfaces.remove(i);
    i.transport.close();
  }

  /** Forgets an area whose interfaces are gone (reconfiguration), and its database with it. */
  void removeArea(int id) {
    areas.remove(id);
    wanted.remove(id);
    deferred
        .entrySet()
        .removeIf(
            e -> {
              boolean ours = e.getKey().get(0).equals(id);
              if (ours) {
                e.getValue().cancel();
              }
              return ours;
            });
  }

  /** After a reconfiguration: our LSAs and the routes follow the new settings. */
  void settingsChanged() {
    scheduleReoriginate();
    throttle.trigger();
  }

  /** Flushes our own LSAs (premature aging, 14.1) and brings every interface down. */
  public void shutdown() {
    loop.assertInLoop();
    if (!running) {
      return;
    }
    for (Map.Entry<Integer, Map<LsaKey, LsaBody>> s : wanted.entrySet()) {
      AreaState a = s.getKey() < 0 ? null : areas.get(s.getKey());
      for (LsaKey k : new ArrayList<>(s.getValue().keySet())) {
        flush(a, k);
      }
    }
    wanted.clear();
    wrap.clear();
    running = false;
    for (OspfInterface i : interfaces) {
      i.down();
    }
    throttle.cancel();
    if (agingTimer != null) {
      agingTimer.cancel();
    }
    for (Timer t : deferred.values()) {
      t.cancel();
    }
    for (Ipv4Prefix p : installed.keySet()) {
      sink.withdraw(installed.get(p).pathType(), p);
    }
    installed.clear();
  }

  void log(String s) {
    logger.accept(Ipv4.str(routerId) + ": " + s);
  }

  // --- scopes ---

  Lsdb scope(AreaState area, int type) {
    return type == LsaType.AS_EXTERNAL ? external : area.lsdb;
  }

  List<Lsdb> scopesFor(AreaState area) {
    return area.stub ? List.of(area.lsdb) : List.of(area.lsdb, external);
  }

  List<OspfInterface> floodingInterfaces(AreaState area, int type) {
    if (type != LsaType.AS_EXTERNAL) {
      return area.interfaces;
    }
    List<OspfInterface> out = new ArrayList<>();
    for (AreaState a : areas.values()) {
      if (!a.stub) {
        out.addAll(a.interfaces);
      }
    }
    return out;
  }

  boolean anyExchanging() {
    for (OspfInterface i : interfaces) {
      for (Neighbor n : i.neighbors.values()) {
        if (n.state == NeighborState.EXCHANGE || n.state == NeighborState.LOADING) {
          return true;
        }
      }
    }
    return false;
  }

  boolean isSelfOriginated(Lsa lsa) {
    if (lsa.header().advRouter() == routerId) {
      return true;
    }
    if (lsa.header().type() == LsaType.NETWORK) {
      for (OspfInterface i : interfaces) {
        if (i.address == lsa.header().lsId()) {
          return true;
        }
      }
    }
    return false;
  }

  void removeFromRetransmissionLists(AreaState area, Lsa lsa) {
    for (OspfInterface i : floodingInterfaces(area, lsa.header().type())) {
      for (Neighbor n : i.neighbors.values()) {
        n.retransmit.remove(lsa.key());
      }
    }
  }

  /** 13.2: installs and schedules SPF when the contents changed. */
  void install(AreaState area, Lsa lsa) {
    Lsdb db = scope(area, lsa.header().type());
    Lsdb.Entry old = db.get(lsa.key());
    db.put(lsa, loop.nanoTime());
    boolean changed =
        old == null
            || !Objects.equals(old.lsa().body(), lsa.body())
            || (old.lsa().header().age() >= LsaHeader.MAX_AGE)
                != (lsa.header().age() >= LsaHeader.MAX_AGE)
            || old.lsa().header().options() != lsa.header().options();
    if (changed) {
      throttle.trigger();
    }
  }

  /** 13.4: a newer instance of one of our LSAs arrived: out-do it, or flush it. */
  void selfOriginatedReceived(AreaState area, Lsa lsa) {
    AreaState a = lsa.header().type() == LsaType.AS_EXTERNAL ? null : area;
    LsaBody body = wantedBody(a, lsa.key());
    if (lsa.header().age() >= LsaHeader.MAX_AGE) {
      if (body != null) {
        wrap.originateAfter(a, lsa.key(), body, lsa.header().seq());
      }
      return;
    }
    if (body == null) {
      flush(a, lsa.key());
    } else {
      wrap.originateAfter(a, lsa.key(), body, lsa.header().seq());
    }
  }

  /** What we want in the LSDB under {@code k} (scope {@code a}, null: the AS), or null. */
  LsaBody wantedBody(AreaState a, LsaKey k) {
    return wanted.getOrDefault(a == null ? -1 : a.id, Map.of()).get(k);
  }

  AreaState anyArea() {
    return areas.values().iterator().next();
  }

  // --- origination ---

  void interfaceChanged(OspfInterface i) {
    scheduleReoriginate();
  }

  void adjacencyChanged(OspfInterface i) {
    scheduleReoriginate();
  }

  private void scheduleReoriginate() {
    if (!reoriginatePending && running) {
      reoriginatePending = true;
      loop.execute(
          () -> {
            reoriginatePending = false;
            if (running) {
              reoriginate();
            }
          });
    }
  }

  private boolean isAbr() {
    return areas.size() > 1;
  }

  private boolean isAsbr() {
    Map<LsaKey, LsaBody> ext = wanted.get(-1);
    return ext != null && !ext.isEmpty();
  }

  private void reoriginate() {
    for (AreaState a : areas.values()) {
      want(a, new LsaKey(LsaType.ROUTER, routerId, routerId), routerLsa(a));
      for (OspfInterface i : a.interfaces) {
        LsaKey nk = new LsaKey(LsaType.NETWORK, i.address, routerId);
        List<Neighbor> full = i.fullNeighbors();
        if (i.state == InterfaceState.DR && !full.isEmpty()) {
          List<Integer> att = new ArrayList<>();
          att.add(routerId);
          for (Neighbor n : full) {
            att.add(n.routerId);
          }
          want(a, nk, new NetworkLsa(i.mask, att));
        } else {
          unwant(a, nk);
        }
      }
    }
  }

  private RouterLsa routerLsa(AreaState a) {
    int flags = (isAbr() ? RouterLsa.FLAG_B : 0) | (isAsbr() && !a.stub ? RouterLsa.FLAG_E : 0);
    List<RouterLink> links = new ArrayList<>();
    for (OspfInterface i : a.interfaces) {
      if (i.state == InterfaceState.DOWN) {
        continue;
      }
      int net = i.address & i.mask;
      if (i.s.pointToPoint() && !i.s.passive()) {
        for (Neighbor n : i.fullNeighbors()) {
          links.add(new RouterLink(n.routerId, i.address, LsaBody.LINK_P2P, i.s.cost()));
        }
        links.add(new RouterLink(net, i.mask, LsaBody.LINK_STUB, i.s.cost()));
        continue;
      }
      boolean transit = false;
      if (!i.s.passive()
          && (i.state == InterfaceState.DR
              || i.state == InterfaceState.BACKUP
              || i.state == InterfaceState.DR_OTHER)) {
        if (i.state == InterfaceState.DR) {
          transit = !i.fullNeighbors().isEmpty();
        } else {
          Neighbor drn = i.neighbors.get(i.dr);
          transit = drn != null && drn.state == NeighborState.FULL;
        }
      }
      if (transit) {
        links.add(new RouterLink(i.dr, i.address, LsaBody.LINK_TRANSIT, i.s.cost()));
      } else {
        links.add(new RouterLink(net, i.mask, LsaBody.LINK_STUB, i.s.cost()));
      }
    }
    return new RouterLsa(flags, links);
  }

  private void want(AreaState a, LsaKey k, LsaBody body) {
    int scopeId = a == null ? -1 : a.id;
    Map<LsaKey, LsaBody> m = wanted.computeIfAbsent(scopeId, x -> new HashMap<>());
    LsaBody old = m.put(k, body);
    Lsdb.Entry e = (a == null ? external : a.lsdb).get(k);
    if (Objects.equals(old, body) && e != null && e.lsa().header().age() < LsaHeader.MAX_AGE) {
      return;
    }
    originate(a, k, body);
  }

  private void unwant(AreaState a, LsaKey k) {
    int scopeId = a == null ? -1 : a.id;
    Map<LsaKey, LsaBody> m = wanted.get(scopeId);
    if (m != null && m.remove(k) != null) {
      Timer t = deferred.remove(List.of(scopeId, k));
      if (t != null) {
        t.cancel();
      }
      flush(a, k);
    }
  }

  /** Originates respecting MinLSInterval (12.4): a too-early change is deferred. */
  private void originate(AreaState a, LsaKey k, LsaBody body) {
    Lsdb db = a == null ? external : a.lsdb;
    Lsdb.Entry e = db.get(k);
    long now = loop.nanoTime();
    List<Object> dk = List.of(a == null ? -1 : a.id, k);
    if (wrap.pending(a, k)) {
      return; // the wrap's reorigination takes the latest body
    }
    if (e != null && now - e.installedNanos < MIN_LS_INTERVAL_NANOS) {
      if (!deferred.containsKey(dk)) {
        long wait = MIN_LS_INTERVAL_NANOS - (now - e.installedNanos);
        deferred.put(
            dk,
            loop.schedule(
                Duration.ofNanos(wait),
                () -> {
                  deferred.remove(dk);
                  LsaBody b = wanted.getOrDefault(a == null ? -1 : a.id, Map.of()).get(k);
                  if (b != null && running) {
                    originate(a, k, b);
                  }
                }));
      }
      return;
    }
    if (e == null) {
      originateNow(a, k, body, LsaHeader.INITIAL_SEQ);
    } else {
      wrap.originateAfter(a, k, body, e.lsa().header().seq());
    }
  }

  void originateNow(AreaState a, LsaKey k, LsaBody body, int seq) {
    int options = a == null ? 0x02 : a.options();
    Lsa lsa =
        body instanceof SummaryLsa s
            ? Lsa.buildSummary(k.type(), 0, options, k.lsId(), routerId, seq, s)
            : Lsa.build(0, options, k.lsId(), routerId, seq, body);
    AreaState scopeArea = a == null ? areas.values().iterator().next() : a;
    removeFromRetransmissionLists(scopeArea, lsa);
    install(scopeArea, lsa);
    flooding.flood(scopeArea, lsa, null);
  }

  /** Premature aging (14.1): floods the current instance at MaxAge. */
  void flush(AreaState a, LsaKey k) {
    Lsdb db = a == null ? external : a.lsdb;
    Lsdb.Entry e = db.get(k);
    if (e == null || e.lsa().header().age() >= LsaHeader.MAX_AGE) {
      return;
    }
    Lsa maxAged = e.lsa().withAge(LsaHeader.MAX_AGE);
    AreaState scopeArea = a == null ? areas.values().iterator().next() : a;
    removeFromRetransmissionLists(scopeArea, maxAged);
    install(scopeArea, maxAged);
    flooding.flood(scopeArea, maxAged, null);
  }

  // --- redistribution ---

  /** Originates (or changes) an AS-external-LSA for {@code prefix}. */
  public void originateExternal(
      Ipv4Prefix prefix, boolean type2, int metric, Ipv4Address forwarding, int tag) {
    loop.assertInLoop();
    boolean wasAsbr = isAsbr();
    want(
        null,
        new LsaKey(LsaType.AS_EXTERNAL, prefix.bits(), routerId),
        new ExternalLsa(
            Ipv4Prefix.mask(prefix.length()),
            type2,
            metric,
            forwarding == null ? 0 : forwarding.bits(),
            tag));
    if (!wasAsbr) {
      scheduleReoriginate();
    }
  }

  /** Withdraws the AS-external-LSA for {@code prefix} (flushed at MaxAge). */
  public void withdrawExternal(Ipv4Prefix prefix) {
    loop.assertInLoop();
    unwant(null, new LsaKey(LsaType.AS_EXTERNAL, prefix.bits(), routerId));
    if (!isAsbr()) {
      scheduleReoriginate();
    }
  }

  // --- aging (14) ---

  private void agingTick() {
    long now = loop.nanoTime();
    for (AreaState a : areas.values()) {
      age(a, a.lsdb, now);
    }
    age(null, external, now);
    wrap.check();
    agingTimer = loop.schedule(Duration.ofSeconds(AGING_TICK_SECONDS), this::agingTick);
  }

  private void age(AreaState a, Lsdb db, long now) {
    AreaState scopeArea = a == null ? areas.values().iterator().next() : a;
    int scopeId = a == null ? -1 : a.id;
    List<Lsa> toFlood = new ArrayList<>();
    List<LsaKey> toRemove = new ArrayList<>();
    List<LsaKey> toRefresh = new ArrayList<>();
    for (Lsdb.Entry e : db.entries()) {
      int age = e.age(now);
      Lsa l = e.lsa();
      boolean mine = l.header().advRouter() == routerId;
      if (l.header().age() >= LsaHeader.MAX_AGE) {
        if (!inAnyRetransmissionList(scopeArea, l.key()) && !anyExchanging()) {
          toRemove.add(l.key());
        }
      } else if (mine && age >= LS_REFRESH_TIME) {
        toRefresh.add(l.key());
      } else if (age >= LsaHeader.MAX_AGE) {
        toFlood.add(l.withAge(LsaHeader.MAX_AGE));
      }
    }
    for (LsaKey k : toRemove) {
      db.remove(k);
    }
    for (Lsa l : toFlood) {
      install(scopeArea, l);
      flooding.flood(scopeArea, l, null);
    }
    for (LsaKey k : toRefresh) {
      LsaBody b = wanted.getOrDefault(scopeId, Map.of()).get(k);
      if (b != null) {
        wrap.originateAfter(a, k, b, db.get(k).lsa().header().seq());
      } else {
        flush(a, k);
      }
    }
  }

  boolean inAnyRetransmissionList(AreaState area, LsaKey k) {
    for (OspfInterface i : floodingInterfaces(area, k.type())) {
      for (Neighbor n : i.neighbors.values()) {
        if (n.retransmit.containsKey(k)) {
          return true;
        }
      }
    }
    return false;
  }

  // --- SPF and routes ---

  static LsaLookup lookup(Lsdb db) {
    return new LsaLookup() {
      @Override
      public Lsa get(LsaKey key) {
        Lsdb.Entry e = db.get(key);
        return e == null || e.lsa().header().age() >= LsaHeader.MAX_AGE ? null : e.lsa();
      }

      @Override
      public Iterable<Lsa> ofType(int type) {
        List<Lsa> out = new ArrayList<>();
        for (Lsdb.Entry e : db.entries()) {
          if (e.lsa().header().type() == type && e.lsa().header().age() < LsaHeader.MAX_AGE) {
            out.add(e.lsa());
          }
        }
        return out;
      }
    };
  }

  private void runSpf() {
    if (!running) {
      return;
    }
    long t0 = System.nanoTime();
    List<Spf.AreaInput> inputs = new ArrayList<>();
    for (AreaState a : areas.values()) {
      inputs.add(new Spf.AreaInput(a.id, lookup(a.lsdb)));
    }
    List<LocalInterface> locals = new ArrayList<>();
    for (OspfInterface i : interfaces) {
      if (i.state != InterfaceState.DOWN) {
        locals.add(new LocalInterface(i.name(), i.area.id, i.address, i.mask));
      }
    }
    Spf.Result r = Spf.compute(routerId, inputs, lookup(external), locals);
    spfRuns++;
    lastSpfNanos = System.nanoTime() - t0;
    updateRib(r.routes());
    if (isAbr()) {
      originateSummaries(r);
    } else {
      dropSummaries();
    }
  }

  /** A router that is no ABR (any more: an area was removed) originates no summaries. */
  private void dropSummaries() {
    for (AreaState a : areas.values()) {
      for (LsaKey k : new ArrayList<>(wanted.getOrDefault(a.id, Map.of()).keySet())) {
        if (k.type() == LsaType.SUMMARY_NETWORK || k.type() == LsaType.SUMMARY_ASBR) {
          unwant(a, k);
        }
      }
    }
  }

  private void updateRib(Map<Ipv4Prefix, OspfRoute> routes) {
    for (Ipv4Prefix p : new ArrayList<>(installed.keySet())) {
      OspfRoute old = installed.get(p);
      OspfRoute now = routes.get(p);
      if (now == null || now.pathType() != old.pathType()) {
        sink.withdraw(old.pathType(), p);
        installed.remove(p);
      }
    }
    for (OspfRoute r : routes.values()) {
      if (r.nextHops().isEmpty()) {
        continue;
      }
      if (!r.equals(installed.get(r.prefix()))) {
        installed.put(r.prefix(), r);
        List<NextHop> hops = new ArrayList<>();
        for (Hop h : r.nextHops()) {
          hops.add(
              new NextHop(
                  h.gateway() == 0 ? null : new Ipv4Address(h.gateway()), h.interfaceName()));
        }
        sink.offer(Route.of(r.prefix(), r.pathType(), hops, r.ribMetric()));
      }
    }
  }

  /** The routes currently offered to the RIB. */
  Map<Ipv4Prefix, OspfRoute> routes() {
    return installed;
  }

  /** 12.4.3: an ABR's type-3 summaries (and type-4 for ASBRs) into each attached area. */
  private void originateSummaries(Spf.Result r) {
    for (AreaState target : areas.values()) {
      Map<LsaKey, LsaBody> want = new HashMap<>();
      for (Map.Entry<Integer, Map<Ipv4Prefix, OspfRoute>> e : r.intraAreaByArea().entrySet()) {
        if (e.getKey() == target.id) {
          continue;
        }
        for (OspfRoute route : e.getValue().values()) {
          if (target.interfaces.stream().anyMatch(i -> covers(route.prefix(), i))) {
            continue;
          }
          summary(want, LsaType.SUMMARY_NETWORK, route.prefix(), route.cost());
        }
        if (!target.stub) {
          for (Map.Entry<Integer, OspfRoute> asbr : r.asbrByArea().get(e.getKey()).entrySet()) {
            LsaKey k = new LsaKey(LsaType.SUMMARY_ASBR, asbr.getKey(), routerId);
            want.put(k, new SummaryLsa(0, (int) Math.min(0xfffffe, asbr.getValue().cost())));
          }
        }
      }
      if (target.id != 0) {
        for (OspfRoute route : r.routes().values()) {
          if (route.pathType() == dev.cairn.rib.Protocol.OSPF_INTER_AREA) {
            summary(want, LsaType.SUMMARY_NETWORK, route.prefix(), route.cost());
          }
        }
      }
      if (target.stub) {
        want.put(
            new LsaKey(LsaType.SUMMARY_NETWORK, 0, routerId),
            new SummaryLsa(0, target.stubDefaultCost));
      }
      Map<LsaKey, LsaBody> cur = wanted.computeIfAbsent(target.id, x -> new HashMap<>());
      Set<LsaKey> stale = new HashSet<>();
      for (LsaKey k : cur.keySet()) {
        if ((k.type() == LsaType.SUMMARY_NETWORK || k.type() == LsaType.SUMMARY_ASBR)
            && !want.containsKey(k)) {
          stale.add(k);
        }
      }
      for (LsaKey k : stale) {
        unwant(target, k);
      }
      for (Map.Entry<LsaKey, LsaBody> e : want.entrySet()) {
        want(target, e.getKey(), e.getValue());
      }
    }
  }

  private static boolean covers(Ipv4Prefix p, OspfInterface i) {
    return p.length() == Integer.bitCount(i.mask) && p.bits() == (i.address & i.mask);
  }

  private void summary(Map<LsaKey, LsaBody> want, int type, Ipv4Prefix p, long cost) {
    LsaKey k = new LsaKey(type, p.bits(), routerId);
    SummaryLsa s = new SummaryLsa(Ipv4Prefix.mask(p.length()), (int) Math.min(0xfffffe, cost));
    SummaryLsa old = (SummaryLsa) want.get(k);
    if (old == null || old.metric() > s.metric()) {
      want.put(k, s);
    }
  }

  // --- read-only views (run on the loop) ---

  /** Every neighbor on every interface. */
  public List<NeighborInfo> neighbors() {
    loop.assertInLoop();
    return RouterViews.neighbors(interfaces);
  }

  /** Every interface. */
  public List<InterfaceInfo> interfaceInfos() {
    loop.assertInLoop();
    return RouterViews.interfaces(interfaces);
  }

  /** The LSA headers (current ages) of an area's LSDB, or of the AS-external one for null. */
  public List<LsaHeader> lsdbHeaders(Ipv4Address area) {
    loop.assertInLoop();
    Lsdb db = area == null ? external : areas.get(area.bits()).lsdb;
    long now = loop.nanoTime();
    List<LsaHeader> out = new ArrayList<>();
    for (Lsdb.Entry e : db.entries()) {
      out.add(e.current(now).header());
    }
    out.sort(
        java.util.Comparator.comparingInt(LsaHeader::type)
            .thenComparing(h -> h.lsId() & 0xffffffffL)
            .thenComparing(h -> h.advRouter() & 0xffffffffL));
    return List.copyOf(out);
  }

  /** LSAs in an area's LSDB (null: AS-external) of one type. */
  public int lsdbCount(Ipv4Address area, int type) {
    loop.assertInLoop();
    Lsdb db = area == null ? external : areas.get(area.bits()).lsdb;
    int n = 0;
    for (Lsdb.Entry e : db.entries()) {
      if (e.lsa().header().type() == type) {
        n++;
      }
    }
    return n;
  }

  /** The routing table last offered to the RIB. */
  public List<OspfRoute> routeTable() {
    loop.assertInLoop();
    return List.copyOf(installed.values());
  }

  public long spfRuns() {
    return spfRuns;
  }

  public Duration lastSpfDuration() {
    return Duration.ofNanos(lastSpfNanos);
  }

  public long packetsIn() {
    return packetsIn;
  }

  /**
   * The ceiling on the AS-external LSDB ({@code ospf.max-external-lsas}): beyond it new AS-external
   * LSAs of other routers are refused (see {@link ExternalLimit}).
   */
  public void setMaxExternalLsas(int max) {
    externalLimit.setMax(max);
  }

  /** AS-external LSAs refused at the ceiling so far (any thread). */
  public long externalLsasRefused() {
    return externalLimit.refused;
  }
}
