package dev.cairn.k8s;

import static dev.cairn.k8s.Objects8s.node;
import static dev.cairn.k8s.Objects8s.service;
import static dev.cairn.k8s.Objects8s.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.Community;
import dev.cairn.config.KubernetesConfig;
import dev.cairn.config.LargeCommunity;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pure object-to-route function, without any server. */
class RouteModelTest {
  /** Every kind on, external IPs allowed in the documentation ranges the tests use. */
  static final KubernetesConfig.Advertise ALL =
      new KubernetesConfig.Advertise(true, true, true, true)
          .withExternalIpRanges(
              List.of(IpPrefix.parse("203.0.113.0/24"), IpPrefix.parse("2001:db8::/32")));

  static final KubernetesConfig.AllowedCommunities ALLOWED =
      new KubernetesConfig.AllowedCommunities(
          List.of(Community.parse("65000:100"), Community.parse("no-export")),
          List.of(new LargeCommunity(65000, 1, 2)));

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
    var m = new RouteModel("n1", ALL, false, ALLOWED).compute(List.of(), List.of(s), List.of());
    assertThat(table(m))
        .isEqualTo(
            Map.of(
                "203.0.113.1/32", "EXTERNAL_IP ns/a",
                "203.0.113.2/32", "LOAD_BALANCER_IP ns/a"));
    Advertisement a = m.get(IpPrefix.parse("203.0.113.2/32"));
    assertThat(a.communities()).containsExactly(65000L << 16 | 100, 0xFFFFFF01L);
    assertThat(a.largeCommunities()).containsExactly(new LargeCommunity(65000, 1, 2));
  }

  static List<String> ignoredOf(RouteModel m, List<Service> services) {
    List<String> out = new java.util.ArrayList<>();
    m.compute(List.of(), services, List.of(), i -> out.add(i.service() + ": " + i.what()));
    return out;
  }

  @Test
  void externalIpsOnlyInsideTheConfiguredRangesAndNoneByDefault() {
    Service s =
        service(
            "ns",
            "a",
            List.of(),
            List.of("203.0.113.1", "198.51.100.1", "2001:db8:e::1", "2001:db9::1"),
            List.of(),
            null,
            Map.of());
    KubernetesConfig.Advertise byDefault =
        new KubernetesConfig.Advertise(false, false, true, false);
    assertThat(new RouteModel("n1", byDefault, false).compute(List.of(), List.of(s), List.of()))
        .isEmpty();
    assertThat(ignoredOf(new RouteModel("n1", byDefault, false), List.of(s)))
        .contains(
            "ns/a: not announcing external IP 203.0.113.1: outside"
                + " kubernetes.advertise.external-ip-ranges");
    var m = new RouteModel("n1", ALL, false).compute(List.of(), List.of(s), List.of());
    assertThat(table(m))
        .isEqualTo(
            Map.of("203.0.113.1/32", "EXTERNAL_IP ns/a", "2001:db8:e::1/128", "EXTERNAL_IP ns/a"));
    assertThat(ignoredOf(new RouteModel("n1", ALL, false), List.of(s)))
        .containsExactly(
            "ns/a: not announcing external IP 198.51.100.1: outside"
                + " kubernetes.advertise.external-ip-ranges",
            "ns/a: not announcing external IP 2001:db9::1: outside"
                + " kubernetes.advertise.external-ip-ranges");
  }

  @Test
  void loadBalancerAndClusterIpsRestrictedOnlyWhenRangesAreSet() {
    Service s =
        service(
            "ns",
            "a",
            List.of("192.0.2.10"),
            List.of(),
            List.of("203.0.113.2", "198.51.100.2"),
            null,
            Map.of());
    // no ranges: a controller assigned the LoadBalancer IPs, the API server the cluster IP
    assertThat(table(new RouteModel("n1", ALL, false).compute(List.of(), List.of(s), List.of())))
        .containsOnlyKeys("192.0.2.10/32", "203.0.113.2/32", "198.51.100.2/32");
    KubernetesConfig.Advertise ranged =
        ALL.withLoadBalancerIpRanges(Optional.of(List.of(IpPrefix.parse("203.0.113.0/24"))))
            .withClusterIpRanges(Optional.of(List.of(IpPrefix.parse("10.96.0.0/12"))));
    RouteModel m = new RouteModel("n1", ranged, false);
    assertThat(table(m.compute(List.of(), List.of(s), List.of())))
        .isEqualTo(Map.of("203.0.113.2/32", "LOAD_BALANCER_IP ns/a"));
    assertThat(ignoredOf(m, List.of(s)))
        .containsExactly(
            "ns/a: not announcing cluster IP 192.0.2.10: outside"
                + " kubernetes.advertise.cluster-ip-ranges",
            "ns/a: not announcing LoadBalancer IP 198.51.100.2: outside"
                + " kubernetes.advertise.load-balancer-ip-ranges");
  }

  @Test
  void annotationsAttachOnlyAllowedCommunities() {
    Service s =
        service(
            "ns",
            "a",
            List.of(),
            List.of(),
            List.of("203.0.113.2"),
            null,
            Map.of(
                ServiceAnnotations.COMMUNITIES, "65000:100,65001:666,blackhole",
                ServiceAnnotations.LARGE_COMMUNITIES, "65000:1:2,65000:9:9"));
    Advertisement none =
        new RouteModel("n1", ALL, false)
            .compute(List.of(), List.of(s), List.of())
            .get(IpPrefix.parse("203.0.113.2/32"));
    assertThat(none.communities()).isEmpty(); // default: no community allowed
    assertThat(none.largeCommunities()).isEmpty();
    RouteModel m = new RouteModel("n1", ALL, false, ALLOWED);
    Advertisement a =
        m.compute(List.of(), List.of(s), List.of()).get(IpPrefix.parse("203.0.113.2/32"));
    assertThat(a.communities()).containsExactly(65000L << 16 | 100);
    assertThat(a.largeCommunities()).containsExactly(new LargeCommunity(65000, 1, 2));
    assertThat(ignoredOf(m, List.of(s)))
        .containsExactly(
            "ns/a: ignoring community 65001:666 from its annotation: not in"
                + " kubernetes.allowed-communities",
            "ns/a: ignoring community blackhole from its annotation: not in"
                + " kubernetes.allowed-communities",
            "ns/a: ignoring large community 65000:9:9 from its annotation: not in"
                + " kubernetes.allowed-communities");
  }

  @Test
  void ignoredRequestsAreLoggedOncePerServiceNotOnEveryRecomputation() {
    java.util.logging.Logger jul = java.util.logging.Logger.getLogger(IgnoredLog.class.getName());
    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler h =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            logged.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(h);
    try {
      Service a = service("ns", "a", List.of(), List.of("198.51.100.1"), List.of(), null, Map.of());
      Service b = service("ns", "b", List.of(), List.of("198.51.100.2"), List.of(), null, Map.of());
      Service c =
          service(
              "ns",
              "c",
              List.of("192.0.2.7"),
              List.of(),
              List.of(),
              null,
              Map.of(ServiceAnnotations.COMMUNITIES, "bogus"));
      RouteModel m = new RouteModel("n1", ALL, false);
      IgnoredLog log = new IgnoredLog();
      for (int round = 0; round < 5; round++) {
        m.compute(List.of(), List.of(a, b, c), List.of(), log::note);
        log.endOfRound();
      }
      assertThat(logged).hasSize(3);
      assertThat(logged.get(2))
          .startsWith("service ns/c: ignoring annotation cairn.dev/communities=\"bogus\"");
      assertThat(logged.subList(0, 2))
          .containsExactly(
              "service ns/a: not announcing external IP 198.51.100.1: outside"
                  + " kubernetes.advertise.external-ip-ranges",
              "service ns/b: not announcing external IP 198.51.100.2: outside"
                  + " kubernetes.advertise.external-ip-ranges");
      // b fixed, then broken again: logged again, a stays quiet
      m.compute(List.of(), List.of(a), List.of(), log::note);
      log.endOfRound();
      m.compute(List.of(), List.of(a, b), List.of(), log::note);
      log.endOfRound();
      assertThat(logged).hasSize(4);
      assertThat(logged.get(3)).startsWith("service ns/b:");
    } finally {
      jul.removeHandler(h);
    }
  }
}
