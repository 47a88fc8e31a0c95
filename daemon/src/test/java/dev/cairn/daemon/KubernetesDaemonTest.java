package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.ConfigLoader;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cairnds in one JVM over loopback with one mock Kubernetes API: two nodes find each other
 * through the API and form an iBGP mesh, each announces its pod CIDR and the LoadBalancer VIP (with
 * the service's community) to a gateway that keeps both VIP paths; when node 1 is cordoned its VIP
 * path goes out with GRACEFUL_SHUTDOWN, leaves the gateway's ECMP set, and is withdrawn.
 */
class KubernetesDaemonTest {
  @TempDir Path dir;

  /**
   * A node. Node 2 also originates prefixes that are not its to announce (node 3's pod CIDR, a
   * default route, a /25 outside every configured range): its mesh peer must refuse them.
   */
  static String node(int n, int port, Path kubeconfig) {
    return """
        router-id: 192.0.2.1%d
        kernel: { enabled: false }
        bgp:
          asn: 65001
          listen: { address: 127.0.0.%d, port: %d }
          redistribute: [kubernetes]
          %s
          neighbors:
            - { address: 127.0.0.3, asn: 65000, local-address: 127.0.0.%d, import: reject-all,
                export: accept-all, timers: { connect-retry: 1s } }
        kubernetes:
          kubeconfig: %s
          node-name: node-%d
          advertise:
            pod-cidrs: true
            load-balancer-ips: true
            load-balancer-ip-ranges: [203.0.113.0/24]
          allowed-communities: ["65000:100"]
          node-mesh: { enabled: true, password: mesh-secret, ttl-security: 1 }
        """
        .formatted(
            n,
            n,
            port,
            n == 2 ? "announce: [198.51.100.128/26, 0.0.0.0/0, 192.0.2.128/25]" : "",
            n,
            kubeconfig,
            n);
  }

  static String gateway(int port) {
    return """
        router-id: 192.0.2.3
        kernel: { enabled: false }
        bgp:
          asn: 65000
          listen: { address: 127.0.0.3, port: %d }
          multipath: { ebgp: 8 }
          neighbors:
            - { address: 127.0.0.1, asn: 65001, local-address: 127.0.0.3, import: accept-all,
                export: reject-all, timers: { connect-retry: 1s } }
            - { address: 127.0.0.2, asn: 65001, local-address: 127.0.0.3, import: accept-all,
                export: reject-all, timers: { connect-retry: 1s } }
        """
        .formatted(port);
  }

  static io.fabric8.kubernetes.api.model.Node nodeObject(int n, String podCidr) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("node-" + n)
        .endMetadata()
        .withNewSpec()
        .withPodCIDR(podCidr)
        .withPodCIDRs(podCidr)
        .endSpec()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress("127.0.0." + n)
        .endAddress()
        .endStatus()
        .build();
  }

  Daemon start(String name, String yaml) throws Exception {
    Path f = dir.resolve(name + ".yaml");
    Files.writeString(f, yaml);
    return Daemon.start(f, ConfigLoader.load(f));
  }

  @Test
  void nodesMeshAnnounceAndDrainThroughTheApi() throws Exception {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters: [{ name: mock, cluster: { server: "%s" } }]
        users: [{ name: test, user: { token: test } }]
        contexts: [{ name: mock, context: { cluster: mock, user: test } }]
        current-context: mock
        """
            .formatted(server.url("/")));
    Daemon a = null;
    Daemon b = null;
    Daemon g = null;
    try (KubernetesClient k = server.createClient()) {
      k.resource(nodeObject(1, "198.51.100.0/26")).create();
      k.resource(nodeObject(2, "198.51.100.64/26")).create();
      k.resource(nodeObject(4, "198.51.100.128/26")).create(); // a node without cairnd
      k.resource(
              new ServiceBuilder()
                  .withNewMetadata()
                  .withName("lb")
                  .withNamespace("default")
                  .addToAnnotations("cairn.dev/communities", "65000:100")
                  .endMetadata()
                  .withNewSpec()
                  .withClusterIP("203.0.113.40")
                  .endSpec()
                  .withNewStatus()
                  .withNewLoadBalancer()
                  .addNewIngress()
                  .withIp("203.0.113.50")
                  .endIngress()
                  .endLoadBalancer()
                  .endStatus()
                  .build())
          .create();
      int port = TwoDaemons.freePort();
      g = start("g", gateway(port));
      a = start("a", node(1, port, kubeconfig));
      b = start("b", node(2, port, kubeconfig));
      Commands ca = Commands.of(a);
      Commands cg = Commands.of(g);
      Daemon fa = a;
      TwoDaemons.await(
          Duration.ofSeconds(60),
          () -> run(ca, "show bgp summary") + run(ca, "show kubernetes"),
          () -> run(ca, "show bgp neighbors 127.0.0.2").contains("BGP state = Established"));
      assertThat(run(ca, "show bgp neighbors 127.0.0.2")).contains("kubernetes node mesh");
      // node 1 learns node 2's pod CIDR over the mesh
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> run(ca, "show ip route"),
          () -> run(ca, "show ip route").contains("198.51.100.64/26 [200/0]"));
      // the gateway: both pod CIDRs, and the VIP through both nodes with the service's community
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> run(cg, "show ip route"),
          () ->
              run(cg, "show ip route")
                      .contains("203.0.113.50/32 [20/0] via 127.0.0.1, via 127.0.0.2")
                  && run(cg, "show ip route").contains("198.51.100.0/26"));
      assertThat(run(cg, "show bgp ipv4 203.0.113.50/32")).contains("communities=[65000:100]");
      // node 2 also sends what is not its to announce: the gateway (import accept-all) takes it,
      // node 1's mesh session with node 2 does not
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> run(cg, "show ip route"),
          () ->
              run(cg, "show ip route").contains("198.51.100.128/26")
                  && run(cg, "show ip route").contains("0.0.0.0/0")
                  && run(cg, "show ip route").contains("192.0.2.128/25"));
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> run(ca, "show bgp neighbors 127.0.0.2"),
          () ->
              run(ca, "show bgp neighbors 127.0.0.2")
                  .contains("Prefixes: 2 accepted")); // its pod CIDR and the VIP
      assertThat(run(ca, "show bgp neighbors 127.0.0.2"))
          .contains("Import policy kubernetes-node-mesh");
      assertThat(run(ca, "show ip route"))
          .doesNotContain("198.51.100.128/26")
          .doesNotContain("0.0.0.0/0")
          .doesNotContain("192.0.2.128/25");
      // metrics: the adapter's routes per kind and its watches
      try (Metrics m =
          Metrics.start(
              a, new dev.cairn.config.Endpoint(dev.cairn.net.IpAddress.parse("127.0.0.1"), 0))) {
        String url = "http://127.0.0.1:" + m.address().getPort() + "/metrics";
        // the adapter reports its watches as connected once they are (it polls them)
        TwoDaemons.await(
            Duration.ofSeconds(20),
            () -> scrape(url),
            () -> scrape(url).contains("cairn_kubernetes_connected 1.0"));
        assertThat(scrape(url))
            .contains("cairn_kubernetes_routes{kind=\"load-balancer-ip\"} 1.0")
            .contains("cairn_kubernetes_routes{kind=\"pod-cidr\"} 1.0");
      }
      String kj = run(ca, "show kubernetes json");
      assertThat(JsonSchemas.check("kubernetes", kj)).as(kj).isEmpty();
      assertThat(kj).contains("\"prefix\":\"203.0.113.50/32\",\"kind\":\"load-balancer-ip\"");

      // cordon node 1: its VIP path carries GRACEFUL_SHUTDOWN and leaves the ECMP set at once
      k.nodes()
          .withName("node-1")
          .edit(n -> new NodeBuilder(n).editSpec().withUnschedulable(true).endSpec().build());
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> run(cg, "show ip route 203.0.113.50/32"),
          () ->
              run(cg, "show ip route 203.0.113.50/32").contains("[20/0] via 127.0.0.2")
                  && !run(cg, "show ip route 203.0.113.50/32").contains("127.0.0.1"));
      assertThat(run(cg, "show bgp ipv4 203.0.113.50/32"))
          .contains("graceful-shutdown")
          .contains("from 127.0.0.1");
      // and after the grace period node 1 withdraws its own route (what it still knows of the VIP
      // is node 2's, over the mesh)
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> run(ca, "show ip route 203.0.113.50/32"),
          () -> !run(ca, "show ip route 203.0.113.50/32").contains("K>"));
      assertThat(fa.kubernetes.snapshot().get().draining()).isTrue();
      assertThat(fa.kubernetes.snapshot().get().routes()).isEmpty();
      // (node 2's path over the mesh: polled, since a route refresh on the mesh session, when the
      // adapter updates its import, may have it in flight)
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> run(ca, "show ip route 203.0.113.50/32"),
          () -> run(ca, "show ip route 203.0.113.50/32").contains("B>* 203.0.113.50/32 [200/0]"));
    } finally {
      for (Daemon d : new Daemon[] {a, b, g}) {
        if (d != null) {
          if (d.kubernetes != null) {
            d.kubernetes.close();
            d.kubernetes = null;
          }
          d.stop();
        }
      }
      server.destroy();
    }
  }

  static String scrape(String url) {
    try (var in = new java.net.URL(url).openStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  static String run(Commands c, String line) {
    try {
      return c.tree().execute(line);
    } catch (Exception e) {
      return e.toString();
    }
  }
}
