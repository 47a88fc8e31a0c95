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
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Watches Nodes, Services and EndpointSlices with fabric8 shared informers and tells a {@link
 * Listener} which routes this node should announce and which nodes it should peer with. The
 * informers re-list and re-watch by themselves after a watch expires (410 Gone), the API server
 * restarts or the network fails, and they keep their caches meanwhile: routes are withdrawn only
 * when the objects are really gone, never because the API is out of reach.
 *
 * <p>Everything after the informers runs on one thread of the adapter's ({@code k8s}); listeners
 * are called there.
 */
public final class KubernetesAdapter implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(KubernetesAdapter.class.getName());

  /** What the adapter tells its owner, on the adapter's thread. */
  public interface Listener {
    /** {@code a.prefix()} is to be announced with these attributes (new or changed). */
    void advertise(Advertisement a);

    /** {@code prefix} is no longer to be announced. */
    void withdraw(IpPrefix prefix);

    /**
     * The iBGP peers the node mesh or the reflector layout asks for now; {@code reflector} when
     * this node is a route reflector (its peers are then its clients).
     */
    default void peers(Set<IpAddress> peers, boolean reflector) {}
  }

  /** {@code show kubernetes}: the adapter at one moment. */
  public record Snapshot(
      String nodeName,
      boolean nodesWatching,
      boolean servicesWatching,
      boolean slicesWatching,
      int nodes,
      int services,
      int slices,
      boolean draining,
      List<Advertisement> routes,
      Set<IpAddress> peers,
      long events) {}

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final KubernetesConfig cfg;
  private final String nodeName;
  private final Listener listener;
  private final Duration grace;
  private final LabelSelector reflectors;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "k8s");
            t.setDaemon(true);
            return t;
          });

  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<Service> services;
  private SharedIndexInformer<EndpointSlice> slices;

  // owned by the adapter's thread
  private final Map<IpPrefix, Advertisement> announced = new HashMap<>();
  private Set<IpAddress> peers = new TreeSet<>();
  private boolean reflector;
  private boolean scheduled;
  private boolean stopping;
  private long drainingSince = -1;
  private ScheduledFuture<?> drainTimer;
  private final AtomicLong events = new AtomicLong();

  /**
   * @param grace how long a draining node (cordoned, or cairnd stopping) keeps announcing with
   *     GRACEFUL_SHUTDOWN before it withdraws
   */
  public KubernetesAdapter(
      KubernetesClient client,
      KubernetesConfig cfg,
      String nodeName,
      Duration grace,
      Listener listener) {
    this(client, false, cfg, nodeName, grace, listener);
  }

  private KubernetesAdapter(
      KubernetesClient client,
      boolean ownsClient,
      KubernetesConfig cfg,
      String nodeName,
      Duration grace,
      Listener listener) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.cfg = cfg;
    this.nodeName = nodeName;
    this.grace = grace;
    this.listener = listener;
    this.reflectors = cfg.routeReflectorSelector().map(LabelSelector::parse).orElse(null);
  }

  /**
   * Connects as the configuration says: its kubeconfig file, else the in-cluster service account.
   * The node name is the configuration's, else {@code $NODE_NAME}.
   */
  public static KubernetesAdapter connect(KubernetesConfig cfg, Duration grace, Listener l)
      throws IOException {
    String node =
        cfg.nodeName()
            .orElseGet(
                () -> {
                  String env = System.getenv("NODE_NAME");
                  if (env == null || env.isBlank()) {
                    throw new IllegalStateException(
                        "kubernetes.node-name is not set and neither is $NODE_NAME");
                  }
                  return env;
                });
    Config config =
        cfg.kubeconfig().isPresent()
            ? Config.fromKubeconfig(Files.readString(cfg.kubeconfig().get()))
            : new io.fabric8.kubernetes.client.ConfigBuilder().build();
    KubernetesClient c = new KubernetesClientBuilder().withConfig(config).build();
    return new KubernetesAdapter(c, true, cfg, node, grace, l);
  }

  /** Starts the informers; the first routes follow their initial lists. */
  public void start() {
    ResourceEventHandler<Object> changed =
        new ResourceEventHandler<>() {
          @Override
          public void onAdd(Object obj) {
            kick();
          }

          @Override
          public void onUpdate(Object oldObj, Object newObj) {
            kick();
          }

          @Override
          public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
            kick();
          }
        };
    nodes = client.nodes().inform(cast(changed), 0);
    services = client.services().inAnyNamespace().inform(cast(changed), 0);
    slices = client.discovery().v1().endpointSlices().inAnyNamespace().inform(cast(changed), 0);
    LOG.info("kubernetes: watching nodes, services and endpointslices as node " + nodeName);
    kick();
  }

  @SuppressWarnings("unchecked")
  private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> h) {
    return (ResourceEventHandler<T>) (ResourceEventHandler<?>) h;
  }

  /** Something changed: recompute once on the adapter's thread (changes in a burst coalesce). */
  private void kick() {
    events.incrementAndGet();
    thread.execute(
        () -> {
          if (!scheduled) {
            scheduled = true;
            thread.execute(
                () -> {
                  scheduled = false;
                  recompute();
                });
          }
        });
  }

  private void recompute() {
    if (nodes == null || !nodes.hasSynced() || !services.hasSynced() || !slices.hasSynced()) {
      return; // not the whole truth yet: announcing from a partial list would withdraw wrongly
    }
    RouteModel.Result r =
        RouteModel.compute(
            nodeName,
            cfg.advertise(),
            cfg.nodeMesh(),
            reflectors,
            stopping,
            nodes.getStore().list(),
            services.getStore().list(),
            slices.getStore().list());
    Map<IpPrefix, Advertisement> want = r.routes();
    boolean draining = want.values().stream().anyMatch(Advertisement::gracefulShutdown);
    if (draining && drainingSince < 0) {
      drainingSince = System.nanoTime();
      LOG.info(
          "kubernetes: node "
              + nodeName
              + " is draining: announcing with GRACEFUL_SHUTDOWN, withdrawing in "
              + grace.toSeconds()
              + " s");
      drainTimer = thread.schedule(this::recompute, grace.toNanos(), TimeUnit.NANOSECONDS);
    } else if (!draining && drainingSince >= 0) {
      drainingSince = -1;
      if (drainTimer != null) {
        drainTimer.cancel(false);
      }
      LOG.info("kubernetes: node " + nodeName + " is no longer draining");
    }
    if (drainingSince >= 0 && System.nanoTime() - drainingSince >= grace.toNanos()) {
      want = Map.of(); // the grace period is over: traffic has moved, withdraw
    }
    for (IpPrefix p : List.copyOf(announced.keySet())) {
      if (!want.containsKey(p)) {
        announced.remove(p);
        listener.withdraw(p);
      }
    }
    for (Advertisement a : want.values()) {
      if (!a.equals(announced.get(a.prefix()))) {
        announced.put(a.prefix(), a);
        listener.advertise(a);
      }
    }
    if (!r.peers().equals(peers) || r.reflector() != reflector) {
      peers = r.peers();
      reflector = r.reflector();
      listener.peers(peers, reflector);
    }
  }

  /**
   * Graceful stop: announces everything with GRACEFUL_SHUTDOWN, waits the grace period for traffic
   * to move, withdraws, then stops watching. Returns when done.
   */
  public void drainAndStop() throws InterruptedException {
    thread.execute(
        () -> {
          stopping = true;
          recompute();
        });
    Thread.sleep(grace.toMillis());
    thread.submit(this::recompute);
    close();
  }

  /** The adapter now, read on its thread. */
  public Snapshot snapshot() {
    try {
      return thread
          .submit(
              () ->
                  new Snapshot(
                      nodeName,
                      nodes != null && nodes.isWatching(),
                      services != null && services.isWatching(),
                      slices != null && slices.isWatching(),
                      nodes == null ? 0 : nodes.getStore().list().size(),
                      services == null ? 0 : services.getStore().list().size(),
                      slices == null ? 0 : slices.getStore().list().size(),
                      drainingSince >= 0,
                      announced.values().stream()
                          .sorted((a, b) -> a.prefix().compareTo(b.prefix()))
                          .toList(),
                      Set.copyOf(peers),
                      events.get()))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("kubernetes adapter did not answer: " + e, e);
    }
  }

  /** Routes announced now, per kind (for metrics). */
  public Map<Advertisement.Kind, Integer> routesPerKind() {
    Map<Advertisement.Kind, Integer> out = new EnumMap<>(Advertisement.Kind.class);
    for (Advertisement a : snapshot().routes()) {
      out.merge(a.kind(), 1, Integer::sum);
    }
    return out;
  }

  /** Stops watching (routes are left as they are: the owner decides what to do with them). */
  @Override
  public void close() {
    for (SharedIndexInformer<?> i : new SharedIndexInformer<?>[] {nodes, services, slices}) {
      if (i != null) {
        i.stop();
      }
    }
    thread.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }
}
