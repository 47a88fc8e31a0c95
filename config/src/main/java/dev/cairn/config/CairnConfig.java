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

  /** The control socket's path. */
  public Path controlSocket() {
    return control.socket();
  }

  /** The BGP identifier in effect: {@code bgp.router-id}, else the global router id. */
  public Ipv4Address bgpRouterId() {
    return bgp.flatMap(BgpConfig::routerId).orElse(routerId);
  }
}
