package dev.cairn.daemon;

import com.sun.net.httpserver.HttpServer;
import dev.cairn.bgp.fsm.MessageCounters;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.config.Endpoint;
import dev.cairn.rib.Protocol;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;
import java.util.logging.Logger;

/**
 * Prometheus metrics on {@code metrics.listen} at {@code /metrics} (Micrometer's Prometheus
 * registry served by the JDK's HTTP server). Routing state is read once per scrape, on its owner
 * loops, into a snapshot that the meters read (DESIGN §3: management never touches routing state
 * from its own thread).
 */
final class Metrics implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Metrics.class.getName());

  /** The registry every part of the daemon records into (the FIB loop's timers, for one). */
  static final PrometheusMeterRegistry REGISTRY =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  static {
    new JvmMemoryMetrics().bindTo(REGISTRY);
    new JvmGcMetrics().bindTo(REGISTRY);
    new JvmThreadMetrics().bindTo(REGISTRY);
    new ClassLoaderMetrics().bindTo(REGISTRY);
    new ProcessorMetrics().bindTo(REGISTRY);
    new UptimeMetrics().bindTo(REGISTRY);
  }

  private final Daemon daemon;
  private volatile HttpServer http;
  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), null, null);

  /**
   * The BGP speaker's interned attribute sets at the last scrape (read on its loop). Static, like
   * the registry the gauge lives in: one daemon per process, and a gauge registered by an earlier
   * Metrics (a rebind, or another daemon of a test JVM) must read the one scraping now.
   */
  private static volatile double internedAttributeSets = Double.NaN;

  private final java.util.Set<List<String>> lsaMeters = new java.util.HashSet<>();
  private final Map<String, List<Meter>> neighborMeters = new HashMap<>();

  /** What the meters read: per neighbor, per RIB protocol. */
  record Snapshot(
      Map<String, BgpSpeaker.NeighborDetail> neighbors,
      Map<Protocol, Integer> ribRoutes,
      dev.cairn.k8s.KubernetesSnapshot kubernetes,
      Ospf ospf) {}

  /** OSPF at one scrape: neighbors per state, LSAs per area and type. */
  record Ospf(Map<String, Integer> neighborsByState, Map<List<String>, Integer> lsas) {}

  private Metrics(Daemon daemon) {
    this.daemon = daemon;
    for (Protocol p : Protocol.values()) {
      Gauge.builder(
              "cairn.rib.routes",
              this,
              m -> m.snapshot.ribRoutes().getOrDefault(p, 0).doubleValue())
          .tag("protocol", p.name().toLowerCase())
          .description("Selected RIB routes by source protocol")
          .register(REGISTRY);
    }
    Gauge.builder("cairn.bgp.interned.attribute.sets", () -> internedAttributeSets)
        .description("Distinct BGP path attribute sets held by the interner")
        .register(REGISTRY);
  }

  private void registerKubernetes() {
    for (dev.cairn.k8s.Kind k : dev.cairn.k8s.Kind.values()) {
      Gauge.builder(
              "cairn.kubernetes.routes",
              this,
              m ->
                  m.snapshot.kubernetes() == null
                      ? Double.NaN
                      : m.snapshot.kubernetes().routes().stream()
                          .filter(a -> a.kind() == k)
                          .count())
          .tag("kind", k.name().toLowerCase().replace('_', '-'))
          .description("Routes announced from Kubernetes objects, by kind")
          .register(REGISTRY);
    }
    Gauge.builder(
            "cairn.kubernetes.connected",
            this,
            m ->
                m.snapshot.kubernetes() == null
                    ? Double.NaN
                    : m.snapshot.kubernetes().connection()
                            == dev.cairn.k8s.KubernetesAdapter.ConnectionState.CONNECTED
                        ? 1
                        : 0)
        .description("1 while the watches on the API server are established")
        .register(REGISTRY);
    FunctionCounter.builder(
            "cairn.kubernetes.watch.reconnects",
            daemon,
            d -> d.kubernetes == null ? Double.NaN : d.kubernetes.watchReconnects())
        .description("Times the watches were re-established after losing the API server")
        .register(REGISTRY);
    FunctionCounter.builder(
            "cairn.kubernetes.objects.seen",
            daemon,
            d -> d.kubernetes == null ? Double.NaN : d.kubernetes.objectsSeen())
        .description("Kubernetes object changes seen")
        .register(REGISTRY);
  }

  static Metrics start(Daemon d, Endpoint listen) throws IOException {
    Metrics m = new Metrics(d);
    if (d.kubernetes != null) {
      m.registerKubernetes();
    }
    if (d.ospf != null) {
      m.registerOspf();
    }
    m.registerLoops();
    m.http = m.serve(listen);
    return m;
  }

  /**
   * Serves {@code /metrics} on {@code listen} from now on: the new address is bound first (when
   * that fails the old one keeps serving and this throws), then the old one is let go.
   */
  void rebind(Endpoint listen) throws IOException {
    HttpServer old = http;
    http = serve(listen);
    old.stop(0);
    ((java.util.concurrent.ExecutorService) old.getExecutor()).shutdown();
  }

  private HttpServer serve(Endpoint listen) throws IOException {
    Metrics m = this;
    HttpServer http =
        HttpServer.create(
            new InetSocketAddress(
                java.net.InetAddress.getByAddress(listen.address().toBytes()), listen.port()),
            16);
    http.createContext(
        "/metrics",
        ex -> {
          byte[] body;
          int status = 200;
          try {
            m.refresh();
            body = REGISTRY.scrape().getBytes(StandardCharsets.UTF_8);
          } catch (RuntimeException e) {
            status = 500;
            body = ("# scrape failed: " + e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
          }
          ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
          ex.sendResponseHeaders(status, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    http.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "metrics");
              t.setDaemon(true);
              return t;
            }));
    http.start();
    return http;
  }

  /** The address actually bound (port 0 in the config picks a free one). */
  InetSocketAddress address() {
    return http.getAddress();
  }

  /** Reads the routing state on its loops, and registers meters for neighbors new since. */
  synchronized void refresh() {
    componentsUp(dev.cairn.event.Health.process()); // first: it needs no loop to answer
    Map<String, BgpSpeaker.NeighborDetail> n = new HashMap<>();
    if (daemon.speaker != null) {
      for (BgpSpeaker.NeighborDetail d : daemon.onBgp(daemon.speaker::neighbors)) {
        n.put(d.address().toString(), d);
      }
    }
    Map<Protocol, Integer> rib = daemon.onRib(daemon.rib::countsByProtocol);
    if (daemon.speaker != null) {
      internedAttributeSets = daemon.onBgp(daemon.speaker::internedAttributeSets);
    }
    snapshot =
        new Snapshot(
            n,
            rib,
            daemon.kubernetes == null ? null : kubernetesSnapshot(),
            daemon.ospf == null ? null : ospfSnapshot());
    if (snapshot.ospf() != null) {
      for (List<String> key : snapshot.ospf().lsas().keySet()) {
        if (lsaMeters.add(key)) {
          Gauge.builder(
                  "cairn.ospf.lsdb.lsas",
                  this,
                  m ->
                      m.snapshot.ospf() == null
                          ? Double.NaN
                          : m.snapshot.ospf().lsas().getOrDefault(key, 0))
              .tags("area", key.get(0), "type", key.get(1))
              .description("LSAs in the link-state database, per area and type")
              .register(REGISTRY);
        }
      }
    }
    for (String addr : n.keySet()) {
      if (!neighborMeters.containsKey(addr)) {
        neighborMeters.put(addr, register(addr));
      }
    }
    for (String gone : List.copyOf(neighborMeters.keySet())) {
      if (!n.containsKey(gone)) {
        neighborMeters.remove(gone).forEach(REGISTRY::remove);
      }
    }
  }

  static final String[] LSA_TYPES = {
    "", "router", "network", "summary", "asbr-summary", "external"
  };

  private Ospf ospfSnapshot() {
    try {
      var o = daemon.ospf.instance;
      Map<String, Integer> states = new java.util.TreeMap<>();
      for (dev.cairn.ospf.NeighborState st : dev.cairn.ospf.NeighborState.values()) {
        states.put(st.name().toLowerCase(), 0);
      }
      for (var nb : o.neighbors().get(5, java.util.concurrent.TimeUnit.SECONDS)) {
        states.merge(nb.state().name().toLowerCase(), 1, Integer::sum);
      }
      Map<List<String>, Integer> lsas = new HashMap<>();
      for (var area : daemon.config().ospf().get().areas()) {
        for (int t = 1; t <= 5; t++) {
          int n = o.lsdbCount(area.id(), t).get(5, java.util.concurrent.TimeUnit.SECONDS);
          lsas.put(List.of(area.id().toString(), LSA_TYPES[t]), n);
        }
      }
      return new Ospf(states, lsas);
    } catch (Exception e) {
      return null;
    }
  }

  private void registerOspf() {
    for (dev.cairn.ospf.NeighborState st : dev.cairn.ospf.NeighborState.values()) {
      String name = st.name().toLowerCase();
      Gauge.builder(
              "cairn.ospf.neighbors",
              this,
              m ->
                  m.snapshot.ospf() == null
                      ? Double.NaN
                      : m.snapshot.ospf().neighborsByState().getOrDefault(name, 0))
          .tag("state", name)
          .description("OSPF neighbors by state")
          .register(REGISTRY);
    }
    FunctionCounter.builder("cairn.ospf.spf.runs", daemon, d -> d.ospf.instance.spfRuns())
        .description("SPF calculations run")
        .register(REGISTRY);
    Gauge.builder(
            "cairn.ospf.spf.last.seconds",
            daemon,
            d -> d.ospf.instance.lastSpfDuration().toNanos() / 1e9)
        .description("Duration of the last SPF calculation")
        .register(REGISTRY);
    FunctionCounter.builder(
            "cairn.ospf.external.lsas.refused", daemon, d -> d.ospf.instance.externalLsasRefused())
        .description("New AS-external LSAs refused at ospf.max-external-lsas")
        .register(REGISTRY);
    for (var area : daemon.config().ospf().get().areas()) {
      for (var itf : area.interfaces()) {
        for (var reason : dev.cairn.ospf.transport.PacketFilter.Reason.values()) {
          FunctionCounter.builder(
                  "cairn.ospf.packets.dropped",
                  daemon,
                  d -> d.ospf.packetsDropped(itf.name(), reason))
              .tag("interface", itf.name())
              .tag("reason", reason.label())
              .description("OSPF packets dropped before the OSPF loop (reader-thread checks)")
              .register(REGISTRY);
        }
      }
    }
  }

  private final java.util.Set<String> componentMeters = new java.util.HashSet<>();

  /**
   * {@code cairn_component_up{component}}: 1 while a component of {@code health} is up, 0 while it
   * is failing or dead; the series of a component that was stopped on purpose goes away.
   */
  void componentsUp(dev.cairn.event.Health health) {
    java.util.Set<String> now = new java.util.HashSet<>();
    health.snapshot().forEach(st -> now.add(st.component()));
    for (String c : now) {
      if (componentMeters.add(c)) {
        REGISTRY.find("cairn.component.up").tag("component", c).meters().forEach(REGISTRY::remove);
        Gauge.builder(
                "cairn.component.up",
                health,
                h ->
                    h.snapshot().stream().anyMatch(x -> x.component().equals(c) && !x.up()) ? 0 : 1)
            .tag("component", c)
            .description("1 while a thread that owns state is up, 0 while failing or dead")
            .register(REGISTRY);
      }
    }
    for (java.util.Iterator<String> i = componentMeters.iterator(); i.hasNext(); ) {
      String c = i.next();
      if (!now.contains(c)) {
        REGISTRY.find("cairn.component.up").tag("component", c).meters().forEach(REGISTRY::remove);
        i.remove();
      }
    }
  }

  /**
   * How long each routing loop's tasks run: {@code cairn_loop_task_seconds_count/_sum} and {@code
   * cairn_loop_task_seconds_max} (the longest of the last one to two minutes), per {@code loop}.
   */
  private void registerLoops() {
    List<dev.cairn.event.EventLoop> loops =
        new ArrayList<>(List.of(daemon.bgpLoop, daemon.ribLoop));
    if (daemon.kernel != null) {
      loops.add(daemon.kernel.loop());
    }
    if (daemon.ospf != null) {
      loops.add(daemon.ospf.loop);
    }
    for (dev.cairn.event.EventLoop l : loops) {
      if (l instanceof dev.cairn.event.ThreadEventLoop t) {
        dev.cairn.event.LoopStats st = t.stats();
        // (a daemon started again in this JVM, as tests do: its loops replace the old ones)
        REGISTRY.find("cairn.loop.task").tag("loop", st.loop()).meters().forEach(REGISTRY::remove);
        REGISTRY
            .find("cairn.loop.task.seconds.max")
            .tag("loop", st.loop())
            .meters()
            .forEach(REGISTRY::remove);
        io.micrometer.core.instrument.FunctionTimer.builder(
                "cairn.loop.task",
                st,
                dev.cairn.event.LoopStats::count,
                dev.cairn.event.LoopStats::totalNanos,
                java.util.concurrent.TimeUnit.NANOSECONDS)
            .tag("loop", st.loop())
            .description("Tasks run by a routing loop, and their time")
            .register(REGISTRY);
        Gauge.builder("cairn.loop.task.seconds.max", st, x -> x.maxNanos() / 1e9)
            .tag("loop", st.loop())
            .description("The longest task of a routing loop in the last one to two minutes")
            .register(REGISTRY);
        REGISTRY
            .find("cairn.loop.timers")
            .tag("loop", st.loop())
            .meters()
            .forEach(REGISTRY::remove);
        Gauge.builder("cairn.loop.timers", t, dev.cairn.event.ThreadEventLoop::timersQueued)
            .tag("loop", st.loop())
            .tag("state", "queued")
            .description("Timers in a routing loop's queue (queued: cancelled ones included)")
            .register(REGISTRY);
        Gauge.builder("cairn.loop.timers", t, dev.cairn.event.ThreadEventLoop::timersPending)
            .tag("loop", st.loop())
            .tag("state", "pending")
            .description("Timers in a routing loop's queue (queued: cancelled ones included)")
            .register(REGISTRY);
      }
    }
  }

  private dev.cairn.k8s.KubernetesSnapshot kubernetesSnapshot() {
    try {
      return daemon.kubernetes.snapshot().get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      return null;
    }
  }

  /** RFC 4273 (BGP MIB) numbers for session states: idle 1 ... established 6. */
  static int stateNumber(SessionState s) {
    return switch (s) {
      case IDLE -> 1;
      case CONNECT -> 2;
      case ACTIVE -> 3;
      case OPEN_SENT -> 4;
      case OPEN_CONFIRM -> 5;
      case ESTABLISHED -> 6;
    };
  }

  private List<Meter> register(String addr) {
    List<Meter> out = new ArrayList<>();
    Tags t = Tags.of("neighbor", addr);
    out.add(
        gauge(
            "cairn.bgp.session.state",
            t,
            d -> stateNumber(d.state()),
            addr,
            "Session state as in the BGP MIB: 1 idle, 2 connect, 3 active, 4 opensent, 5 openconfirm, 6 established"));
    out.add(
        gauge(
            "cairn.bgp.session.established",
            t,
            d -> d.state() == SessionState.ESTABLISHED ? 1 : 0,
            addr,
            "1 while the session is Established"));
    out.add(
        gauge(
            "cairn.bgp.session.uptime.seconds",
            t,
            d ->
                d.establishedAtNanos() == 0
                    ? 0
                    : (System.nanoTime() - d.establishedAtNanos()) / 1e9,
            addr,
            "Seconds since the session became Established (0 when it is not)"));
    out.add(
        counter(
            "cairn.bgp.session.flaps",
            t,
            d -> d.flaps(),
            addr,
            "Times the session left Established"));
    out.add(
        gauge(
            "cairn.bgp.prefixes.warning",
            t,
            d -> d.maxPrefixWarning() ? 1 : 0,
            addr,
            "1 while the prefixes held reach the max-prefixes warning threshold"));
    out.add(
        counter(
            "cairn.bgp.rfc7606.treat.as.withdraw",
            t,
            d -> d.treatAsWithdraw(),
            addr,
            "UPDATEs whose routes were treated as withdrawn (RFC 7606, first AS, AS_PATH length)"));
    out.add(
        counter(
            "cairn.bgp.rfc7606.attribute.discard",
            t,
            d -> d.attributesDiscarded(),
            addr,
            "Attributes discarded from the neighbor's UPDATEs (RFC 7606, eBGP sanitation)"));
    for (String fam : List.of("ipv4-unicast", "ipv6-unicast")) {
      boolean v6 = fam.startsWith("ipv6");
      Tags f = t.and("family", fam);
      out.add(
          counter(
              "cairn.bgp.prefixes.received",
              f,
              d -> v6 ? d.announcementsV6() : d.announcementsV4(),
              addr,
              "Prefixes announced by the neighbor, before import policy"));
      out.add(
          gauge(
              "cairn.bgp.prefixes.accepted",
              f,
              d -> v6 ? d.prefixesAcceptedV6() : d.prefixesAccepted() - d.prefixesAcceptedV6(),
              addr,
              "Prefixes held from the neighbor after import policy"));
      out.add(
          gauge(
              "cairn.bgp.prefixes.advertised",
              f,
              d ->
                  v6 ? d.prefixesAdvertisedV6() : d.prefixesAdvertised() - d.prefixesAdvertisedV6(),
              addr,
              "Prefixes the neighbor holds from this router"));
    }
    out.add(
        gauge(
            "cairn.bgp.changes.queued",
            t,
            d -> d.changesQueued(),
            addr,
            "Route changes waiting to be sent because the neighbor reads slower than they come"));
    for (MessageCounters.Kind k : MessageCounters.Kind.values()) {
      Tags m = t.and("type", k.name().toLowerCase());
      out.add(
          counter(
              "cairn.bgp.messages.received",
              m,
              d -> d.messages().in(k),
              addr,
              "BGP messages received, by type"));
      out.add(
          counter(
              "cairn.bgp.messages.sent",
              m,
              d -> d.messages().out(k),
              addr,
              "BGP messages sent, by type"));
    }
    return out;
  }

  private Meter gauge(
      String name,
      Tags tags,
      ToDoubleFunction<BgpSpeaker.NeighborDetail> f,
      String addr,
      String help) {
    return Gauge.builder(name, this, m -> read(m, addr, f))
        .tags(tags)
        .description(help)
        .register(REGISTRY);
  }

  private Meter counter(
      String name,
      Tags tags,
      ToDoubleFunction<BgpSpeaker.NeighborDetail> f,
      String addr,
      String help) {
    return FunctionCounter.builder(name, this, m -> read(m, addr, f))
        .tags(tags)
        .description(help)
        .register(REGISTRY);
  }

  private static double read(
      Metrics m, String addr, ToDoubleFunction<BgpSpeaker.NeighborDetail> f) {
    BgpSpeaker.NeighborDetail d = m.snapshot.neighbors().get(addr);
    return d == null ? Double.NaN : f.applyAsDouble(d);
  }

  @Override
  public void close() {
    http.stop(0);
    LOG.fine("metrics: stopped");
  }
}
