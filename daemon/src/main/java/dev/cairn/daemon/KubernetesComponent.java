package dev.cairn.daemon;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.KubernetesConfig;
import dev.cairn.daemon.component.Component;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.daemon.component.Reconfig;
import dev.cairn.k8s.KubernetesAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The Kubernetes adapter as a component. On reload the advertise options, the allowed communities
 * and the route-reflector selector change in place: the adapter computes its routes again from the
 * objects it already watches and only the difference reaches the RIB and BGP. Another API server
 * (kubeconfig), node name or node-mesh session settings, and turning Kubernetes on or off, take a
 * restart of cairnd; a reload reports them as not applied.
 */
final class KubernetesComponent implements Component<Optional<KubernetesConfig>> {
  private static final Logger LOG = Logger.getLogger(KubernetesComponent.class.getName());

  /** How long a draining node keeps its Kubernetes routes, with GRACEFUL_SHUTDOWN, on stop. */
  static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

  private final KubernetesLink link;
  private volatile KubernetesAdapter adapter;

  KubernetesComponent(KubernetesLink link) {
    this.link = link;
  }

  /** The running adapter, or null (off, or it could not start). */
  KubernetesAdapter adapter() {
    return adapter;
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public Optional<KubernetesConfig> section(CairnConfig c) {
    return c.kubernetes();
  }

  @Override
  public CairnConfig withSection(CairnConfig c, Optional<KubernetesConfig> k) {
    return c.withKubernetes(k);
  }

  @Override
  public void start(Optional<KubernetesConfig> section) throws ComponentException {
    if (section.isEmpty()) {
      return;
    }
    try {
      KubernetesConfig k = section.get();
      KubernetesAdapter a =
          new KubernetesAdapter(
              k,
              KubernetesAdapter.nodeName(k),
              KubernetesAdapter.connect(k),
              link,
              link,
              new KubernetesAdapter.Options(
                  false, DRAIN_GRACE, KubernetesAdapter.Options.DEFAULT.resync()));
      a.start();
      adapter = a;
    } catch (java.io.IOException | RuntimeException e) {
      throw new ComponentException(name(), "cannot start: " + e.getMessage(), e);
    }
  }

  private static List<String> needsRestart(
      Optional<KubernetesConfig> from, Optional<KubernetesConfig> to) {
    List<String> out = new ArrayList<>();
    if (from.isPresent() != to.isPresent()) {
      out.add("kubernetes turned " + (to.isPresent() ? "on" : "off") + ": takes a restart");
    } else if (from.isPresent()) {
      KubernetesConfig a = from.get();
      KubernetesConfig b = to.get();
      if (!a.kubeconfig().equals(b.kubeconfig()) || !a.nodeName().equals(b.nodeName())) {
        out.add("kubernetes.kubeconfig or node-name changed: takes a restart of cairnd");
      }
      if (!a.mesh().equals(b.mesh())) {
        out.add("kubernetes.node-mesh changed: takes a restart of cairnd");
      }
    }
    return out;
  }

  @Override
  public Reconfig plan(Optional<KubernetesConfig> from, Optional<KubernetesConfig> to) {
    List<String> restart = needsRestart(from, to);
    if (!restart.isEmpty()) {
      return new Reconfig.Restart(List.of("cairnd"), restart);
    }
    KubernetesConfig a = from.get();
    KubernetesConfig b = to.get();
    List<String> what = new ArrayList<>();
    if (!a.advertise().equals(b.advertise())) {
      what.add("kubernetes advertise options: routes computed again");
    }
    if (!a.allowedCommunities().equals(b.allowedCommunities())) {
      what.add("kubernetes allowed-communities: routes computed again");
    }
    if (!a.routeReflectorSelector().equals(b.routeReflectorSelector())) {
      what.add("kubernetes route-reflector selector: mesh peers computed again");
    }
    return new Reconfig.Soft(what);
  }

  @Override
  public void apply(Optional<KubernetesConfig> from, Optional<KubernetesConfig> to, Reconfig plan)
      throws ComponentException {
    List<String> restart = needsRestart(from, to);
    if (!restart.isEmpty()) {
      throw new ComponentException(name(), String.join("; ", restart));
    }
    KubernetesAdapter a = adapter;
    if (a == null) {
      throw new ComponentException(name(), "the adapter is not running (see the log)");
    }
    try {
      a.reconfigure(to.get());
    } catch (IllegalArgumentException e) {
      throw new ComponentException(name(), e.getMessage(), e);
    }
  }

  @Override
  public void stop() {
    KubernetesAdapter a = adapter;
    if (a == null) {
      return;
    }
    try {
      // GRACEFUL_SHUTDOWN first, so traffic moves before we go
      a.stopGracefully().get(DRAIN_GRACE.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warning("kubernetes: graceful stop: " + e);
    }
    a.close();
  }
}
