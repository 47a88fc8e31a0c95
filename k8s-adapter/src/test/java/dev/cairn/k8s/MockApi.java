package dev.cairn.k8s;

import dev.cairn.config.KubernetesConfig;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * fabric8's mock API server in CRUD mode (a real HTTP server with watches), restartable on the same
 * port with the same objects, and helpers to build the objects the tests use.
 */
final class MockApi implements AutoCloseable {
  final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
  KubernetesMockServer server;
  final KubernetesClient client; // the test's own, for creating and changing objects
  int port;
  String host;

  MockApi() {
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), store, false);
    server.init();
    port = server.getPort();
    host = server.getHostName();
    client = server.createClient();
  }

  /** A client of the adapter's own (so its requests can be told apart). */
  KubernetesClient adapterClient() {
    return server.createClient();
  }

  void stop() {
    server.destroy();
  }

  /** Back on the same port, with the same objects. */
  void restart() throws Exception {
    server =
        new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), store, false);
    server.init(InetAddress.getByName(host), port);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  static KubernetesConfig config(boolean mesh, String reflectors) {
    return new KubernetesConfig(
        Optional.empty(),
        Optional.empty(),
        new KubernetesConfig.Advertise(true, true, true, true),
        mesh,
        Optional.ofNullable(reflectors));
  }

  static Node node(String name, String ip, String... podCidrs) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withPodCIDRs(podCidrs)
        .withPodCIDR(podCidrs.length > 0 ? podCidrs[0] : null)
        .endSpec()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(ip)
        .endAddress()
        .endStatus()
        .build();
  }

  static ServiceBuilder service(String name, String... clusterIps) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withClusterIPs(clusterIps)
        .withClusterIP(clusterIps.length > 0 ? clusterIps[0] : null)
        .endSpec();
  }

  static Service withLoadBalancer(Service s, String ip) {
    return new ServiceBuilder(s)
        .withNewStatus()
        .withNewLoadBalancer()
        .addNewIngress()
        .withIp(ip)
        .endIngress()
        .endLoadBalancer()
        .endStatus()
        .build();
  }

  static EndpointSlice slice(String service, String name, String nodeName, boolean ready) {
    return new EndpointSliceBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("default")
        .addToLabels(RouteModel.SERVICE_NAME_LABEL, service)
        .endMetadata()
        .withAddressType("IPv4")
        .addNewEndpoint()
        .withAddresses("198.51.100.77")
        .withNodeName(nodeName)
        .withNewConditions()
        .withReady(ready)
        .endConditions()
        .endEndpoint()
        .build();
  }

  /** A listener that keeps what it was told. */
  static final class Recorder implements KubernetesAdapter.Listener {
    final Map<IpPrefix, Advertisement> routes = new TreeMap<>();
    final List<String> log = new ArrayList<>();
    Set<IpAddress> peers = new TreeSet<>();

    @Override
    public synchronized void advertise(Advertisement a) {
      routes.put(a.prefix(), a);
      log.add("+" + a.prefix());
    }

    @Override
    public synchronized void withdraw(IpPrefix p) {
      routes.remove(p);
      log.add("-" + p);
    }

    @Override
    public synchronized void peers(Set<IpAddress> p, boolean reflector) {
      peers = new TreeSet<>(p);
      this.reflector = reflector;
    }

    boolean reflector;

    synchronized Set<String> prefixes() {
      Set<String> out = new TreeSet<>();
      routes.keySet().forEach(p -> out.add(p.toString()));
      return out;
    }

    synchronized Set<String> peerSet() {
      Set<String> out = new TreeSet<>();
      peers.forEach(p -> out.add(p.toString()));
      return out;
    }

    synchronized Advertisement get(String prefix) {
      return routes.get(IpPrefix.parse(prefix));
    }

    @Override
    public synchronized String toString() {
      return "routes " + prefixes() + " peers " + peerSet() + " log " + log;
    }

    synchronized List<String> log() {
      return List.copyOf(log);
    }
  }

  static void await(Duration max, Supplier<String> what, BooleanSupplier ok)
      throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (!ok.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + max + ": " + what.get());
      }
      Thread.sleep(20);
    }
  }

  static Set<String> set(String... s) {
    return new TreeSet<>(List.of(s));
  }
}
