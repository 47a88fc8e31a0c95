package dev.cairn.config;

import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole, validated cairn configuration. Immutable; equal configurations are {@code equals}, which
 * is what {@link ConfigDiff} relies on.
 *
 * @param routerId the router id used by BGP (unless {@code bgp.router-id}) and OSPF
 * @param control the Unix socket {@code cairn} talks to, and who may do what over it
 * @param metricsListen where Prometheus scrapes {@code /metrics}
 * @param policies routing policies by name, in file order
 */
public record CairnConfig(
    Ipv4Address routerId,
    ControlConfig control,
    Endpoint metricsListen,
    KernelConfig kernel,
    List<StaticRoute> staticRoutes,
    Optional<BgpConfig> bgp,
    Optional<OspfConfig> ospf,
    Optional<KubernetesConfig> kubernetes,
    Map<String, Policy> policies) {

  public static final Path DEFAULT_CONTROL_SOCKET = Path.of("/run/cairn/cairn.sock");
  public static final Endpoint DEFAULT_METRICS_LISTEN =
      new Endpoint(IpAddress.parse("127.0.0.1"), 9179);

  public CairnConfig {
    Objects.requireNonNull(routerId, "routerId");
    Objects.requireNonNull(control, "control");
    Objects.requireNonNull(metricsListen, "metricsListen");
    Objects.requireNonNull(kernel, "kernel");
    staticRoutes = List.copyOf(staticRoutes);
    Objects.requireNonNull(bgp, "bgp");
    Objects.requireNonNull(ospf, "ospf");
    Objects.requireNonNull(kubernetes, "kubernetes");
    policies = Collections.unmodifiableMap(new LinkedHashMap<>(policies));
  }

  /** A configuration with the default control groups on {@code controlSocket}. */
  public CairnConfig(
      Ipv4Address routerId,
      Path controlSocket,
      Endpoint metricsListen,
      KernelConfig kernel,
      List<StaticRoute> staticRoutes,
      Optional<BgpConfig> bgp,
      Optional<OspfConfig> ospf,
      Optional<KubernetesConfig> kubernetes,
      Map<String, Policy> policies) {
    this(
        routerId,
        ControlConfig.of(controlSocket),
        metricsListen,
        kernel,
        staticRoutes,
        bgp,
        ospf,
        kubernetes,
        policies);
  }

  // one field replaced, the rest kept: how a reload composes the configuration in force from the
  // sections that took effect

  public CairnConfig withRouterId(Ipv4Address v) {
    return new CairnConfig(
        v, control, metricsListen, kernel, staticRoutes, bgp, ospf, kubernetes, policies);
  }

  public CairnConfig withControl(ControlConfig v) {
    return new CairnConfig(
        routerId, v, metricsListen, kernel, staticRoutes, bgp, ospf, kubernetes, policies);
  }

  public CairnConfig withMetricsListen(Endpoint v) {
    return new CairnConfig(
        routerId, control, v, kernel, staticRoutes, bgp, ospf, kubernetes, policies);
  }

  public CairnConfig withKernel(KernelConfig v) {
    return new CairnConfig(
        routerId, control, metricsListen, v, staticRoutes, bgp, ospf, kubernetes, policies);
  }

  public CairnConfig withStaticRoutes(List<StaticRoute> v) {
    return new CairnConfig(
        routerId, control, metricsListen, kernel, v, bgp, ospf, kubernetes, policies);
  }

  public CairnConfig withBgp(Optional<BgpConfig> v) {
    return new CairnConfig(
        routerId, control, metricsListen, kernel, staticRoutes, v, ospf, kubernetes, policies);
  }

  public CairnConfig withOspf(Optional<OspfConfig> v) {
    return new CairnConfig(
        routerId, control, metricsListen, kernel, staticRoutes, bgp, v, kubernetes, policies);
  }

  public CairnConfig withKubernetes(Optional<KubernetesConfig> v) {
    return new CairnConfig(
        routerId, control, metricsListen, kernel, staticRoutes, bgp, ospf, v, policies);
  }

  public CairnConfig withPolicies(Map<String, Policy> v) {
    return new CairnConfig(
        routerId, control, metricsListen, kernel, staticRoutes, bgp, ospf, kubernetes, v);
  }

  /** The control socket's path. */
  public Path controlSocket() {
    return control.socket();
  }

  /** The BGP identifier in effect: {@code bgp.router-id}, else the global router id. */
  public Ipv4Address bgpRouterId() {
    return bgp.flatMap(BgpConfig::routerId).orElse(routerId);
  }
}
