package dev.cairn.daemon;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.Endpoint;
import dev.cairn.daemon.component.Component;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.daemon.component.Reconfig;
import java.io.IOException;
import java.util.List;
import java.util.logging.Logger;

/**
 * The Prometheus endpoint as a component. A new {@code metrics.listen} is bound before the old one
 * is let go: when it cannot be bound (in use, no such address) the old one keeps serving and the
 * reload says so.
 */
final class MetricsComponent implements Component<Endpoint> {
  private static final Logger LOG = Logger.getLogger(MetricsComponent.class.getName());

  private final Daemon daemon;
  private volatile Metrics metrics;

  MetricsComponent(Daemon daemon) {
    this.daemon = daemon;
  }

  /** The running endpoint, or null before start. */
  Metrics metrics() {
    return metrics;
  }

  @Override
  public String name() {
    return "metrics";
  }

  @Override
  public Endpoint section(CairnConfig c) {
    return c.metricsListen();
  }

  @Override
  public CairnConfig withSection(CairnConfig c, Endpoint e) {
    return c.withMetricsListen(e);
  }

  @Override
  public void start(Endpoint listen) throws ComponentException {
    try {
      metrics = Metrics.start(daemon, listen);
    } catch (IOException e) {
      throw new ComponentException(name(), "cannot listen on " + listen + ": " + e.getMessage(), e);
    }
    LOG.info(
        "metrics: http://"
            + metrics.address().getHostString()
            + ":"
            + metrics.address().getPort()
            + "/metrics");
  }

  @Override
  public Reconfig plan(Endpoint from, Endpoint to) {
    return new Reconfig.Restart(
        List.of("metrics endpoint"), List.of("metrics listen " + to + " (was " + from + ")"));
  }

  @Override
  public void apply(Endpoint from, Endpoint to, Reconfig plan) throws ComponentException {
    Metrics m = metrics;
    if (m == null) {
      throw new ComponentException(name(), "not running");
    }
    try {
      m.rebind(to);
    } catch (IOException e) {
      throw new ComponentException(name(), "cannot listen on " + to + ": " + e.getMessage(), e);
    }
    LOG.info("metrics: now on " + m.address());
  }

  @Override
  public void stop() {
    Metrics m = metrics;
    if (m != null) {
      m.close();
    }
  }
}
