package dev.cairn.daemon;

import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigLoader;
import dev.cairn.daemon.component.Component;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.daemon.component.OspfComponent;
import dev.cairn.daemon.component.Reload;
import dev.cairn.daemon.component.RestartOnly;
import dev.cairn.event.EventLoop;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.k8s.KubernetesAdapter;
import dev.cairn.rib.Channel;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
import dev.cairn.rib.Source;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

/**
 * A running cairnd: the RIB and a list of components (kernel, static routes, BGP, OSPF, Kubernetes,
 * and the control socket and metrics endpoint that {@link Cairnd} adds), each started from its
 * section of one configuration. {@link #reload} is the transaction over them: parse, plan every
 * component, apply each, and record a section as in force only when it took effect ({@link
 * Reload}). Routing state stays with its owner loop; management asks through {@link #onBgp} and
 * {@link #onRib}, which post to that loop and wait for the answer (DESIGN §3).
 */
final class Daemon {
  private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

  /** How long a draining node keeps its Kubernetes routes, with GRACEFUL_SHUTDOWN, on stop. */
  static final Duration DRAIN_GRACE = KubernetesComponent.DRAIN_GRACE;

  final Path configPath;

  /** The configuration in force: the sections that took effect (see {@link #reload}). */
  private volatile CairnConfig cfg;

  final long startedNanos = System.nanoTime();
  final ThreadEventLoop ribLoop = new ThreadEventLoop("rib");
  final Rib rib;
  final KernelSync kernel;
  final Connected connected;
  final KubernetesLink kubernetesLink;
  volatile OspfLink ospf;
  volatile KubernetesAdapter kubernetes;
  final ThreadEventLoop bgpLoop = new ThreadEventLoop("bgp");
  final BgpSpeaker speaker;

  private final BgpComponent bgp; // null without a bgp section
  private final OspfComponent ospfComponent;
  private final KubernetesComponent kubernetesComponent;

  /** The components in start order; a reload applies them in this order, stop reverses it. */
  private final List<Component<?>> components = new CopyOnWriteArrayList<>();

  /** Sections the last reloads could not apply: component name to why (for show and metrics). */
  private final Map<String, String> notApplied = new ConcurrentHashMap<>();

  private Daemon(Path configPath, CairnConfig cfg) {
    this.configPath = configPath;
    this.cfg = cfg;
    this.rib = new Rib(ribLoop, cfg.kernel().maxPaths());
    rib.subscribeSummary(ribLoop, 17, Daemon::logChanges);
    if (cfg.kernel().enabled()) {
      kernel = KernelSync.start(cfg.kernel(), rib);
    } else {
      kernel = null;
      LOG.info("kernel: disabled, routes stay in the RIB");
    }
    Channel connectedRoutes = rib.channel(Source.CONNECTED, Channel.Import.ALL);
    connected =
        Connected.start(
            rib,
            connectedRoutes,
            new Connected.KernelLinks() {
              @Override
              public void linkChanged(int ifindex, String name) {
                if (kernel != null) {
                  kernel.linkChanged(ifindex, name);
                }
              }

              @Override
              public void linkRemoved(int ifindex, String name) {
                if (kernel != null) {
                  kernel.linkRemoved(ifindex, name);
                }
              }

              @Override
              public void usableChanged(String name, boolean usable) {
                if (kernel != null) {
                  kernel.linkStateChanged(name, usable);
                }
                OspfLink o = ospf;
                if (o != null) {
                  o.instance.setInterfaceUp(name, usable); // OSPF follows the link
                }
              }
            });
    if (connected == null) {
      Cairnd.offerConnected(connectedRoutes); // read once: no netlink here
    }
    if (cfg.bgp().isPresent()) {
      bgp =
          new BgpComponent(
              bgpLoop,
              BgpComponent.netty(bgpLoop, cfg.bgp().get().listen().port()),
              rib,
              new BgpComponent.Section(cfg.routerId(), cfg.bgp(), cfg.policies()));
      speaker = bgp.speaker;
    } else {
      bgp = null;
      speaker = null;
      LOG.info("no bgp section: BGP is off");
    }
    kubernetesLink =
        cfg.kubernetes().isPresent()
            ? new KubernetesLink(rib, bgpLoop, bgp, () -> config().kubernetes())
            : null;
    components.add(new KernelComponent(kernel));
    components.add(new StaticComponent(rib));
    if (bgp != null) {
      components.add(bgp);
    } else {
      components.add(
          new RestartOnly<>(
              "bgp",
              CairnConfig::bgp,
              (c, b) ->
                  new CairnConfig(
                      c.routerId(),
                      c.control(),
                      c.metricsListen(),
                      c.kernel(),
                      c.staticRoutes(),
                      b,
                      c.ospf(),
                      c.kubernetes(),
                      c.policies())));
    }
    // OSPF on its own thread with raw sockets, reconfigured in place where RFC 2328 allows
    ospfComponent = new OspfComponent(OspfLink.instances(rib));
    components.add(ospfComponent);
    kubernetesComponent = new KubernetesComponent(kubernetesLink);
    components.add(kubernetesComponent);
  }

  /** Route changes in the log: each one while they are few, a count when a table arrives. */
  private static void logChanges(Rib.ChangeSummary batch) {
    List<RibChange> changes = batch.changes();
    if (batch.total() <= 16) {
      changes.forEach(c -> LOG.info("rib: " + c));
    } else {
      long gone = changes.stream().filter(RibChange::removed).count() + batch.moreWithdrawn();
      LOG.info(
          "rib: "
              + batch.total()
              + " changes ("
              + (batch.total() - gone)
              + " added or replaced, "
              + gone
              + " withdrawn)");
    }
  }

  /**
   * Builds and starts everything {@code cfg} describes. A component that cannot start ends the
   * start (thrown), except OSPF and Kubernetes, which are logged and left off as before.
   */
  static Daemon start(Path configPath, CairnConfig cfg) {
    Daemon d = new Daemon(configPath, cfg);
    for (Component<?> c : d.components) {
      try {
        startOne(c, cfg);
      } catch (ComponentException e) {
        if (c == d.ospfComponent || c == d.kubernetesComponent) {
          LOG.severe(e.getMessage());
          continue;
        }
        throw new IllegalStateException(e.getMessage(), e);
      }
    }
    d.ospf = (OspfLink) d.ospfComponent.running();
    d.kubernetes = d.kubernetesComponent.adapter();
    return d;
  }

  private static <S> void startOne(Component<S> c, CairnConfig cfg) throws ComponentException {
    c.start(c.section(cfg));
  }

  /**
   * Starts {@code c} with its section of the configuration in force and adds it to the list, so
   * reloads and {@link #stop} include it (the control socket and the metrics endpoint).
   */
  void add(Component<?> c) throws ComponentException {
    startOne(c, cfg);
    components.add(c);
  }

  /** The configuration in force: what the last reload applied, section by section. */
  CairnConfig config() {
    return cfg;
  }

  /** The BGP component, or null without BGP. */
  BgpComponent bgp() {
    return bgp;
  }

  // ------------------------------------------------------------------ reload

  /** What a reload did, for the caller and the log. */
  record ReloadResult(boolean ok, List<String> lines) {
    String text() {
      return String.join("\n", lines) + "\n";
    }
  }

  /**
   * Reads the configuration file again and moves every component to its new section (see {@link
   * Reload}). A file with errors changes nothing: the errors are the answer. A section that could
   * not be applied stays as it was, and the answer, {@code show running-config} and the metric
   * {@code cairn_config_section_applied} say so; {@code ok} is then false.
   */
  synchronized ReloadResult reload() {
    CairnConfig next;
    try {
      next = ConfigLoader.load(configPath);
      Neighbors.compile(next.policies());
    } catch (ConfigException e) {
      LOG.warning("reload: " + configPath + " has errors, the running configuration stays");
      for (String l : e.getMessage().split("\n")) {
        LOG.warning("reload: " + l);
      }
      reloads("refused");
      return new ReloadResult(
          false,
          List.of(
              "% " + configPath + " has errors; the running configuration stays:",
              e.getMessage().strip()));
    } catch (RuntimeException e) {
      reloads("refused");
      return new ReloadResult(
          false, List.of("% " + configPath + ": " + e.getMessage() + "; nothing changed"));
    }
    Reload.Result r = Reload.run(components, cfg, next);
    cfg = r.inForce();
    ospf = (OspfLink) ospfComponent.running(); // (an instance restart makes a new one)
    for (Reload.Outcome o : r.outcomes()) {
      if (o.applied()) {
        notApplied.remove(o.component());
      } else {
        notApplied.put(o.component(), o.failure());
      }
    }
    lastNotApplied = Map.copyOf(notApplied);
    reloads(r.unchanged() ? "unchanged" : r.allApplied() ? "applied" : "failed");
    List<String> out = r.lines();
    out.forEach(l -> LOG.info("reload: " + l));
    return new ReloadResult(r.allApplied(), out);
  }

  /** Sections not in force as written in the file, with why (component name to message). */
  Map<String, String> notApplied() {
    return new TreeMap<>(notApplied);
  }

  /** Comment lines for {@code show running-config} naming the sections a reload could not apply. */
  String notAppliedComment() {
    StringBuilder b = new StringBuilder();
    notApplied()
        .forEach(
            (c, why) ->
                b.append("# ")
                    .append(c)
                    .append(": not applied at the last reload, the section below is the old one: ")
                    .append(why)
                    .append('\n'));
    return b.toString();
  }

  private static void reloads(String result) {
    Counter.builder("cairn.config.reload")
        .description("Reloads by result: applied, unchanged, failed (a section stayed), refused")
        .tag("result", result)
        .register(Metrics.REGISTRY)
        .increment();
  }

  /** What the last reload of this process left not applied (one daemon per process). */
  private static volatile Map<String, String> lastNotApplied = Map.of();

  static {
    for (String section :
        List.of("kernel", "static", "bgp", "ospf", "kubernetes", "control", "metrics")) {
      Gauge.builder(
              "cairn.config.section.applied", () -> lastNotApplied.containsKey(section) ? 0 : 1)
          .tag("section", section)
          .description("1 when the file's section is in force, 0 when a reload left the old one")
          .register(Metrics.REGISTRY);
    }
  }

  // ------------------------------------------------------------------ queries

  /** Runs {@code q} on the BGP loop and waits for its answer. */
  <T> T onBgp(Callable<T> q) {
    return on(bgpLoop, q);
  }

  /** Runs {@code q} on the RIB loop and waits for its answer. */
  <T> T onRib(Callable<T> q) {
    return on(ribLoop, q);
  }

  static <T> T on(EventLoop loop, Callable<T> q) {
    return LoopQuery.on(loop, q);
  }

  /** Stops every component, the last started first (BGP sends Cease to every neighbor). */
  void stop() {
    List<Component<?>> all = new ArrayList<>(components);
    java.util.Collections.reverse(all);
    for (Component<?> c : all) {
      try {
        c.stop();
      } catch (RuntimeException e) {
        LOG.warning(c.name() + ": stop: " + e);
      }
    }
    if (connected != null) {
      connected.close();
    }
  }
}
