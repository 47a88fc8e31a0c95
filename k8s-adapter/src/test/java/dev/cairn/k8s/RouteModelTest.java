package dev.cairn.k8s;

import static dev.cairn.k8s.Objects8s.node;
import static dev.cairn.k8s.Objects8s.service;
import static dev.cairn.k8s.Objects8s.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.KubernetesConfig;
import dev.cairn.config.LargeCommunity;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pure object-to-route function, without any server. */
class RouteModelTest {
  static final KubernetesConfig.Advertise ALL =
      new KubernetesConfig.Advertise(true, true, true, true);

  static Map<String, String> table(Map<IpPrefix, Advertisement> m) {
    Map<String, String> out = new TreeMap<>();
    m.forEach((p, a) -> out.put(p.toString(), a.kind() + " " + a.source()));
    return out;
  }

  @Test
  void dualStackServiceAllKinds() {
    Service s =
        service(
            "ns",
            "a",
            List.of("192.0.2.10", "2001:db8::10"),
            List.of("203.0.113.1", "2001:db8:e::1"),
            List.of("203.0.113.2"),
            "Cluster",
            Map.of());
    var m = new RouteModel("n1", ALL, false).compute(List.of(), List.of(s), List.of());
    assertThat(table(m))
        .isEqualTo(
            Map.of(
                "192.0.2.10/32", "CLUSTER_IP ns/a",
                "2001:db8::10/128", "CLUSTER_IP ns/a",
                "203.0.113.1/32", "EXTERNAL_IP ns/a",
                "2001:db8:e::1/128", "EXTERNAL_IP ns/a",
                "203.0.113.2/32", "LOAD_BALANCER_IP ns/a"));
  }

  @Test
  void localPolicyNeedsAReadyEndpointOnThisNode() {
    Service s =
        service(
            "ns", "a", List.of("192.0.2.10"), List.of("203.0.113.1"), List.of(), "Local", Map.of());
    RouteModel m = new RouteModel("n1", ALL, false);
    List<Service> svcs = List.of(s);
    assertThat(table(m.compute(List.of(), svcs, List.of())))
        .isEqualTo(Map.of("192.0.2.10/32", "CLUSTER_IP ns/a"));
    List<EndpointSlice> other = List.of(slice("ns", "a-1", "a", "n2", true));
    assertThat(table(m.compute(List.of(), svcs, other))).doesNotContainKey("203.0.113.1/32");
    List<EndpointSlice> wrongService = List.of(slice("ns", "b-1", "b", "n1", true));
    assertThat(table(m.compute(List.of(), svcs, wrongService))).doesNotContainKey("203.0.113.1/32");
    List<EndpointSlice> wrongNs = List.of(slice("other", "a-1", "a", "n1", true));
    assertThat(table(m.compute(List.of(), svcs, wrongNs))).doesNotContainKey("203.0.113.1/32");
    List<EndpointSlice> unready = List.of(slice("ns", "a-1", "a", "n1", false));
    assertThat(table(m.compute(List.of(), svcs, unready))).doesNotContainKey("203.0.113.1/32");
    // ready unknown (null) counts as ready, as Kubernetes says consumers should
    List<EndpointSlice> unknown = List.of(slice("ns", "a-1", "a", "n1", null));
    assertThat(table(m.compute(List.of(), svcs, unknown))).containsKey("203.0.113.1/32");
    List<EndpointSlice> mine = List.of(slice("ns", "a-1", "a", "n1", true));
    assertThat(table(m.compute(List.of(), svcs, mine))).containsKey("203.0.113.1/32");
  }

  @Test
  void sharedAddressGoesToTheFirstSourceAndBadAddressesAreSkipped() {
    Service b =
        service("ns", "b", List.of("not-an-ip"), List.of(), List.of("203.0.113.9"), null, Map.of());
    Service a = service("ns", "a", List.of(), List.of(), List.of("203.0.113.9"), null, Map.of());
    var m = new RouteModel("n1", ALL, false).compute(List.of(), List.of(b, a), List.of());
    assertThat(table(m)).isEqualTo(Map.of("203.0.113.9/32", "LOAD_BALANCER_IP ns/a"));
  }

  @Test
  void podCidrsOfThisNodeAndOptionallyOthersViaInternalIp() {
    Node n1 = node("n1", List.of("198.51.100.0/26", "2001:db8:1::/64"), List.of("192.0.2.1"));
    Node n2 = node("n2", List.of("198.51.100.64/26", "2001:db8:2::/64"), List.of("192.0.2.2"));
    Node bad = node("n3", List.of("garbage"), List.of("192.0.2.3"));
    assertThat(
            table(
                new RouteModel("n1", ALL, false)
                    .compute(List.of(n1, n2, bad), List.of(), List.of())))
        .isEqualTo(Map.of("198.51.100.0/26", "POD_CIDR n1", "2001:db8:1::/64", "POD_CIDR n1"));
    var all = new RouteModel("n1", ALL, true).compute(List.of(n1, n2, bad), List.of(), List.of());
    // n2's IPv6 pod CIDR has no IPv6 InternalIP to go via, so it is left out
    assertThat(table(all))
        .isEqualTo(
            Map.of(
                "198.51.100.0/26", "POD_CIDR n1",
                "2001:db8:1::/64", "POD_CIDR n1",
                "198.51.100.64/26", "NODE_POD_CIDR n2"));
    assertThat(all.get(IpPrefix.parse("198.51.100.64/26")).nextHop())
        .contains(IpAddress.parse("192.0.2.2"));
    var off =
        new RouteModel("n1", new KubernetesConfig.Advertise(false, true, true, true), true)
            .compute(List.of(n1, n2), List.of(), List.of());
    assertThat(off).isEmpty();
  }

  @Test
  void annotationsCarryCommunitiesAndSelectKinds() {
    Service s =
        service(
            "ns",
            "a",
            List.of("192.0.2.10"),
            List.of("203.0.113.1"),
            List.of("203.0.113.2"),
            null,
            Map.of(
                ServiceAnnotations.COMMUNITIES, "65000:100, no-export",
                ServiceAnnotations.LARGE_COMMUNITIES, "65000:1:2",
                ServiceAnnotations.ADDRESS_KINDS, "external-ip,load-balancer"));
    var m = new RouteModel("n1", ALL, false).compute(List.of(), List.of(s), List.of());
    assertThat(table(m))
        .isEqualTo(
            Map.of(
                "203.0.113.1/32", "EXTERNAL_IP ns/a",
                "203.0.113.2/32", "LOAD_BALANCER_IP ns/a"));
    Advertisement a = m.get(IpPrefix.parse("203.0.113.2/32"));
    assertThat(a.communities()).containsExactly(65000L << 16 | 100, 0xFFFFFF01L);
    assertThat(a.largeCommunities()).containsExactly(new LargeCommunity(65000, 1, 2));
  }
}
