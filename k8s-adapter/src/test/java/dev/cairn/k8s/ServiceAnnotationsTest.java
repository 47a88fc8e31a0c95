package dev.cairn.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Annotation parsing: valid values apply, each invalid one is ignored alone, nothing throws. */
class ServiceAnnotationsTest {
  @Test
  void defaultsWithoutAnnotations() {
    ServiceAnnotations a = ServiceAnnotations.parse(null, "ns/x");
    assertThat(a.advertise()).isTrue();
    assertThat(a.communities()).isEmpty();
    assertThat(a.largeCommunities()).isEmpty();
    assertThat(a.kinds())
        .isEqualTo(EnumSet.of(Kind.CLUSTER_IP, Kind.EXTERNAL_IP, Kind.LOAD_BALANCER_IP));
  }

  @Test
  void invalidValuesAreIgnoredIndividually() {
    Map<String, String> m = new HashMap<>();
    m.put(ServiceAnnotations.ADVERTISE, "maybe");
    m.put(ServiceAnnotations.COMMUNITIES, "65000:100,70000:1");
    m.put(ServiceAnnotations.LARGE_COMMUNITIES, "1:2:3");
    m.put(ServiceAnnotations.ADDRESS_KINDS, "cluster-ip,pod");
    ServiceAnnotations a = ServiceAnnotations.parse(m, "ns/x");
    assertThat(a.advertise()).isTrue();
    assertThat(a.communities()).isEmpty();
    assertThat(a.largeCommunities()).hasSize(1);
    assertThat(a.kinds()).hasSize(3);
    for (String bad : List.of("", ",", "1:2", "a:b:c", "1:2:3:4", "4294967296:1:1")) {
      assertThat(
              ServiceAnnotations.parse(Map.of(ServiceAnnotations.LARGE_COMMUNITIES, bad), "ns/x")
                  .largeCommunities())
          .as(bad)
          .isEmpty();
    }
  }

  @Test
  void optOutAndKinds() {
    assertThat(
            ServiceAnnotations.parse(Map.of(ServiceAnnotations.ADVERTISE, " False "), "ns/x")
                .advertise())
        .isFalse();
    assertThat(
            ServiceAnnotations.parse(Map.of(ServiceAnnotations.ADDRESS_KINDS, "cluster-ip"), "ns/x")
                .kinds())
        .containsExactly(Kind.CLUSTER_IP);
  }
}
