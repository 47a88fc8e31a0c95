package dev.cairn.k8s;

import static dev.cairn.k8s.Objects8s.node;
import static dev.cairn.k8s.Objects8s.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.Community;
import dev.cairn.config.KubernetesConfig;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nodes and services created, changed and deleted in a CRUD mock API server become routes. */
class AdapterRoutesTest {
  static final KubernetesConfig.Advertise ALL = RouteModelTest.ALL;

  MockApi api;
  KubernetesClient kube;
  RecordingListener out;
  KubernetesAdapter adapter;

  @BeforeEach
  void setUp() {
    api = new MockApi();
    kube = api.client();
    out = new RecordingListener();
  }

  @AfterEach
  void tearDown() {
    if (adapter != null) {
      adapter.close();
    }
    kube.close();
    api.close();
  }

  static final KubernetesConfig.AllowedCommunities SHOP_COMMUNITIES =
      new KubernetesConfig.AllowedCommunities(
          List.of(Community.parse("65000:100"), Community.parse("65000:200")), List.of());

  static KubernetesConfig config(
      String node, KubernetesConfig.Advertise adv, KubernetesConfig.AllowedCommunities allowed) {
    return new KubernetesConfig(
        Optional.empty(),
        Optional.of(node),
        adv,
        KubernetesConfig.NodeMesh.DEFAULT.withEnabled(false),
        Optional.empty(),
        allowed);
  }

  void startAdapter(KubernetesConfig.Advertise adv, boolean allNodes) {
    startAdapter(config("node-1", adv, SHOP_COMMUNITIES), allNodes);
  }

  void startAdapter(KubernetesConfig config, boolean allNodes) {
    adapter =
        new KubernetesAdapter(
            config,
            "node-1",
            api.client(),
            out,
            out,
            new KubernetesAdapter.Options(allNodes, Duration.ofSeconds(30), Duration.ZERO));
    adapter.start();
  }

  void expect(Map<String, String> table) {
    Poll.until(() -> out.table().equals(table), () -> "table " + out.table() + " != " + table);
  }

  @Test
  void dualStackNodeAndServiceRoutesFollowCreateChangeDelete() {
    kube.nodes()
        .resource(
            node("node-1", List.of("198.51.100.0/26", "2001:db8:1::/64"), List.of("192.0.2.1")))
        .create();
    kube.nodes()
        .resource(node("node-2", List.of("198.51.100.64/26"), List.of("192.0.2.2")))
        .create();
    startAdapter(ALL, false);
    expect(
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-1",
            "2001:db8:1::/64", "POD_CIDR node-1"));

    kube.services()
        .inNamespace("web")
        .resource(
            service(
                "web",
                "shop",
                List.of("192.0.2.10", "2001:db8:ff::10"),
                List.of("203.0.113.5"),
                List.of("203.0.113.100", "2001:db8:100::1"),
                "Cluster",
                Map.of(ServiceAnnotations.COMMUNITIES, "65000:100,65000:200")))
        .create();
    // the LB ingress lives in status, which a create may drop: set it explicitly
    Service withStatus =
        service(
            "web",
            "shop",
            List.of("192.0.2.10", "2001:db8:ff::10"),
            List.of("203.0.113.5"),
            List.of("203.0.113.100", "2001:db8:100::1"),
            "Cluster",
            Map.of(ServiceAnnotations.COMMUNITIES, "65000:100,65000:200"));
    kube.services().inNamespace("web").resource(withStatus).updateStatus();
    expect(
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-1",
            "2001:db8:1::/64", "POD_CIDR node-1",
            "192.0.2.10/32", "CLUSTER_IP web/shop",
            "2001:db8:ff::10/128", "CLUSTER_IP web/shop",
            "203.0.113.5/32", "EXTERNAL_IP web/shop",
            "203.0.113.100/32", "LOAD_BALANCER_IP web/shop",
            "2001:db8:100::1/128", "LOAD_BALANCER_IP web/shop"));
    Advertisement lb = out.routes().get(IpPrefix.parse("203.0.113.100/32"));
    assertThat(lb.communities()).containsExactly(65000L << 16 | 100, 65000L << 16 | 200);
    assertThat(lb.nextHop()).isEmpty();
    assertThat(lb.gracefulShutdown()).isFalse();

    // change: drop the external IP, restrict kinds by annotation
    kube.services()
        .inNamespace("web")
        .withName("shop")
        .edit(
            s -> {
              s.getSpec().setExternalIPs(List.of());
              s.getMetadata()
                  .setAnnotations(Map.of(ServiceAnnotations.ADDRESS_KINDS, "load-balancer"));
              return s;
            });
    expect(
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-1",
            "2001:db8:1::/64", "POD_CIDR node-1",
            "203.0.113.100/32", "LOAD_BALANCER_IP web/shop",
            "2001:db8:100::1/128", "LOAD_BALANCER_IP web/shop"));
    assertThat(out.routes().get(IpPrefix.parse("203.0.113.100/32")).communities()).isEmpty();

    // opt out entirely
    kube.services()
        .inNamespace("web")
        .withName("shop")
        .edit(
            s -> {
              s.getMetadata().setAnnotations(Map.of(ServiceAnnotations.ADVERTISE, "false"));
              return s;
            });
    expect(
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-1",
            "2001:db8:1::/64", "POD_CIDR node-1"));

    // back in with an invalid annotation, which is ignored (all kinds announced)
    kube.services()
        .inNamespace("web")
        .withName("shop")
        .edit(
            s -> {
              s.getMetadata().setAnnotations(Map.of(ServiceAnnotations.COMMUNITIES, "bogus"));
              return s;
            });
    expect(
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-1",
            "2001:db8:1::/64", "POD_CIDR node-1",
            "192.0.2.10/32", "CLUSTER_IP web/shop",
            "2001:db8:ff::10/128", "CLUSTER_IP web/shop",
            "203.0.113.100/32", "LOAD_BALANCER_IP web/shop",
            "2001:db8:100::1/128", "LOAD_BALANCER_IP web/shop"));

    // node pod CIDR changes (IPv6 removed), service deleted
    kube.nodes()
        .withName("node-1")
        .edit(
            n -> {
              n.getSpec().setPodCIDRs(List.of("198.51.100.0/26"));
              return n;
            });
    kube.services().inNamespace("web").withName("shop").delete();
    expect(Map.of("198.51.100.0/26", "POD_CIDR node-1"));

    assertThat(out.calls()).noneMatch(c -> c.startsWith("!"));
    assertThat(out.threads()).containsExactly("cairn-k8s-node-1");

    // an object change that does not change the desired routes emits nothing
    int calls = out.calls().size();
    long recomputations = adapter.recomputations();
    kube.services()
        .inNamespace("web")
        .resource(
            service(
                "web",
                "quiet",
                List.of("192.0.2.99"),
                List.of(),
                List.of(),
                null,
                Map.of(ServiceAnnotations.ADVERTISE, "false")))
        .create();
    Poll.until(
        () -> adapter.recomputations() > recomputations, () -> "no recomputation after a change");
    assertThat(out.calls()).hasSize(calls);
    assertThat(adapter.routesPerKind()).isEqualTo(Map.of(Kind.POD_CIDR, 1));
    assertThat(adapter.objectsSeen()).isGreaterThan(0);
  }

  @Test
  void headlessServiceAndDisabledKindsAnnounceNothing() {
    kube.nodes().resource(node("node-1", List.of("198.51.100.0/26"), List.of())).create();
    kube.services()
        .inNamespace("web")
        .resource(service("web", "headless", List.of("None"), List.of(), List.of(), null, Map.of()))
        .create();
    kube.services()
        .inNamespace("web")
        .resource(
            service(
                "web",
                "ext",
                List.of("192.0.2.20"),
                List.of("203.0.113.7"),
                List.of(),
                null,
                Map.of()))
        .create();
    // cluster IPs off in the config, pod CIDRs off too
    startAdapter(
        new KubernetesConfig.Advertise(false, false, true, true)
            .withExternalIpRanges(ALL.externalIpRanges()),
        false);
    expect(Map.of("203.0.113.7/32", "EXTERNAL_IP web/ext"));
  }

  @Test
  void everyNodePodCidrViaItsInternalIpInGatewayMode() {
    kube.nodes()
        .resource(node("node-1", List.of("198.51.100.0/26"), List.of("192.0.2.1", "2001:db8::1")))
        .create();
    kube.nodes()
        .resource(
            node(
                "node-2",
                List.of("198.51.100.64/26", "2001:db8:2::/64"),
                List.of("192.0.2.2", "2001:db8::2")))
        .create();
    startAdapter(ALL, true);
    expect(
        Map.of(
            "198.51.100.0/26", "POD_CIDR node-1",
            "198.51.100.64/26", "NODE_POD_CIDR node-2 via 192.0.2.2",
            "2001:db8:2::/64", "NODE_POD_CIDR node-2 via 2001:db8::2"));
    kube.nodes().withName("node-2").delete();
    expect(Map.of("198.51.100.0/26", "POD_CIDR node-1"));
  }

  /**
   * CVE-2020-8554: whoever may create a Service can write any address into {@code spec.externalIPs}
   * and any community into an annotation. With the default configuration none of that reaches the
   * network; with ranges and an allow-list only what they permit does.
   */
  @Test
  void externalIpsAndCommunitiesOnlyAsTheConfigurationAllows() {
    kube.nodes().resource(node("node-1", List.of(), List.of())).create();
    Service hijack =
        service(
            "evil",
            "hijack",
            List.of(),
            List.of("192.0.2.53", "203.0.113.9"),
            List.of("198.51.100.80"),
            null,
            Map.of(ServiceAnnotations.COMMUNITIES, "65535:666,65000:100"));
    kube.services().inNamespace("evil").resource(hijack).create();
    kube.services().inNamespace("evil").resource(hijack).updateStatus();
    // defaults except that external IPs and LB IPs are turned on: no external IP at all, the LB
    // IP without the community
    KubernetesConfig.Advertise on = new KubernetesConfig.Advertise(false, false, true, true);
    startAdapter(config("node-1", on, KubernetesConfig.AllowedCommunities.NONE), false);
    expect(Map.of("198.51.100.80/32", "LOAD_BALANCER_IP evil/hijack"));
    assertThat(out.routes().get(IpPrefix.parse("198.51.100.80/32")).communities()).isEmpty();
    adapter.close();

    out = new RecordingListener();
    KubernetesConfig.Advertise ranged =
        on.withExternalIpRanges(List.of(IpPrefix.parse("203.0.113.0/24")))
            .withLoadBalancerIpRanges(Optional.of(List.of(IpPrefix.parse("203.0.113.0/24"))));
    startAdapter(config("node-1", ranged, SHOP_COMMUNITIES), false);
    expect(Map.of("203.0.113.9/32", "EXTERNAL_IP evil/hijack"));
    assertThat(out.routes().get(IpPrefix.parse("203.0.113.9/32")).communities())
        .containsExactly(65000L << 16 | 100);
  }
}
