package dev.cairn.k8s;

import dev.cairn.config.KubernetesConfig;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches Nodes, Services and EndpointSlices with fabric8 shared informers and turns them into
 * route announcements ({@link AdvertisementListener}) and a node-mesh peer set ({@link
 * PeerListener}).
 *
 * <p>Threading: the adapter owns one event thread ({@code cairn-k8s-<node>}). Informer callbacks
 * only schedule a recomputation there; the recomputation reads the informer caches, computes the
 * desired routes with {@link RouteModel} and the peers with {@link PeerModel}, and calls the
 * listeners <em>on that thread</em> with the difference to what it emitted last.
 *
 * <p>Resilience: fabric8 informers re-list after a watch expires (410 Gone) and reconnect with
 * backoff after errors; their caches keep the last known objects meanwhile, so nothing is withdrawn
 * while the API server is unreachable. Only a re-list that no longer contains an object removes its
 * routes.
 *
 * <p>Health: each informer reports to {@link dev.cairn.event.Health} as {@code kubernetes/nodes},
 * {@code kubernetes/services}, {@code kubernetes/endpointslices}: dead when it stopped without
 * being asked to, failing while its watch is down and {@value #FAILING_AFTER} or more errors came
 * in a row, each error its last error. An {@link Error} in the adapter's thread ends the process.
 *
 * <p>Drain: while this node is cordoned ({@code spec.unschedulable}) or after {@link
 * #stopGracefully()}, every route is re-announced with {@code gracefulShutdown=true} and withdrawn
 * when the grace period ends. Uncordoning before that restores the normal announcements.
 */
public final class KubernetesAdapter implements AutoCloseable {

  /** Watch connection state. */
  public enum ConnectionState {
    STARTING,
    CONNECTED,
    DISCONNECTED,
    STOPPED
  }

  /**
   * Settings that {@link KubernetesConfig} does not (yet) carry.
   *
   * @param allNodePodCidrs also announce every other node's pod CIDR via its InternalIP
   * @param drainGracePeriod how long GRACEFUL_SHUTDOWN routes stay before they are withdrawn
   * @param resync informer resync period (0: none)
   */
  public record Options(boolean allNodePodCidrs, Duration drainGracePeriod, Duration resync) {
    public static final Options DEFAULT =
        new Options(false, Duration.ofSeconds(30), Duration.ofMinutes(5));

    public Options {
      Objects.requireNonNull(drainGracePeriod);
      Objects.requireNonNull(resync);
    }
  }

  private static final System.Logger LOG = System.getLogger(KubernetesAdapter.class.getName());

  private volatile KubernetesConfig config;
  private final String nodeName;
  private final KubernetesClient client;
  private final AdvertisementListener ads;
  private final PeerListener peers;
  private final Options options;
  private volatile RouteModel routeModel;
  private volatile PeerModel peerModel;
  private final ScheduledExecutorService loop;
  private final AtomicBoolean recomputePending = new AtomicBoolean();

  /** How long an informer's watch may be down before it counts as failing. */
  static final Duration FAILING_AFTER = Duration.ofSeconds(10);

  private final Map<SharedIndexInformer<?>, dev.cairn.event.Health.Reporter> informerHealth =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<SharedIndexInformer<?>, AtomicLong> watchDownSince =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final AtomicLong watchErrors = new AtomicLong();
  private final AtomicLong watchReconnects = new AtomicLong();
  private final AtomicLong objectEvents = new AtomicLong();
  private final AtomicLong recomputations = new AtomicLong();
  private volatile ConnectionState state = ConnectionState.STARTING;
  private volatile Map<Kind, Integer> routesPerKind = Map.of();

  // Set once on the loop thread; volatile because close() may run on any thread.
  private volatile SharedIndexInformer<Node> nodeInformer;
  private volatile SharedIndexInformer<Service> serviceInformer;
  private volatile SharedIndexInformer<EndpointSlice> sliceInformer;

  // Owned by the loop thread.
  private Map<IpPrefix, Advertisement> emitted = new TreeMap<>();
  private Set<IpAddress> emittedPeers = Set.of();
  private Map<IpAddress, MeshImport> emittedImports = Map.of();
  private final IgnoredLog ignoredLog = new IgnoredLog();
  private boolean peersEmitted;
  private boolean stopping;
  private ScheduledFuture<?> drainTimer;
  private boolean drainExpired;
  private boolean wasConnected;

  /**
   * @param config the {@code kubernetes:} section
   * @param nodeName this node's name (see {@link #nodeName(KubernetesConfig)})
   * @param client a client; the adapter closes it in {@link #close()}
   * @param ads receives route changes on the adapter thread
   * @param peers receives node-mesh peer sets on the adapter thread (not called without node-mesh)
   */
  public KubernetesAdapter(
      KubernetesConfig config,
      String nodeName,
      KubernetesClient client,
      AdvertisementListener ads,
      PeerListener peers,
      Options options) {
    this.config = Objects.requireNonNull(config);
    this.nodeName = Objects.requireNonNull(nodeName);
    this.client = Objects.requireNonNull(client);
    this.ads = Objects.requireNonNull(ads);
    this.peers = Objects.requireNonNull(peers);
    this.options = Objects.requireNonNull(options);
    this.routeModel =
        new RouteModel(
            nodeName, config.advertise(), options.allNodePodCidrs(), config.allowedCommunities());
    this.peerModel =
        new PeerModel(nodeName, config.routeReflectorSelector().map(LabelSelector::parse));
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-k8s-" + nodeName);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * New advertise options, allowed communities and route-reflector selector, in place: the routes
   * (and mesh peers) are computed again from the objects already watched and only the difference is
   * emitted. The connection settings (kubeconfig, node name) and the node mesh's session settings
   * must stay as they were (throws {@link IllegalArgumentException}).
   */
  public void reconfigure(KubernetesConfig next) {
    KubernetesConfig now = config;
    if (!now.kubeconfig().equals(next.kubeconfig())
        || !now.nodeName().equals(next.nodeName())
        || !now.mesh().equals(next.mesh())) {
      throw new IllegalArgumentException("kubeconfig, node-name and node-mesh take a new adapter");
    }
    runOnLoop(
        () -> {
          config = next;
          routeModel =
              new RouteModel(
                  nodeName, next.advertise(), options.allNodePodCidrs(), next.allowedCommunities());
          peerModel =
              new PeerModel(nodeName, next.routeReflectorSelector().map(LabelSelector::parse));
          scheduleRecompute();
        });
  }

  /** This node's name: the configured one, else {@code $NODE_NAME}. */
  public static String nodeName(KubernetesConfig config) {
    return config
        .nodeName()
        .or(() -> Optional.ofNullable(System.getenv("NODE_NAME")))
        .orElseThrow(
            () -> new IllegalStateException("kubernetes.node-name unset and no $NODE_NAME"));
  }

  /** A client for the configured kubeconfig file, or the in-cluster service account. */
  public static KubernetesClient connect(KubernetesConfig config) throws IOException {
    Config c;
    if (config.kubeconfig().isPresent()) {
      c = Config.fromKubeconfig(Files.readString(config.kubeconfig().get()));
    } else {
      c = Config.autoConfigure(null);
    }
    return new KubernetesClientBuilder().withConfig(c).build();
  }

  /** Starts the informers; returns at once. Routes follow on the adapter thread. */
  public void start() {
    runOnLoop(
        () -> {
          long resync = options.resync().toMillis();
          nodeInformer = watch(client.nodes().runnableInformer(resync), "nodes");
          serviceInformer =
              watch(client.services().inAnyNamespace().runnableInformer(resync), "services");
          sliceInformer =
              watch(
                  client
                      .discovery()
                      .v1()
                      .endpointSlices()
                      .inAnyNamespace()
                      .runnableInformer(resync),
                  "endpointslices");
          nodeInformer.start();
          serviceInformer.start();
          sliceInformer.start();
          loop.scheduleWithFixedDelay(this::checkConnection, 200, 200, TimeUnit.MILLISECONDS);
        });
  }

  private <T> SharedIndexInformer<T> watch(SharedIndexInformer<T> informer, String kind) {
    dev.cairn.event.Health.Reporter health =
        dev.cairn.event.Health.process().register("kubernetes/" + kind);
    informerHealth.put(informer, health);
    watchDownSince.put(informer, new AtomicLong());
    informer
        .stopped()
        .whenComplete(
            (v, t) -> {
              if (state != ConnectionState.STOPPED) {
                health.dead("informer stopped" + (t == null ? "" : ": " + t));
              }
            });
    informer.addEventHandler(
        new ResourceEventHandler<T>() {
          @Override
          public void onAdd(T obj) {
            changed();
          }

          @Override
          public void onUpdate(T oldObj, T newObj) {
            changed();
          }

          @Override
          public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            changed();
          }
        });
    informer.exceptionHandler(
        (started, t) -> {
          watchErrors.incrementAndGet();
          health.error(t.toString());
          LOG.log(System.Logger.Level.DEBUG, "watch error, retrying: {0}", t.toString());
          return true;
        });
    return informer;
  }

  private void changed() {
    objectEvents.incrementAndGet();
    scheduleRecompute();
  }

  private void scheduleRecompute() {
    if (recomputePending.compareAndSet(false, true)) {
      runOnLoop(this::recompute);
    }
  }

  private void runOnLoop(Runnable r) {
    try {
      loop.execute(
          () -> {
            try {
              r.run();
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.ERROR, "kubernetes adapter task failed", e);
            } catch (Error e) {
              dev.cairn.event.Health.process().register("kubernetes/" + nodeName).fatal(e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // stopped
    }
  }

  private void checkConnection() {
    if (state == ConnectionState.STOPPED || nodeInformer == null) {
      return;
    }
    informerHealth.forEach(
        (i, h) -> {
          AtomicLong since = watchDownSince.get(i);
          long now = System.nanoTime();
          if (i.isWatching()) {
            since.set(0);
            h.up();
          } else if (since.get() == 0) {
            since.set(now);
          } else if (now - since.get() >= FAILING_AFTER.toNanos()) {
            h.failing("no watch on the API server for " + FAILING_AFTER.toSeconds() + " s or more");
          }
        });
    boolean connected =
        nodeInformer.isWatching() && serviceInformer.isWatching() && sliceInformer.isWatching();
    if (connected && !wasConnected && state != ConnectionState.STARTING) {
      watchReconnects.incrementAndGet();
    }
    if (connected) {
      state = ConnectionState.CONNECTED;
    } else if (state == ConnectionState.CONNECTED) {
      state = ConnectionState.DISCONNECTED;
    }
    wasConnected = connected;
  }

  private boolean synced() {
    return nodeInformer != null
        && nodeInformer.hasSynced()
        && serviceInformer.hasSynced()
        && sliceInformer.hasSynced();
  }

  /** Loop thread: compute desired state, emit the difference. */
  private void recompute() {
    recomputePending.set(false);
    if (!synced()) {
      // Wait for the first full list of all three kinds so a partial view emits nothing wrong
      // (nothing has been emitted yet, so there is nothing to withdraw when stopping now).
      if (nodeInformer != null && !stopping) {
        loop.schedule(this::scheduleRecompute, 50, TimeUnit.MILLISECONDS);
      }
      return;
    }
    recomputations.incrementAndGet();
    List<Node> nodes = nodeInformer.getStore().list();
    Map<IpPrefix, Advertisement> desired =
        routeModel.compute(
            nodes,
            serviceInformer.getStore().list(),
            sliceInformer.getStore().list(),
            ignoredLog::note);
    ignoredLog.endOfRound();
    boolean draining = stopping || cordoned(nodes);
    if (draining) {
      if (drainTimer == null && !drainExpired) {
        drainTimer =
            loop.schedule(
                () -> {
                  drainTimer = null;
                  drainExpired = true;
                  recompute();
                },
                options.drainGracePeriod().toMillis(),
                TimeUnit.MILLISECONDS);
      }
      if (drainExpired) {
        desired = Map.of();
      } else {
        Map<IpPrefix, Advertisement> gs = new TreeMap<>();
        desired.forEach((p, a) -> gs.put(p, a.withGracefulShutdown(true)));
        desired = gs;
      }
    } else {
      if (drainTimer != null) {
        drainTimer.cancel(false);
        drainTimer = null;
      }
      drainExpired = false;
    }
    emitRoutes(desired);
    if (config.nodeMesh()) {
      Set<IpAddress> p = stopping && drainExpired ? Set.of() : peerModel.compute(nodes);
      boolean reflector = peerModel.selfIsReflector(nodes);
      Map<IpAddress, MeshImport> imports =
          p.isEmpty() ? Map.of() : peerModel.imports(nodes, config.advertise().serviceRanges());
      if (!peersEmitted
          || !p.equals(emittedPeers)
          || reflector != emittedReflector
          || !imports.equals(emittedImports)) {
        emittedPeers = p;
        emittedReflector = reflector;
        emittedImports = imports;
        peersEmitted = true;
        peers.peersChanged(p, reflector, imports);
      }
    }
  }

  private boolean cordoned(List<Node> nodes) {
    for (Node n : nodes) {
      if (n.getMetadata() != null
          && nodeName.equals(n.getMetadata().getName())
          && n.getSpec() != null
          && Boolean.TRUE.equals(n.getSpec().getUnschedulable())) {
        return true;
      }
    }
    return false;
  }

  private void emitRoutes(Map<IpPrefix, Advertisement> desired) {
    for (IpPrefix p : new ArrayList<>(emitted.keySet())) {
      if (!desired.containsKey(p)) {
        emitted.remove(p);
        ads.withdraw(p);
      }
    }
    for (Advertisement a : desired.values()) {
      if (!a.equals(emitted.get(a.prefix()))) {
        emitted.put(a.prefix(), a);
        ads.advertise(a);
      }
    }
    Map<Kind, Integer> perKind = new EnumMap<>(Kind.class);
    for (Advertisement a : emitted.values()) {
      perKind.merge(a.kind(), 1, Integer::sum);
    }
    routesPerKind = Map.copyOf(perKind);
  }

  /**
   * Re-announces every route with GRACEFUL_SHUTDOWN, withdraws them all after the grace period,
   * then stops the informers and closes the client. The future completes when all that is done.
   */
  private boolean emittedReflector; // on the adapter thread

  public CompletableFuture<Void> stopGracefully() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    runOnLoop(
        () -> {
          stopping = true;
          if (nodeInformer == null) {
            close();
            done.complete(null);
            return;
          }
          recompute();
          loop.schedule(
              () -> {
                drainExpired = true;
                recompute();
                close();
                done.complete(null);
              },
              options.drainGracePeriod().toMillis(),
              TimeUnit.MILLISECONDS);
        });
    return done;
  }

  /** Stops at once, without withdrawing anything (the daemon drops the routes itself). */
  @Override
  public void close() {
    state = ConnectionState.STOPPED;
    informerHealth.values().forEach(dev.cairn.event.Health.Reporter::close);
    for (SharedIndexInformer<?> i :
        new SharedIndexInformer<?>[] {nodeInformer, serviceInformer, sliceInformer}) {
      if (i != null) {
        i.stop();
      }
    }
    loop.shutdownNow();
    client.close();
  }

  /** An immutable picture for {@code cairn show kubernetes}, built on the adapter thread. */
  public CompletableFuture<KubernetesSnapshot> snapshot() {
    CompletableFuture<KubernetesSnapshot> f = new CompletableFuture<>();
    runOnLoop(
        () -> {
          Map<String, Integer> counts = new HashMap<>();
          counts.put("nodes", size(nodeInformer));
          counts.put("services", size(serviceInformer));
          counts.put("endpointslices", size(sliceInformer));
          boolean draining = drainTimer != null || drainExpired;
          f.complete(
              new KubernetesSnapshot(
                  nodeName,
                  state,
                  counts,
                  draining,
                  new ArrayList<>(emitted.values()),
                  emittedPeers));
        });
    return f;
  }

  private static int size(SharedIndexInformer<?> i) {
    return i == null ? 0 : i.getStore().list().size();
  }

  /** This node's name. */
  public String nodeName() {
    return nodeName;
  }

  /** Current watch connection state. */
  public ConnectionState connectionState() {
    return state;
  }

  /** Watches that came back after the connection to the API server had been lost. */
  public long watchReconnects() {
    return watchReconnects.get();
  }

  /** Errors reported by the informers (each one is retried with backoff). */
  public long watchErrors() {
    return watchErrors.get();
  }

  /** Add/update/delete events seen from the API server (including resync). */
  public long objectsSeen() {
    return objectEvents.get();
  }

  /** Times the desired state was recomputed. */
  public long recomputations() {
    return recomputations.get();
  }

  /** Announced routes per kind. */
  public Map<Kind, Integer> routesPerKind() {
    return routesPerKind;
  }
}
