package dev.cairn.daemon;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.OspfConfig;
import dev.cairn.config.Policy;
import dev.cairn.daemon.component.Component;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.daemon.component.Reconfig;
import dev.cairn.net.Ipv4Address;
import dev.cairn.rib.Rib;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * OSPF as it ran before it had a component of its own ({@link OspfLink}), behind the component
 * contract until the OSPF component with live reconfiguration replaces it (see Daemon's OSPF spot):
 * {@code ospf.max-external-lsas} applies in place; any other change of the section takes a restart
 * of cairnd, and a reload reports it as not applied.
 */
final class OspfLinkComponent implements Component<OspfLinkComponent.Section> {
  private static final Logger LOG = Logger.getLogger(OspfLinkComponent.class.getName());

  /**
   * What OSPF uses: the router id, the {@code ospf} section and its redistribution policy (without
   * OSPF, nothing: the router id is then null).
   */
  record Section(Ipv4Address routerId, Optional<OspfConfig> ospf, Optional<Policy> policy) {}

  private final Rib rib;
  private volatile OspfLink link;

  OspfLinkComponent(Rib rib) {
    this.rib = rib;
  }

  /** The running instance, or null. */
  OspfLink link() {
    return link;
  }

  @Override
  public String name() {
    return "ospf";
  }

  @Override
  public Section section(CairnConfig c) {
    if (c.ospf().isEmpty()) {
      return new Section(null, Optional.empty(), Optional.empty()); // (the router id is not ours)
    }
    return new Section(
        c.routerId(),
        c.ospf(),
        c.ospf().flatMap(OspfConfig::redistributePolicy).map(c.policies()::get));
  }

  @Override
  public CairnConfig withSection(CairnConfig c, Section s) {
    Map<String, Policy> policies = new LinkedHashMap<>(c.policies());
    s.policy().ifPresent(p -> policies.put(p.name(), p));
    return new CairnConfig(
        s.routerId() == null ? c.routerId() : s.routerId(),
        c.control(),
        c.metricsListen(),
        c.kernel(),
        c.staticRoutes(),
        c.bgp(),
        s.ospf(),
        c.kubernetes(),
        policies);
  }

  @Override
  public void start(Section s) throws ComponentException {
    if (s.ospf().isEmpty()) {
      return;
    }
    Map<String, Policy> policies = new LinkedHashMap<>();
    s.policy().ifPresent(p -> policies.put(p.name(), p));
    try {
      link = OspfLink.start(s.ospf().get(), s.routerId(), rib, policies);
    } catch (RuntimeException e) {
      throw new ComponentException(name(), "cannot start: " + e.getMessage(), e);
    }
  }

  /** True when only {@code max-external-lsas} changed, with OSPF running before and after. */
  private boolean onlyLimit(Section a, Section b) {
    return link != null
        && a.ospf().isPresent()
        && b.ospf().isPresent()
        && new Section(a.routerId(), a.ospf().map(o -> o.withMaxExternalLsas(0)), a.policy())
            .equals(
                new Section(b.routerId(), b.ospf().map(o -> o.withMaxExternalLsas(0)), b.policy()));
  }

  @Override
  public Reconfig plan(Section a, Section b) {
    if (onlyLimit(a, b)) {
      return new Reconfig.Soft(
          List.of("ospf max-external-lsas " + b.ospf().get().maxExternalLsas() + " applied"));
    }
    return new Reconfig.Restart(List.of("cairnd"), List.of("ospf changed"));
  }

  @Override
  public void apply(Section a, Section b, Reconfig plan) throws ComponentException {
    if (!onlyLimit(a, b)) {
      throw new ComponentException(name(), "this OSPF change takes a restart of cairnd");
    }
    link.instance.setMaxExternalLsas(b.ospf().get().maxExternalLsas());
  }

  @Override
  public void stop() {
    OspfLink o = link;
    if (o != null) {
      o.close();
      LOG.fine("ospf: stopped");
    }
  }
}
