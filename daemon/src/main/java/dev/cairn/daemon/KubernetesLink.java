package dev.cairn.daemon;

import dev.cairn.config.BgpConfig;
import dev.cairn.config.KubernetesConfig;
import dev.cairn.config.NeighborConfig;
import dev.cairn.k8s.Advertisement;
import dev.cairn.k8s.AdvertisementListener;
import dev.cairn.k8s.MeshImport;
import dev.cairn.k8s.PeerListener;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Channel;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Protocol;
import dev.cairn.rib.Route;
import dev.cairn.rib.Source;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Between the Kubernetes adapter and the rest of cairnd: its routes enter the RIB through the
 * {@code kubernetes} channel (originated here: no next hop) carrying their communities (and
 * GRACEFUL_SHUTDOWN while the node drains) as route attributes, which BGP reads when its channel
 * exports them, and the node mesh's peers become iBGP neighbors that come and go with the nodes,
 * next to the configured ones. Those sessions accept only what the adapter's {@link MeshImport}
 * allows the node to announce ({@link MeshImportPolicy}), with the mesh's max-prefix, TCP-MD5
 * password and GTSM from {@code kubernetes.node-mesh}.
 */
final class KubernetesLink implements AdvertisementListener, PeerListener {
  private static final Logger LOG = Logger.getLogger(KubernetesLink.class.getName());

  private final Daemon d;
  private final Channel routes; // the RIB's kubernetes channel
  // owned by the BGP loop
  private final Set<IpAddress> meshPeers = new TreeSet<>();
  private boolean reflector;
  private Map<IpAddress, MeshImport> imports = Map.of();

  KubernetesLink(Daemon d) {
    this.d = d;
    this.routes = d.rib.channel(Source.KUBERNETES, Channel.Import.ALL);
  }

  @Override
  public void advertise(Advertisement a) {
    // this node's addresses are originated here (no next hop); other nodes' pod CIDRs (gateway
    // mode) go through that node. The annotations' communities travel with the route, for the
    // channels that export it (BGP).
    routes.offer(
        Route.of(
            a.prefix(),
            Protocol.KUBERNETES,
            a.nextHop().map(h -> List.of(NextHop.via(h))).orElse(List.of()),
            0,
            a.attributes()));
  }

  @Override
  public void withdraw(IpPrefix prefix) {
    routes.withdraw(Protocol.KUBERNETES, prefix);
  }

  @Override
  public void peersChanged(Set<IpAddress> peers) {
    peersChanged(peers, false);
  }

  @Override
  public void peersChanged(Set<IpAddress> peers, boolean asReflector) {
    // without imports from the adapter the mesh accepts nothing (see the three-argument form)
    peersChanged(peers, asReflector, Map.of());
  }

  @Override
  public void peersChanged(
      Set<IpAddress> peers, boolean asReflector, Map<IpAddress, MeshImport> imports) {
    d.bgpLoop.execute(() -> meshChanged(peers, asReflector, imports));
  }

  private void meshChanged(
      Set<IpAddress> peers, boolean asReflector, Map<IpAddress, MeshImport> newImports) {
    if (d.speaker == null) {
      return;
    }
    BgpConfig b = d.config().bgp().get();
    KubernetesConfig.NodeMesh m = mesh();
    boolean reflectorChanged = asReflector != reflector;
    reflector = asReflector;
    Map<IpAddress, MeshImport> oldImports = imports;
    imports = Map.copyOf(newImports);
    for (IpAddress gone : List.copyOf(meshPeers)) {
      if (!peers.contains(gone)) {
        meshPeers.remove(gone);
        d.speaker.removeNeighbor(gone);
        LOG.info("kubernetes: node " + gone + " left the mesh, neighbor removed");
      } else if (reflectorChanged || !Objects.equals(oldImports.get(gone), imports.get(gone))) {
        // this node became (or stopped being) a reflector: its sessions stay, what it reflects
        // to them changes (soft reconfiguration); a changed import (the node's pod CIDRs, or it
        // became a reflector) asks it for its routes again
        d.updateDynamicNeighbor(meshNeighbor(b, m, gone, asReflector), importPolicy(gone));
        if (reflectorChanged) {
          LOG.info(
              "kubernetes: node "
                  + gone
                  + (asReflector ? " is now a route-reflector client" : " is no longer a client"));
        }
      }
    }
    for (IpAddress p : peers) {
      if (meshPeers.contains(p) || b.neighbor(p).isPresent()) {
        continue; // configured neighbors keep their own settings
      }
      meshPeers.add(p);
      d.addDynamicNeighbor(meshNeighbor(b, m, p, asReflector), importPolicy(p));
      LOG.info(
          "kubernetes: node "
              + p
              + " joined the mesh, iBGP neighbor added"
              + (asReflector ? " (route-reflector client)" : ""));
    }
  }

  private KubernetesConfig.NodeMesh mesh() {
    return d.config()
        .kubernetes()
        .map(KubernetesConfig::mesh)
        .orElse(KubernetesConfig.NodeMesh.DEFAULT);
  }

  /** The import policy of the session with {@code peer}: what its node may announce. */
  MeshImportPolicy importPolicy(IpAddress peer) {
    return new MeshImportPolicy(imports.get(peer));
  }

  /** How long a mesh session closed by its max-prefix limit waits before it starts again. */
  static final java.time.Duration MAX_PREFIX_RESTART = java.time.Duration.ofSeconds(60);

  /** A mesh neighbor with the default {@code node-mesh} settings (for display). */
  static NeighborConfig meshNeighbor(BgpConfig b, IpAddress p, boolean asReflector) {
    return meshNeighbor(b, KubernetesConfig.NodeMesh.DEFAULT, p, asReflector);
  }

  /**
   * An iBGP neighbor for another node: the family of its address, default timers, as local address
   * the BGP listen address when that is a specific one of the same family, and the mesh's password,
   * GTSM and max-prefix limit. Its import policy is named {@link MeshImportPolicy#NAME}; the policy
   * itself comes from {@link #importPolicy}.
   */
  static NeighborConfig meshNeighbor(
      BgpConfig b, KubernetesConfig.NodeMesh m, IpAddress p, boolean asReflector) {
    IpAddress listen = b.listen().address();
    boolean specific =
        listen.afi() == p.afi()
            && !listen.equals(IpAddress.parse("0.0.0.0"))
            && !listen.equals(IpAddress.parse("::"));
    return new NeighborConfig(
        p,
        b.asn(),
        Optional.of("kubernetes node mesh"),
        m.password(),
        List.of(p.afi() == Afi.IPV4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST),
        asReflector,
        false,
        false,
        specific ? Optional.of(listen) : Optional.empty(),
        m.ttlSecurity(),
        OptionalInt.empty(),
        NeighborConfig.Timers.DEFAULT,
        m.maxPrefixes() == 0
            ? Optional.empty()
            : Optional.of(
                new NeighborConfig.MaxPrefixes(m.maxPrefixes(), Optional.of(MAX_PREFIX_RESTART))),
        Optional.of(MeshImportPolicy.NAME),
        Optional.empty(),
        false,
        Optional.empty());
  }

  /** Mesh neighbors now (on the BGP loop). */
  Set<IpAddress> meshPeers() {
    return Set.copyOf(meshPeers);
  }
}
