package dev.cairn.daemon;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.peer.InboundRules;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.speaker.RibRedistribution;
import dev.cairn.bgp.transport.NettyTransport;
import dev.cairn.bgp.transport.TtlPolicy;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.config.BgpConfig;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigDiff;
import dev.cairn.config.ConfigException;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.NeighborConfig;
import dev.cairn.config.Policy;
import dev.cairn.config.StaticRoute;
import dev.cairn.event.EventLoop;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.k8s.KubernetesAdapter;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Channel;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
import dev.cairn.rib.Route;
import dev.cairn.rib.Source;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * A running cairnd: the RIB, the kernel FIB, the BGP speaker, wired from one configuration, and
 * {@link #reload} that applies a new configuration's difference without disturbing what did not
 * change. Routing state stays with its owner loop; management asks through {@link #onBgp} and
 * {@link #onRib}, which post to that loop and wait for the answer (DESIGN §3).
 */
final class Daemon {
  private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

  /** How long a draining node keeps its Kubernetes routes, with GRACEFUL_SHUTDOWN, on stop. */
  static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  final Path configPath;
  private volatile CairnConfig cfg;
  final long startedNanos = System.nanoTime();
  final ThreadEventLoop ribLoop = new ThreadEventLoop("rib");
  final Rib rib;
  final KernelSync kernel;
  final Connected connected;
  final KubernetesLink kubernetesLink;
  volatile OspfLink ospf;
  KubernetesAdapter kubernetes;
  final ThreadEventLoop bgpLoop = new ThreadEventLoop("bgp");

  /**
   * Applies a reloaded control section whose socket path stayed (set by whoever runs the socket).
   */
  volatile java.util.function.Consumer<dev.cairn.config.ControlConfig> onControlChange;

  final NettyTransport transport;
  final BgpSpeaker speaker;
  private Map<String, RoutePolicy> policies;

  // the channels of the RIB through which static routes, connected routes and BGP meet it
  final Channel staticRoutes;
  final Channel connectedRoutes;
  final Channel bgpRoutes;
  // owned by the BGP loop: the sources the BGP channel exports now (bgp.redistribute)
  private Set<dev.cairn.config.Protocol> redistribute = Set.of();

  private Daemon(Path configPath, CairnConfig cfg) {
    this.configPath = configPath;
    this.cfg = cfg;
    this.policies = compilePolicies(cfg);
    this.rib = new Rib(ribLoop, cfg.kernel().maxPaths());
    staticRoutes = rib.channel(Source.STATIC, Channel.Import.ALL);
    connectedRoutes = rib.channel(Source.CONNECTED, Channel.Import.ALL);
    bgpRoutes = rib.channel(Source.BGP, Channel.Import.ALL);
    for (StaticRoute r : cfg.staticRoutes()) {
      staticRoutes.offer(staticRoute(r));
    }
    rib.subscribeSummary(ribLoop, 17, Daemon::logChanges);
    if (cfg.kernel().enabled()) {
      kernel = KernelSync.start(cfg.kernel(), rib);
    } else {
      kernel = null;
      LOG.info("kernel: disabled, routes stay in the RIB");
    }
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
    kubernetesLink = cfg.kubernetes().isPresent() ? new KubernetesLink(this) : null;
    if (cfg.bgp().isPresent()) {
      BgpConfig b = cfg.bgp().get();
      transport = new NettyTransport(bgpLoop, b.listen().port());
      DecisionOptions decision =
          new DecisionOptions(
              b.decision().alwaysCompareMed(),
              b.decision().deterministicMed(),
              b.multipath().ebgp(),
              b.multipath().ibgp(),
              b.multipath().asPathRelax());
      speaker = new BgpSpeaker(bgpLoop, b.asn(), cfg.bgpRouterId(), transport, bgpRoutes, decision);
      speaker.setResolver(rib);
      b.clusterId().ifPresent(speaker::setClusterId);
      speaker.setGracefulRestart(b.gracefulRestart().enabled());
    } else {
      transport = null;
      speaker = null;
      LOG.info("no bgp section: BGP is off");
    }
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

  /** Builds and starts everything {@code cfg} describes. */
  static Daemon start(Path configPath, CairnConfig cfg) {
    Daemon d = new Daemon(configPath, cfg);
    if (d.speaker != null) {
      d.startBgp(cfg.bgp().get());
    }
    if (cfg.ospf().isPresent()) {
      try {
        d.ospf = OspfLink.start(cfg.ospf().get(), cfg.routerId(), d.rib, cfg.policies());
      } catch (RuntimeException e) {
        LOG.severe("ospf: cannot start: " + e.getMessage());
      }
    }
    if (d.kubernetesLink != null) {
      try {
        var k = cfg.kubernetes().get();
        d.kubernetes =
            new KubernetesAdapter(
                k,
                KubernetesAdapter.nodeName(k),
                KubernetesAdapter.connect(k),
                d.kubernetesLink,
                d.kubernetesLink,
                new KubernetesAdapter.Options(
                    false, DRAIN_GRACE, KubernetesAdapter.Options.DEFAULT.resync()));
        d.kubernetes.start();
      } catch (java.io.IOException | RuntimeException e) {
        LOG.severe("kubernetes: cannot start: " + e.getMessage());
      }
    }
    return d;
  }

  CairnConfig config() {
    return cfg;
  }

  private static Map<String, RoutePolicy> compilePolicies(CairnConfig cfg) {
    Map<String, RoutePolicy> out = new HashMap<>();
    out.put(Policy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
    out.put(Policy.REJECT_ALL, RoutePolicy.REJECT_ALL);
    for (Policy p : cfg.policies().values()) {
      PolicyCompiler.checkCompilable(p);
      out.put(p.name(), PolicyCompiler.compile(p));
    }
    return out;
  }

  private static Route staticRoute(StaticRoute r) {
    List<NextHop> hops = r.blackhole() ? List.of() : r.via().stream().map(NextHop::via).toList();
    return Route.of(r.prefix(), Protocol.STATIC, hops, 0);
  }

  private void startBgp(BgpConfig b) {
    // the RIB's best routes of the redistributed sources are offered to BGP's export policies,
    // with the communities their routes carry (a Kubernetes Service's)
    redistribute = b.redistribute();
    bgpRoutes.export(
        bgpLoop,
        Channel.Export.of(dev.cairn.config.Protocol.sources(redistribute)),
        new RibRedistribution(speaker));
    for (NeighborConfig n : b.neighbors()) {
      transportSettings(n);
      speaker.addNeighbor(neighbor(b, n));
      LOG.info(
          "neighbor "
              + n.address()
              + " AS "
              + n.asn()
              + (n.importPolicy().isEmpty() && n.asn() != b.asn()
                  ? " (no import/export policy: no routes exchanged, RFC 8212)"
                  : ""));
    }
    try {
      transport.listen(b.listen().address(), speaker::accept);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while binding the BGP port");
    }
    LOG.info(
        "BGP AS "
            + b.asn()
            + " router-id "
            + cfg.bgpRouterId()
            + " listening on "
            + b.listen().address()
            + " port "
            + b.listen().port());
    bgpLoop.execute(
        () -> {
          speaker.start();
          for (NeighborConfig n : b.neighbors()) {
            if (n.shutdown()) {
              speaker.shutdown(n.address(), n.shutdownMessage().orElse("administratively down"));
            }
          }
          b.announce().forEach(speaker::announce);
        });
  }

  /** A neighbor found at run time (the Kubernetes node mesh), on the BGP loop. */
  void addDynamicNeighbor(NeighborConfig n) {
    BgpConfig b = cfg.bgp().get();
    transportSettings(n);
    speaker.addNeighbor(neighbor(b, n));
    speaker.enable(n.address());
  }

  /** New settings for a neighbor found at run time, applied without a session reset. */
  void updateDynamicNeighbor(NeighborConfig n) {
    speaker.updateNeighbor(neighbor(cfg.bgp().get(), n));
  }

  /** As {@link #addDynamicNeighbor(NeighborConfig)}, with an import policy made at run time. */
  void addDynamicNeighbor(NeighborConfig n, RoutePolicy importPolicy) {
    transportSettings(n);
    speaker.addNeighbor(neighbor(cfg.bgp().get(), n).withImportPolicy(importPolicy));
    speaker.enable(n.address());
  }

  /** As {@link #updateDynamicNeighbor(NeighborConfig)}, with an import policy made at run time. */
  void updateDynamicNeighbor(NeighborConfig n, RoutePolicy importPolicy) {
    speaker.updateNeighbor(neighbor(cfg.bgp().get(), n).withImportPolicy(importPolicy));
  }

  private void transportSettings(NeighborConfig n) {
    transport.setPassword(n.address(), n.password().orElse(null));
    boolean ebgp = n.asn() != cfg.bgp().get().asn();
    transport.setTtl(n.address(), TtlPolicy.forNeighbor(ebgp, n.ebgpMultihop(), n.ttlSecurity()));
  }

  private Neighbor neighbor(BgpConfig b, NeighborConfig n) {
    List<Capability> caps = new ArrayList<>();
    n.families().forEach(f -> caps.add(Capability.Multiprotocol.of(f)));
    caps.add(new Capability.RouteRefresh());
    caps.add(new Capability.FourOctetAs(b.asn()));
    if (b.gracefulRestart().enabled()) {
      // helper: we keep a restarting neighbor's routes; our own forwarding state is not kept
      caps.add(
          new Capability.GracefulRestart(
              false,
              false,
              (int) b.gracefulRestart().restartTime().toSeconds(),
              n.families().stream()
                  .map(
                      f ->
                          new Capability.GracefulRestartFamily(
                              f.afi().code(), f.safi().code(), false))
                  .toList()));
    }
    PeerConfig pc =
        new PeerConfig(
            b.asn(),
            n.asn(),
            cfg.bgpRouterId(),
            n.address(),
            n.localAddress().orElse(null),
            (int) n.timers().hold().toSeconds(),
            (int) n.timers().keepalive().toSeconds(),
            n.timers().connectRetry(),
            n.passive(),
            caps,
            Duration.ofSeconds(1),
            Duration.ofSeconds(120));
    return new Neighbor(
        pc,
        n.importPolicy().map(policies::get).orElse(null),
        n.exportPolicy().map(policies::get).orElse(null),
        n.routeReflectorClient(),
        n.maxPrefixes().map(NeighborConfig.MaxPrefixes::limit).orElse(0L),
        n.maxPrefixes().flatMap(NeighborConfig.MaxPrefixes::restart).orElse(null),
        n.nextHopSelf(),
        new InboundRules(
            n.inbound().enforceFirstAs(),
            b.maxAsPathLength(n),
            n.inbound().dropUnknownAttributes(),
            n.maxPrefixes()
                .map(NeighborConfig.MaxPrefixes::warningThreshold)
                .orElse(NeighborConfig.MaxPrefixes.DEFAULT_WARNING_THRESHOLD)));
  }

  // ------------------------------------------------------------------ reload

  /** What a reload did, for the caller and the log. */
  record ReloadResult(boolean ok, List<String> lines) {
    String text() {
      return String.join("\n", lines) + "\n";
    }
  }

  /**
   * Reads the configuration file again and applies the difference. A file with errors changes
   * nothing: the errors are the answer. Sessions of neighbors whose settings did not change stay
   * up; policy changes are applied by soft reconfiguration.
   */
  synchronized ReloadResult reload() {
    CairnConfig next;
    try {
      next = ConfigLoader.load(configPath);
      compilePolicies(next);
    } catch (ConfigException e) {
      LOG.warning("reload: " + configPath + " has errors, the running configuration stays");
      for (String l : e.getMessage().split("\n")) {
        LOG.warning("reload: " + l);
      }
      return new ReloadResult(
          false,
          List.of(
              "% " + configPath + " has errors; the running configuration stays:",
              e.getMessage().strip()));
    } catch (RuntimeException e) {
      return new ReloadResult(
          false, List.of("% " + configPath + ": " + e.getMessage() + "; nothing changed"));
    }
    CairnConfig before = cfg;
    ConfigDiff diff = ConfigDiff.between(before, next);
    List<String> out = new ArrayList<>();
    if (diff.isEmpty()) {
      out.add("configuration unchanged");
      return new ReloadResult(true, out);
    }
    policies = compilePolicies(next);
    cfg = next;
    for (ConfigDiff.Section s : diff.sections()) {
      if (s == ConfigDiff.Section.BGP && onlyRedistributeChanged(before, next)) {
        continue;
      }
      if (s == ConfigDiff.Section.OSPF_MAX_EXTERNAL_LSAS) {
        int max = next.ospf().get().maxExternalLsas();
        if (ospf != null) {
          ospf.instance.setMaxExternalLsas(max);
        }
        out.add("ospf max-external-lsas " + max + " applied");
        continue;
      }
      if (s == ConfigDiff.Section.CONTROL
          && before.controlSocket().equals(next.controlSocket())
          && onControlChange != null) {
        onControlChange.accept(next.control()); // the groups apply at once
        out.add(
            "control group "
                + next.control().group()
                + ", admin group "
                + next.control().adminGroup().orElse("(none)")
                + " applied");
        continue;
      }
      out.add(
          "section "
              + s.name().toLowerCase().replace('_', '-')
              + " changed: applied at the next restart of cairnd");
    }
    for (StaticRoute r : diff.staticRemoved()) {
      if (diff.staticAdded().stream().noneMatch(a -> a.prefix().equals(r.prefix()))) {
        staticRoutes.withdraw(Protocol.STATIC, r.prefix());
      }
      out.add("static " + r.prefix() + " removed");
    }
    for (StaticRoute r : diff.staticAdded()) {
      staticRoutes.offer(staticRoute(r));
      out.add("static " + r.prefix() + " installed");
    }
    if (speaker != null && next.bgp().isPresent()) {
      out.addAll(onBgp(() -> applyBgp(diff, next.bgp().get())));
    }
    out.forEach(l -> LOG.info("reload: " + l));
    return new ReloadResult(true, out);
  }

  private static boolean onlyRedistributeChanged(CairnConfig a, CairnConfig b) {
    if (a.bgp().isEmpty() || b.bgp().isEmpty()) {
      return false;
    }
    BgpConfig x = a.bgp().get();
    BgpConfig y = b.bgp().get();
    return x.asn() == y.asn()
        && x.routerId().equals(y.routerId())
        && x.listen().equals(y.listen())
        && x.multipath().equals(y.multipath())
        && x.clusterId().equals(y.clusterId())
        && x.gracefulRestart().equals(y.gracefulRestart())
        && x.decision().equals(y.decision());
  }

  /** The BGP part of a reload, on the BGP loop. */
  private List<String> applyBgp(ConfigDiff diff, BgpConfig b) {
    List<String> out = new ArrayList<>();
    if (!b.redistribute().equals(redistribute)) {
      redistribute = b.redistribute();
      bgpRoutes.setExport(Channel.Export.of(dev.cairn.config.Protocol.sources(redistribute)));
      out.add("bgp redistribute " + new java.util.TreeSet<>(redistribute));
    }
    for (ConfigDiff.NeighborChange c : diff.neighbors()) {
      switch (c.kind()) {
        case ADDED -> {
          NeighborConfig n = c.after().get();
          transportSettings(n);
          speaker.addNeighbor(neighbor(b, n));
          if (!n.shutdown()) {
            speaker.enable(n.address());
          }
          out.add("neighbor " + n.address() + " added");
        }
        case REMOVED -> {
          speaker.removeNeighbor(c.address());
          transport.setPassword(c.address(), null);
          transport.setTtl(c.address(), null);
          out.add("neighbor " + c.address() + " removed");
        }
        default -> {
          NeighborConfig n = c.after().get();
          if (c.reset()) {
            speaker.removeNeighbor(c.address());
            transportSettings(n);
            speaker.addNeighbor(neighbor(b, n));
            if (!n.shutdown()) {
              speaker.enable(n.address());
            }
            out.add("neighbor " + c.address() + " reset (" + String.join(", ", c.reasons()) + ")");
          } else {
            speaker.updateNeighbor(neighbor(b, n));
            NeighborConfig old = c.before().get();
            if (n.shutdown() && !old.shutdown()) {
              speaker.shutdown(n.address(), n.shutdownMessage().orElse("administratively down"));
            } else if (!n.shutdown() && old.shutdown()) {
              speaker.enable(n.address());
            }
            out.add(
                "neighbor "
                    + c.address()
                    + " updated in place ("
                    + String.join(", ", c.reasons())
                    + ")"
                    + (c.softIn() ? ", route refresh requested" : "")
                    + (c.softOut() ? ", advertisements re-evaluated" : ""));
          }
        }
      }
    }
    for (IpPrefix p : diff.announceRemoved()) {
      speaker.withdraw(p);
      out.add("announce " + p + " withdrawn");
    }
    for (IpPrefix p : diff.announceAdded()) {
      speaker.announce(p);
      out.add("announce " + p + " originated");
    }
    return out;
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
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            f.complete(q.call());
          } catch (Throwable t) {
            f.completeExceptionally(t);
          }
        });
    try {
      return f.get(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the routing loop did not answer within " + QUERY_TIMEOUT);
    }
  }

  /** Stops BGP with Cease to every neighbor and closes the sockets. */
  void stop() {
    if (kubernetes != null) {
      try {
        // GRACEFUL_SHUTDOWN first, so traffic moves before we go
        kubernetes.stopGracefully().get(DRAIN_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warning("kubernetes: graceful stop: " + e);
      }
      kubernetes.close();
    }
    if (connected != null) {
      connected.close();
    }
    if (ospf != null) {
      ospf.close();
    }
    if (speaker == null) {
      return;
    }
    LOG.info("stopping: Cease to every neighbor");
    try {
      onBgp(
          () -> {
            speaker.stop("cairnd is shutting down");
            return null;
          });
    } catch (RuntimeException e) {
      LOG.warning("stopping: " + e.getMessage());
    }
    // the NOTIFICATIONs are queued on the I/O thread now; its graceful shutdown in
    // transport.close() writes them before the sockets close
    transport.close();
  }
}
