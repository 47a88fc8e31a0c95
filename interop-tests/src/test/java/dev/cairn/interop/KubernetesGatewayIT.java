package dev.cairn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.interop.lab.Lab;
import dev.cairn.interop.lab.Tools;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 7's gateway end to end in network namespaces: two cairnd "nodes" read one (mock) Kubernetes
 * API server, reached over a bridge, and announce their pod CIDRs and a LoadBalancer VIP over eBGP
 * to a cairnd gateway whose kernel then holds the pod routes and one ECMP route to the VIP.
 * Cordoning node 1 moves the VIP to node 2 alone in the gateway's kernel (GRACEFUL_SHUTDOWN, RFC
 * 8326) before node 1 withdraws.
 */
@Tag("integration")
class KubernetesGatewayIT {

  static String node(int n, String me, String gw, Path kubeconfig) {
    return """
        router-id: %s
        kernel: { enabled: false }
        bgp:
          asn: 6501%d
          redistribute: [kubernetes]
          neighbors:
            - { address: %s, asn: 65000, import: reject-all, export: accept-all,
                timers: { connect-retry: 1s } }
        kubernetes:
          kubeconfig: %s
          node-name: node-%d
          advertise: { pod-cidrs: true, load-balancer-ips: true }
          node-mesh: false
        """
        .formatted(me, n, gw, kubeconfig, n);
  }

  static final String GATEWAY =
      """
      router-id: 192.0.2.1
      kernel: { export: [bgp] }
      bgp:
        asn: 65000
        multipath: { ebgp: 8, as-path-relax: true }
        neighbors:
          - { address: 192.0.2.2, asn: 65011, import: accept-all, export: reject-all, timers: { connect-retry: 1s } }
          - { address: 192.0.2.6, asn: 65012, import: accept-all, export: reject-all, timers: { connect-retry: 1s } }
      """;

  static String route(Lab lab, String ns, String prefix) {
    return lab.execSafe(ns, "ip", "route", "show", prefix);
  }

  @Test
  void nodesAnnounceThroughTheApiAndDrainMovesTheVip() throws Exception {
    Tools.requireRoot();
    try (Lab lab = new Lab();
        KubernetesApiLab api = new KubernetesApiLab(lab)) {
      String g = lab.namespace("g");
      String n1 = lab.namespace("n1");
      String n2 = lab.namespace("n2");
      lab.link(g, "192.0.2.1/30", n1, "192.0.2.2/30");
      lab.link(g, "192.0.2.5/30", n2, "192.0.2.6/30");
      api.attach(n1, "198.51.100.1/24");
      api.attach(n2, "198.51.100.2/24");
      Path kubeconfig = api.kubeconfig();
      try (KubernetesClient k = api.client()) {
        k.resource(KubernetesApiLab.node(1, new String[] {"203.0.113.0/26"}, "198.51.100.1"))
            .create();
        k.resource(KubernetesApiLab.node(2, new String[] {"203.0.113.64/26"}, "198.51.100.2"))
            .create();
        k.resource(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("web")
                    .withNamespace("default")
                    .endMetadata()
                    .withNewSpec()
                    .withClusterIP("203.0.113.150")
                    .endSpec()
                    .withNewStatus()
                    .withNewLoadBalancer()
                    .addNewIngress()
                    .withIp("203.0.113.200")
                    .endIngress()
                    .endLoadBalancer()
                    .endStatus()
                    .build())
            .create();
        Path glog = lab.cairnd(g, GATEWAY);
        Path l1 = lab.cairnd(n1, node(1, "192.0.2.2", "192.0.2.1", kubeconfig));
        lab.cairnd(n2, node(2, "192.0.2.6", "192.0.2.5", kubeconfig));
        Lab.await(
            Duration.ofSeconds(90),
            () -> Lab.read(glog) + Lab.read(l1) + route(lab, g, "203.0.113.200"),
            () ->
                route(lab, g, "203.0.113.200").contains("nexthop via 192.0.2.2")
                    && route(lab, g, "203.0.113.200").contains("nexthop via 192.0.2.6"));
        assertThat(route(lab, g, "203.0.113.0/26")).contains("via 192.0.2.2");
        assertThat(route(lab, g, "203.0.113.64/26")).contains("via 192.0.2.6");
        assertThat(lab.cairn(n1, "show", "kubernetes")).contains("203.0.113.200/32");

        // cordon node 1: the VIP leaves it in the gateway's kernel at once (GRACEFUL_SHUTDOWN
        // makes its path the least preferred), while node 1 still announces it ...
        k.nodes()
            .withName("node-1")
            .edit(x -> new NodeBuilder(x).editSpec().withUnschedulable(true).endSpec().build());
        Lab.await(
            Duration.ofSeconds(30),
            () -> route(lab, g, "203.0.113.200"),
            () ->
                route(lab, g, "203.0.113.200").contains("via 192.0.2.6")
                    && !route(lab, g, "203.0.113.200").contains("192.0.2.2"));
        assertThat(lab.cairn(g, "show", "bgp", "ipv4", "203.0.113.200/32"))
            .contains("from 192.0.2.2")
            .contains("graceful-shutdown");
        // ... and withdraws after the grace period
        Lab.await(
            Duration.ofSeconds(30),
            () -> lab.cairnSafe(g, "show", "bgp", "ipv4", "203.0.113.200/32"),
            () ->
                !lab.cairnSafe(g, "show", "bgp", "ipv4", "203.0.113.200/32")
                    .contains("from 192.0.2.2"));
        assertThat(route(lab, g, "203.0.113.0/26")).isBlank();
        assertThat(route(lab, g, "203.0.113.64/26")).contains("via 192.0.2.6");
      }
    }
  }
}
