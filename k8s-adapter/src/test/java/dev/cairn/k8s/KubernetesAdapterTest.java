package dev.cairn.k8s;

import static dev.cairn.k8s.MockApi.await;
import static dev.cairn.k8s.MockApi.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The adapter against fabric8's mock API server in CRUD mode (real HTTP, real watches). */
class KubernetesAdapterTest {
  static final Duration T = Duration.ofSeconds(20);
  MockApi api;
  final List<KubernetesAdapter> adapters = new java.util.ArrayList<>();

  @BeforeEach
  void up() {
    api = new MockApi();
  }

  @AfterEach
  void down() {
    adapters.forEach(KubernetesAdapter::close);
    api.close();
  }

  MockApi.Recorder adapter(String node, boolean mesh, String reflectors, Duration grace) {
    MockApi.Recorder r = new MockApi.Recorder();
    KubernetesAdapter a =
        new KubernetesAdapter(
            api.adapterClient(), MockApi.config(mesh, reflectors), node, grace, r);
    adapters.add(a);
    a.start();
    return r;
  }

  @Test
  void nodesAndServicesBecomeRoutesInBothFamilies() throws Exception {
    api.client
        .resource(MockApi.node("node-1", "192.0.2.11", "198.51.100.0/26", "2001:db8:1::/64"))
        .create();
    api.client.resource(MockApi.node("node-2", "192.0.2.12", "198.51.100.64/26")).create();
    Service web =
        MockApi.service("web", "203.0.113.10", "2001:db8:ff::10")
            .editSpec()
            .withExternalIPs("203.0.113.20")
            .endSpec()
            .build();
    api.client.resource(MockApi.withLoadBalancer(web, "203.0.113.30")).create();
    MockApi.Recorder r = adapter("node-1", false, null, Duration.ofSeconds(30));
    await(
        T,
        r::toString,
        () ->
            r.prefixes()
                .equals(
                    set(
                        "198.51.100.0/26",
                        "2001:db8:1::/64",
                        "203.0.113.10/32",
                        "2001:db8:ff::10/128",
                        "203.0.113.20/32",
                        "203.0.113.30/32")));
    assertThat(r.get("203.0.113.30/32").kind()).isEqualTo(Advertisement.Kind.LOAD_BALANCER_IP);
    assertThat(r.get("2001:db8:1::/64").kind()).isEqualTo(Advertisement.Kind.POD_CIDR);
    assertThat(r.get("203.0.113.20/32").source()).isEqualTo("service/default/web");

    // the external IP goes away: exactly that route is withdrawn
    api.client
        .services()
        .inNamespace("default")
        .withName("web")
        .edit(s -> new ServiceBuilder(s).editSpec().withExternalIPs(List.of()).endSpec().build());
    await(T, r::toString, () -> !r.prefixes().contains("203.0.113.20/32"));
    assertThat(r.prefixes()).contains("203.0.113.30/32", "203.0.113.10/32");
    // the service is deleted: its addresses go, the pod CIDRs stay
    api.client.services().inNamespace("default").withName("web").delete();
    await(T, r::toString, () -> r.prefixes().equals(set("198.51.100.0/26", "2001:db8:1::/64")));
    // another node's pod CIDR changes nothing here
    assertThat(r.log()).doesNotContain("+198.51.100.64/26");
  }

  @Test
  void localTrafficPolicyFollowsTheReadyEndpoint() throws Exception {
    api.client.resource(MockApi.node("node-1", "192.0.2.11")).create();
    api.client.resource(MockApi.node("node-2", "192.0.2.12")).create();
    Service lb =
        MockApi.withLoadBalancer(
            MockApi.service("lb", "203.0.113.40")
                .editSpec()
                .withExternalTrafficPolicy("Local")
                .endSpec()
                .build(),
            "203.0.113.50");
    api.client.resource(lb).create();
    api.client.resource(MockApi.slice("lb", "lb-a", "node-1", true)).create();
    MockApi.Recorder one = adapter("node-1", false, null, Duration.ofSeconds(30));
    MockApi.Recorder two = adapter("node-2", false, null, Duration.ofSeconds(30));
    await(T, one::toString, () -> one.prefixes().contains("203.0.113.50/32"));
    // the cluster IP is not Local (internalTrafficPolicy): both nodes announce it
    await(T, two::toString, () -> two.prefixes().contains("203.0.113.40/32"));
    assertThat(two.prefixes()).doesNotContain("203.0.113.50/32");

    // the endpoint moves to node 2 (and is not ready at first)
    api.client.resource(MockApi.slice("lb", "lb-a", "node-2", false)).update();
    await(T, one::toString, () -> !one.prefixes().contains("203.0.113.50/32"));
    assertThat(two.prefixes()).doesNotContain("203.0.113.50/32");
    api.client.resource(MockApi.slice("lb", "lb-a", "node-2", true)).update();
    await(T, two::toString, () -> two.prefixes().contains("203.0.113.50/32"));
    assertThat(one.prefixes()).doesNotContain("203.0.113.50/32");
  }

  @Test
  void annotationsAndDrainingNodes() throws Exception {
    api.client.resource(MockApi.node("node-1", "192.0.2.11", "198.51.100.0/26")).create();
    Service s =
        MockApi.service("svc", "203.0.113.60")
            .editMetadata()
            .addToAnnotations(Annotations.COMMUNITIES, "65000:100, 65000:200")
            .addToAnnotations(Annotations.LARGE_COMMUNITIES, "65000:1:2")
            .endMetadata()
            .build();
    api.client.resource(s).create();
    api.client
        .resource(
            MockApi.service("hidden", "203.0.113.61")
                .editMetadata()
                .addToAnnotations(Annotations.ADVERTISE, "false")
                .endMetadata()
                .build())
        .create();
    api.client
        .resource(
            MockApi.service("bad", "203.0.113.62")
                .editMetadata()
                .addToAnnotations(Annotations.COMMUNITIES, "not-a-community")
                .endMetadata()
                .build())
        .create();
    MockApi.Recorder r = adapter("node-1", false, null, Duration.ofMillis(600));
    await(T, r::toString, () -> r.prefixes().contains("203.0.113.62/32"));
    assertThat(r.prefixes()).contains("203.0.113.60/32").doesNotContain("203.0.113.61/32");
    assertThat(r.get("203.0.113.60/32").communities()).containsExactly(0xfde80064, 0xfde800c8);
    assertThat(r.get("203.0.113.60/32").largeCommunities().get(0)).containsExactly(65000, 1, 2);
    assertThat(r.get("203.0.113.62/32").communities()).isEmpty(); // bad value ignored, route kept

    // cordon: everything goes out with GRACEFUL_SHUTDOWN, then is withdrawn after the grace
    api.client.nodes().withName("node-1").edit(n -> cordon(n, true));
    await(
        T,
        r::toString,
        () -> r.get("198.51.100.0/26") != null && r.get("198.51.100.0/26").gracefulShutdown());
    await(T, r::toString, () -> r.prefixes().isEmpty());
    // uncordon: announced again, normally
    api.client.nodes().withName("node-1").edit(n -> cordon(n, false));
    await(T, r::toString, () -> r.prefixes().size() == 3);
    assertThat(r.get("198.51.100.0/26").gracefulShutdown()).isFalse();
  }

  static Node cordon(Node n, boolean on) {
    return new NodeBuilder(n).editSpec().withUnschedulable(on).endSpec().build();
  }

  @Test
  void nodeMeshAndRouteReflectorsFromTheApi() throws Exception {
    api.client.resource(MockApi.node("node-1", "192.0.2.11")).create();
    api.client.resource(MockApi.node("node-2", "192.0.2.12")).create();
    Node three = MockApi.node("node-3", "192.0.2.13");
    three
        .getStatus()
        .getAddresses()
        .add(new io.fabric8.kubernetes.api.model.NodeAddress("2001:db8::13", "InternalIP"));
    api.client.resource(three).create();
    MockApi.Recorder mesh = adapter("node-1", true, null, Duration.ofSeconds(30));
    await(
        T,
        mesh::toString,
        () -> mesh.peerSet().equals(set("192.0.2.12", "192.0.2.13", "2001:db8::13")));
    api.client.nodes().withName("node-3").delete();
    await(T, mesh::toString, () -> mesh.peerSet().equals(set("192.0.2.12")));

    // reflectors by label: node-2 reflects; node-1 peers with it only, node-2 with everyone
    api.client.resource(three).create();
    api.client
        .nodes()
        .withName("node-2")
        .edit(
            n ->
                new NodeBuilder(n)
                    .editMetadata()
                    .addToLabels("cairn.dev/route-reflector", "true")
                    .endMetadata()
                    .build());
    MockApi.Recorder client =
        adapter("node-1", false, "cairn.dev/route-reflector=true", Duration.ofSeconds(30));
    MockApi.Recorder reflector =
        adapter("node-2", false, "cairn.dev/route-reflector=true", Duration.ofSeconds(30));
    await(T, client::toString, () -> client.peerSet().equals(set("192.0.2.12")));
    await(
        T,
        reflector::toString,
        () -> reflector.peerSet().equals(set("192.0.2.11", "192.0.2.13", "2001:db8::13")));
    assertThat(reflector.reflector).isTrue();
    assertThat(client.reflector).isFalse();
  }

  @Test
  void routesStayWhileTheApiIsAwayAndConvergeAfter() throws Exception {
    api.client.resource(MockApi.node("node-1", "192.0.2.11", "198.51.100.0/26")).create();
    api.client.resource(MockApi.service("a", "203.0.113.70").build()).create();
    api.client.resource(MockApi.service("b", "203.0.113.71").build()).create();
    MockApi.Recorder r = adapter("node-1", false, null, Duration.ofSeconds(30));
    await(T, r::toString, () -> r.prefixes().size() == 3);
    int before = r.log().size();
    api.stop();
    Thread.sleep(1500); // the informers notice and retry; nothing may be withdrawn meanwhile
    assertThat(r.log()).hasSize(before);
    assertThat(r.prefixes()).hasSize(3);
    assertThat(adapters.get(0).snapshot().servicesWatching()).isFalse();
    api.restart();
    // once the informers watch again, what changes reaches the routes
    await(
        Duration.ofSeconds(60),
        () -> adapters.get(0).snapshot().toString(),
        () -> {
          KubernetesAdapter.Snapshot s = adapters.get(0).snapshot();
          return s.nodesWatching() && s.servicesWatching() && s.slicesWatching();
        });
    assertThat(r.log()).hasSize(before);
    api.client.services().inNamespace("default").withName("b").delete();
    api.client.resource(MockApi.service("c", "203.0.113.72").build()).create();
    await(
        Duration.ofSeconds(60),
        r::toString,
        () -> r.prefixes().equals(set("198.51.100.0/26", "203.0.113.70/32", "203.0.113.72/32")));
  }
}
