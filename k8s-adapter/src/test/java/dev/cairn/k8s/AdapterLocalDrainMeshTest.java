package dev.cairn.k8s;

import static dev.cairn.k8s.Objects8s.node;
import static dev.cairn.k8s.Objects8s.service;
import static dev.cairn.k8s.Objects8s.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.KubernetesConfig;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Local traffic policy, node drain and node mesh against one CRUD mock API server. */
class AdapterLocalDrainMeshTest {
  static final KubernetesConfig.Advertise ALL =
      new KubernetesConfig.Advertise(true, true, true, true);

  MockApi api;
  KubernetesClient kube;
  final List<KubernetesAdapter> adapters = new ArrayList<>();

  @BeforeEach
  void setUp() {
    api = new MockApi();
    kube = api.client();
  }

  @AfterEach
  void tearDown() {
    adapters.forEach(KubernetesAdapter::close);
    kube.close();
    api.close();
  }

  RecordingListener start(String node, boolean mesh, Optional<String> rr, Duration grace) {
    RecordingListener out = new RecordingListener();
    KubernetesAdapter a =
        new KubernetesAdapter(
            new KubernetesConfig(Optional.empty(), Optional.of(node), ALL, mesh, rr),
            node,
            api.client(),
            out,
            out,
            new KubernetesAdapter.Options(false, grace, Duration.ZERO));
    adapters.add(a);
    a.start();
    return out;
  }

  static void expect(RecordingListener out, Map<String, String> table) {
    Poll.until(() -> out.table().equals(table), () -> "table " + out.table() + " != " + table);
  }

  void createLocalService() {
    var svc =
        service(
            "web",
            "vip",
            List.of("192.0.2.30"),
            List.of(),
            List.of("203.0.113.50", "2001:db8:50::1"),
            "Local",
            Map.of());
    kube.services().inNamespace("web").resource(svc).create();
    kube.services().inNamespace("web").resource(svc).updateStatus();
  }

  @Test
  void localServiceVipFollowsTheReadyEndpoint() {
    kube.nodes().resource(node("node-a", List.of("198.51.100.0/26"), List.of())).create();
    kube.nodes().resource(node("node-b", List.of("198.51.100.64/26"), List.of())).create();
    createLocalService();
    kube.discovery()
        .v1()
        .endpointSlices()
        .inNamespace("web")
        .resource(slice("web", "vip-1", "vip", "node-a", true))
        .create();
    RecordingListener a = start("node-a", false, Optional.empty(), Duration.ofSeconds(30));
    RecordingListener b = start("node-b", false, Optional.empty(), Duration.ofSeconds(30));
    // externalTrafficPolicy Local: LB IPs only where the endpoint is; cluster IP everywhere
    expect(
        a,
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-a",
            "192.0.2.30/32", "CLUSTER_IP web/vip",
            "203.0.113.50/32", "LOAD_BALANCER_IP web/vip",
            "2001:db8:50::1/128", "LOAD_BALANCER_IP web/vip"));
    expect(
        b,
        Map.of(
            "198.51.100.64/26", "POD_CIDR node-b",
            "192.0.2.30/32", "CLUSTER_IP web/vip"));

    // the endpoint moves to node-b
    kube.discovery()
        .v1()
        .endpointSlices()
        .inNamespace("web")
        .withName("vip-1")
        .edit(
            es -> {
              es.getEndpoints().get(0).setNodeName("node-b");
              return es;
            });
    expect(
        a,
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-a",
            "192.0.2.30/32", "CLUSTER_IP web/vip"));
    expect(
        b,
        Map.of(
            "198.51.100.64/26", "POD_CIDR node-b",
            "192.0.2.30/32", "CLUSTER_IP web/vip",
            "203.0.113.50/32", "LOAD_BALANCER_IP web/vip",
            "2001:db8:50::1/128", "LOAD_BALANCER_IP web/vip"));

    // not ready: nobody announces the VIP; internalTrafficPolicy Local hides the cluster IP too
    kube.discovery()
        .v1()
        .endpointSlices()
        .inNamespace("web")
        .withName("vip-1")
        .edit(
            es -> {
              es.getEndpoints().get(0).getConditions().setReady(false);
              return es;
            });
    kube.services()
        .inNamespace("web")
        .withName("vip")
        .edit(
            s -> {
              s.getSpec().setInternalTrafficPolicy("Local");
              return s;
            });
    expect(a, Map.of("198.51.100.0/26", "POD_CIDR node-a"));
    expect(b, Map.of("198.51.100.64/26", "POD_CIDR node-b"));

    // ready again on node-b: cluster IP and VIP come back there only
    kube.discovery()
        .v1()
        .endpointSlices()
        .inNamespace("web")
        .withName("vip-1")
        .edit(
            es -> {
              es.getEndpoints().get(0).getConditions().setReady(true);
              return es;
            });
    expect(
        b,
        Map.of(
            "198.51.100.64/26", "POD_CIDR node-b",
            "192.0.2.30/32", "CLUSTER_IP web/vip",
            "203.0.113.50/32", "LOAD_BALANCER_IP web/vip",
            "2001:db8:50::1/128", "LOAD_BALANCER_IP web/vip"));
    expect(a, Map.of("198.51.100.0/26", "POD_CIDR node-a"));

    // slice deleted: gone from node-b too
    kube.discovery().v1().endpointSlices().inNamespace("web").withName("vip-1").delete();
    expect(b, Map.of("198.51.100.64/26", "POD_CIDR node-b"));
    assertThat(a.calls()).noneMatch(c -> c.startsWith("!"));
    assertThat(b.calls()).noneMatch(c -> c.startsWith("!"));
  }

  @Test
  void cordonSetsGracefulShutdownThenWithdrawsAndUncordonRestores() {
    kube.nodes().resource(node("node-a", List.of("198.51.100.0/26"), List.of())).create();
    createLocalService();
    kube.discovery()
        .v1()
        .endpointSlices()
        .inNamespace("web")
        .resource(slice("web", "vip-1", "vip", "node-a", null))
        .create();
    RecordingListener a = start("node-a", false, Optional.empty(), Duration.ofMillis(1500));
    Map<String, String> normal =
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-a",
            "192.0.2.30/32", "CLUSTER_IP web/vip",
            "203.0.113.50/32", "LOAD_BALANCER_IP web/vip",
            "2001:db8:50::1/128", "LOAD_BALANCER_IP web/vip");
    expect(a, normal);

    // cordon, then uncordon before the grace period ends
    setUnschedulable("node-a", true);
    Map<String, String> gs = new java.util.TreeMap<>();
    normal.forEach((k, v) -> gs.put(k, v + " gs"));
    expect(a, gs);
    setUnschedulable("node-a", false);
    expect(a, normal);

    // cordon and wait: first graceful shutdown, then everything withdrawn
    long t0 = System.nanoTime();
    setUnschedulable("node-a", true);
    expect(a, gs);
    expect(a, Map.of());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(ms).as("withdrawn only after the grace period").isGreaterThanOrEqualTo(1400);
    assertThat(a.calls()).noneMatch(c -> c.startsWith("!"));
  }

  @Test
  void gracefulStopAnnouncesShutdownThenWithdraws() throws Exception {
    kube.nodes()
        .resource(node("node-a", List.of("198.51.100.0/26", "2001:db8:a::/64"), List.of()))
        .create();
    RecordingListener a = start("node-a", false, Optional.empty(), Duration.ofMillis(300));
    expect(a, Map.of("198.51.100.0/26", "POD_CIDR node-a", "2001:db8:a::/64", "POD_CIDR node-a"));
    adapters.get(0).stopGracefully().get(10, TimeUnit.SECONDS);
    assertThat(a.table()).isEmpty();
    assertThat(a.calls())
        .containsSubsequence(
            "+198.51.100.0/26 gs", "+2001:db8:a::/64 gs", "-198.51.100.0/26", "-2001:db8:a::/64");
    assertThat(adapters.get(0).connectionState())
        .isEqualTo(KubernetesAdapter.ConnectionState.STOPPED);
  }

  void setUnschedulable(String node, boolean on) {
    kube.nodes()
        .withName(node)
        .edit(
            n -> {
              n.getSpec().setUnschedulable(on);
              return n;
            });
  }

  static Set<IpAddress> ips(String... s) {
    Set<IpAddress> out = new java.util.HashSet<>();
    for (String x : s) {
      out.add(IpAddress.parse(x));
    }
    return out;
  }

  @Test
  void nodeMeshFollowsNodesAndReflectorLabels() {
    kube.nodes()
        .resource(node("n1", List.of("198.51.100.0/26"), List.of("192.0.2.1", "2001:db8::1")))
        .create();
    kube.nodes()
        .resource(node("n2", List.of("198.51.100.64/26"), List.of("192.0.2.2", "2001:db8::2")))
        .create();
    RecordingListener full = start("n1", true, Optional.empty(), Duration.ofSeconds(30));
    RecordingListener client =
        start(
            "n1",
            true,
            Optional.of(KubernetesConfig.DEFAULT_REFLECTOR_SELECTOR),
            Duration.ofSeconds(30));
    RecordingListener reflector =
        start(
            "n2",
            true,
            Optional.of(KubernetesConfig.DEFAULT_REFLECTOR_SELECTOR),
            Duration.ofSeconds(30));
    Poll.until(
        () -> ips("192.0.2.2", "2001:db8::2").equals(full.peers()), () -> "full " + full.peers());
    // no reflector labelled yet: the full mesh stays
    Poll.until(
        () -> ips("192.0.2.2", "2001:db8::2").equals(client.peers()),
        () -> "client " + client.peers());

    kube.nodes()
        .resource(node("n3", List.of("198.51.100.128/26"), List.of("192.0.2.3", "2001:db8::3")))
        .create();
    Poll.until(
        () -> ips("192.0.2.2", "2001:db8::2", "192.0.2.3", "2001:db8::3").equals(full.peers()),
        () -> "full " + full.peers());
    // in the full mesh each node may announce its own pod CIDR only
    Poll.until(
        () -> full.imports().size() == 4,
        () -> "imports " + full.imports()); // (peers and imports come in one call)
    MeshImport fromN2 = full.imports().get(IpAddress.parse("192.0.2.2"));
    assertThat(fromN2.accepts(IpPrefix.parse("198.51.100.64/26"))).isTrue();
    assertThat(fromN2.accepts(IpPrefix.parse("198.51.100.128/26"))).isFalse();
    assertThat(fromN2.accepts(IpPrefix.parse("198.51.100.0/26"))).isFalse();
    assertThat(fromN2.accepts(IpPrefix.parse("0.0.0.0/0"))).isFalse();
    assertThat(full.imports().get(IpAddress.parse("2001:db8::3")).podCidrs())
        .containsExactly(IpPrefix.parse("198.51.100.128/26"));

    // n2 becomes the reflector: n1 peers with n2 only, n2 with everyone
    kube.nodes()
        .withName("n2")
        .edit(
            n -> {
              n.getMetadata()
                  .setLabels(
                      Map.of("node-restriction.kubernetes.io/cairn-route-reflector", "true"));
              return n;
            });
    Poll.until(
        () -> ips("192.0.2.2", "2001:db8::2").equals(client.peers()),
        () -> "client " + client.peers());
    Poll.until(
        () -> ips("192.0.2.1", "2001:db8::1", "192.0.2.3", "2001:db8::3").equals(reflector.peers()),
        () -> "reflector " + reflector.peers());
    // the reflector passes the other nodes' pod CIDRs on: its clients accept those from it
    MeshImport fromReflector = client.imports().get(IpAddress.parse("192.0.2.2"));
    assertThat(fromReflector.accepts(IpPrefix.parse("198.51.100.128/26"))).isTrue();
    assertThat(fromReflector.accepts(IpPrefix.parse("198.51.100.64/26"))).isTrue();
    assertThat(fromReflector.accepts(IpPrefix.parse("198.51.100.0/26"))).isFalse(); // n1's own
    assertThat(fromReflector.accepts(IpPrefix.parse("192.0.2.0/24"))).isFalse();
    // a client may still announce only its own to the reflector
    assertThat(reflector.imports().get(IpAddress.parse("192.0.2.3")).podCidrs())
        .containsExactly(IpPrefix.parse("198.51.100.128/26"));

    // n3 leaves
    kube.nodes().withName("n3").delete();
    Poll.until(
        () -> ips("192.0.2.2", "2001:db8::2").equals(full.peers()), () -> "full " + full.peers());
    Poll.until(
        () -> ips("192.0.2.1", "2001:db8::1").equals(reflector.peers()),
        () -> "reflector " + reflector.peers());

    // n3 comes back unlabelled: n1 (a client) does not peer with it, the reflector does
    kube.nodes().resource(node("n3", List.of(), List.of("192.0.2.3", "2001:db8::3"))).create();
    Poll.until(
        () -> ips("192.0.2.1", "2001:db8::1", "192.0.2.3", "2001:db8::3").equals(reflector.peers()),
        () -> "reflector " + reflector.peers());
    assertThat(client.peers()).isEqualTo(ips("192.0.2.2", "2001:db8::2"));

    // label removed: no reflector left, back to the full mesh
    kube.nodes()
        .withName("n2")
        .edit(
            n -> {
              n.getMetadata().setLabels(Map.of());
              return n;
            });
    Poll.until(
        () -> ips("192.0.2.2", "2001:db8::2", "192.0.2.3", "2001:db8::3").equals(client.peers()),
        () -> "client " + client.peers());
  }
}
