package dev.cairn.daemon.component;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.OspfConfig;
import dev.cairn.config.Policy;
import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.OspfSettings;
import dev.cairn.ospf.Reconfiguration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OSPF as a component of cairnd: the {@code ospf:} section (with the router id and the
 * redistribution policy it names), started, reconfigured in place where RFC 2328 allows, stopped.
 * What restarts is decided per parameter by ospf-core's {@link Reconfiguration}: costs, hello and
 * dead intervals, priority, authentication keys and max-external-lsas apply in place with the
 * adjacencies kept (a new hello or dead interval or authentication type holds them only if the
 * neighbors follow within the dead interval, 10.5, D.2); the passive flag, network type or area of
 * an interface restart that interface, an area's stub flag that area; a new router id (C.1), a new
 * redistribution set or policy, or OSPF turned on or off restart the instance.
 */
public final class OspfComponent implements Component<OspfComponent.Section> {

  /** What OSPF uses of a configuration. */
  public record Section(
      Ipv4Address routerId, Optional<OspfConfig> ospf, Optional<Policy> redistributePolicy) {}

  /**
   * How instances are built: in cairnd on their own thread with raw sockets (the daemon's {@code
   * OspfLink}, which this package cannot name: the daemon depends on the components, not back), in
   * tests on a virtual clock over in-memory segments.
   */
  public interface Instances {
    /** Builds and starts an instance for {@code section} (whose ospf is present). */
    Running start(Section section);

    /** A running instance. */
    interface Running extends AutoCloseable {
      /**
       * Moves to {@code next} in place (same router id and redistribution). Throws
       * IllegalArgumentException, having changed nothing, when a new interface cannot be opened.
       */
      void reconfigure(OspfSettings next);

      @Override
      void close();
    }
  }

  private final Instances instances;
  private volatile Instances.Running running;

  public OspfComponent(Instances instances) {
    this(instances, null);
  }

  /** A component over an instance the daemon already started ({@code null}: none). */
  public OspfComponent(Instances instances, Instances.Running running) {
    this.instances = instances;
    this.running = running;
  }

  @Override
  public String name() {
    return "ospf";
  }

  @Override
  public Section section(CairnConfig config) {
    if (config.ospf().isEmpty()) {
      // without OSPF nothing here is OSPF's: the router id belongs to the rest of the config
      return new Section(null, Optional.empty(), Optional.empty());
    }
    return new Section(
        config.routerId(),
        config.ospf(),
        config.ospf().flatMap(OspfConfig::redistributePolicy).map(config.policies()::get));
  }

  @Override
  public CairnConfig withSection(CairnConfig c, Section s) {
    Map<String, Policy> policies = new LinkedHashMap<>(c.policies());
    s.redistributePolicy().ifPresent(p -> policies.put(p.name(), p));
    return c.withRouterId(s.routerId() == null ? c.routerId() : s.routerId())
        .withOspf(s.ospf())
        .withPolicies(policies);
  }

  @Override
  public void start(Section section) throws ComponentException {
    if (section.ospf().isEmpty()) {
      return;
    }
    try {
      running = instances.start(section);
    } catch (RuntimeException e) {
      throw new ComponentException(name(), "cannot start: " + e.getMessage(), e);
    }
  }

  @Override
  public Reconfig plan(Section from, Section to) {
    if (from.equals(to)) {
      return Reconfig.SAME;
    }
    if (from.ospf().isEmpty() || to.ospf().isEmpty()) {
      return restart(to.ospf().isEmpty() ? "stopped" : "started");
    }
    OspfConfig a = from.ospf().get();
    OspfConfig b = to.ospf().get();
    if (!a.redistribute().equals(b.redistribute())
        || !a.redistributePolicy().equals(b.redistributePolicy())
        || !from.redistributePolicy().equals(to.redistributePolicy())) {
      return restart("redistribution");
    }
    OspfSettings sa;
    OspfSettings sb;
    try {
      sa = OspfSettingsMapper.settings(from.routerId(), a);
      sb = OspfSettingsMapper.settings(to.routerId(), b);
    } catch (IllegalArgumentException e) {
      return restart(e.getMessage()); // the start says it again, and fails
    }
    Reconfiguration r = Reconfiguration.between(sa, sb);
    if (r.restartsInstance()) {
      return restart(r.changes().get(0).what());
    }
    List<String> restarts = new ArrayList<>();
    List<String> soft = new ArrayList<>();
    for (Reconfiguration.Change c : r.changes()) {
      (c.restart() ? restarts : soft).add(c.scope() + " (" + c.what() + ")");
    }
    if (!restarts.isEmpty()) {
      return new Reconfig.Restart(restarts);
    }
    return soft.isEmpty() ? Reconfig.SAME : new Reconfig.Soft(soft);
  }

  private static Reconfig restart(String why) {
    return new Reconfig.Restart(List.of("ospf (" + why + ")"));
  }

  private static boolean wholeInstance(Reconfig plan) {
    return plan instanceof Reconfig.Restart r
        && r.scope().stream().anyMatch(s -> s.startsWith("ospf ("));
  }

  @Override
  public void apply(Section from, Section to, Reconfig plan) throws ComponentException {
    if (plan instanceof Reconfig.Same) {
      return;
    }
    Instances.Running old = running;
    if (old == null || wholeInstance(plan)) {
      if (old != null) {
        running = null;
        old.close(); // first: the new instance takes over its interfaces
      }
      if (to.ospf().isPresent()) {
        try {
          running = instances.start(to);
        } catch (RuntimeException e) {
          recover(from, e);
        }
      }
      return;
    }
    try {
      old.reconfigure(OspfSettingsMapper.settings(to.routerId(), to.ospf().get()));
    } catch (IllegalArgumentException e) {
      throw new ComponentException(name(), e.getMessage() + "; the running section stays", e);
    } catch (RuntimeException e) {
      throw new ComponentException(name(), e.getMessage(), e);
    }
  }

  /** The new instance failed to start: the running section's instance is started again. */
  private void recover(Section from, RuntimeException cause) throws ComponentException {
    String again;
    try {
      running = from.ospf().isPresent() ? instances.start(from) : null;
      again = "; the running section was started again";
    } catch (RuntimeException e) {
      again = "; the running section could not be started again either: " + e.getMessage();
    }
    throw new ComponentException(name(), cause.getMessage() + again, cause);
  }

  @Override
  public void stop() {
    Instances.Running r = running;
    running = null;
    if (r != null) {
      r.close();
    }
  }

  /** The running instance, for the daemon's queries and metrics (null when OSPF is off). */
  public Instances.Running running() {
    return running;
  }
}
