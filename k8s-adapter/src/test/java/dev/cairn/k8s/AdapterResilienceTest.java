package dev.cairn.k8s;

import static dev.cairn.k8s.Objects8s.node;
import static dev.cairn.k8s.Objects8s.service;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.KubernetesConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** API server outages and expired watches: routes stay, then converge to the new truth. */
class AdapterResilienceTest {
  static final KubernetesConfig.Advertise ALL =
      new KubernetesConfig.Advertise(true, true, true, true);

  MockApi api;
  KubernetesClient kube;
  RecordingListener out = new RecordingListener();
  KubernetesAdapter adapter;

  static final Map<String, String> BEFORE =
      Map.of(
          "198.51.100.0/26", "POD_CIDR node-1",
          "2001:db8:1::/64", "POD_CIDR node-1",
          "192.0.2.10/32", "CLUSTER_IP web/old",
          "2001:db8:ff::10/128", "CLUSTER_IP web/old");

  @BeforeEach
  void setUp() {
    api = new MockApi();
    kube = api.client();
    kube.nodes()
        .resource(node("node-1", List.of("198.51.100.0/26", "2001:db8:1::/64"), List.of()))
        .create();
    kube.services()
        .inNamespace("web")
        .resource(
            service(
                "web",
                "old",
                List.of("192.0.2.10", "2001:db8:ff::10"),
                List.of(),
                List.of(),
                null,
                Map.of()))
        .create();
    adapter =
        new KubernetesAdapter(
            new KubernetesConfig(
                Optional.empty(), Optional.of("node-1"), ALL, false, Optional.empty()),
            "node-1",
            api.client(),
            out,
            out,
            new KubernetesAdapter.Options(false, Duration.ofSeconds(30), Duration.ZERO));
    adapter.start();
    Poll.until(() -> out.table().equals(BEFORE), () -> "table " + out.table());
    Poll.until(
        () -> adapter.connectionState() == KubernetesAdapter.ConnectionState.CONNECTED,
        () -> "state " + adapter.connectionState());
  }

  @AfterEach
  void tearDown() {
    adapter.close();
    kube.close();
    api.close();
  }

  /** Stops the server and checks that the outage is noticed and nothing is withdrawn. */
  void outage() throws InterruptedException {
    int callsBefore = out.calls().size();
    api.stop();
    Poll.until(
        () -> adapter.connectionState() == KubernetesAdapter.ConnectionState.DISCONNECTED,
        () -> "state " + adapter.connectionState());
    // an invariant over a window (not a wait for state): while the server is down and the
    // informers retry, no route changes
    Poll.holdsFor(
        Duration.ofSeconds(2), () -> out.table().equals(BEFORE), () -> "table " + out.table());
    assertThat(out.table()).isEqualTo(BEFORE);
    assertThat(out.calls()).hasSize(callsBefore);
  }

  static dev.cairn.event.Health.Status health(String component) {
    return dev.cairn.event.Health.process().snapshot().stream()
        .filter(s -> s.component().equals(component))
        .findFirst()
        .orElse(null);
  }

  @Test
  void anInformerThatKeepsFailingIsFailingInHealthAndUpWhenItsWatchIsBack() throws Exception {
    for (String kind : List.of("nodes", "services", "endpointslices")) {
      assertThat(health("kubernetes/" + kind).state()).isEqualTo(dev.cairn.event.Health.State.UP);
    }
    outage();
    Poll.until(
        Duration.ofSeconds(60),
        () -> health("kubernetes/nodes").state() == dev.cairn.event.Health.State.FAILING,
        () -> "health " + health("kubernetes/nodes"));
    assertThat(health("kubernetes/nodes").lastError()).isNotNull();
    api.restart();
    Poll.until(
        Duration.ofSeconds(60),
        () -> health("kubernetes/nodes").state() == dev.cairn.event.Health.State.UP,
        () -> "health " + health("kubernetes/nodes"));
    adapter.close(); // stopped on purpose: out of the registry, not dead
    assertThat(health("kubernetes/nodes")).isNull();
  }

  @Test
  void routesSurviveAnApiServerRestartAndFollowLaterChanges() throws Exception {
    outage();
    api.restart();
    Poll.until(
        () -> adapter.connectionState() == KubernetesAdapter.ConnectionState.CONNECTED,
        () -> "state " + adapter.connectionState());
    assertThat(adapter.watchReconnects()).isGreaterThanOrEqualTo(1);
    assertThat(out.table()).isEqualTo(BEFORE);

    kube.services().inNamespace("web").withName("old").delete();
    kube.services()
        .inNamespace("web")
        .resource(
            service("web", "new", List.of("192.0.2.11"), List.of(), List.of(), null, Map.of()))
        .create();
    Poll.until(
        () ->
            out.table()
                .equals(
                    Map.of(
                        "198.51.100.0/26", "POD_CIDR node-1",
                        "2001:db8:1::/64", "POD_CIDR node-1",
                        "192.0.2.11/32", "CLUSTER_IP web/new")),
        () -> "table " + out.table());
    KubernetesSnapshot snap = adapter.snapshot().get(5, TimeUnit.SECONDS);
    assertThat(snap.connection()).isEqualTo(KubernetesAdapter.ConnectionState.CONNECTED);
    assertThat(snap.watchedObjects())
        .isEqualTo(Map.of("nodes", 1, "services", 1, "endpointslices", 0));
    assertThat(snap.routes())
        .extracting(a -> a.prefix().toString())
        .containsExactly("192.0.2.11/32", "198.51.100.0/26", "2001:db8:1::/64");
    assertThat(snap.routes().get(0).source()).isEqualTo("web/new");
  }

  @Test
  void expiredWatchAfterRestartRelistsAndDropsObjectsThatWentAway() throws Exception {
    outage();
    // the API server comes back with different contents, and the old resource versions are gone
    api.resetStore();
    api.goneOnNextWatch(
        "/api/v1/nodes", "/api/v1/services", "/apis/discovery.k8s.io/v1/endpointslices");
    api.restart();
    kube.nodes().resource(node("node-1", List.of("198.51.100.128/26"), List.of())).create();
    kube.services()
        .inNamespace("web")
        .resource(
            service("web", "new", List.of("192.0.2.11"), List.of(), List.of(), null, Map.of()))
        .create();
    // The fresh mock store numbers resourceVersions from 1 again, so the re-created node-1 may
    // carry the very version the informer already holds (a real API server never reuses one) and
    // a re-list would rightly see "no change": one more edit gives it a new version.
    kube.nodes()
        .withName("node-1")
        .edit(
            n -> {
              n.getMetadata().setLabels(Map.of("edited", "true"));
              return n;
            });
    Map<String, String> after =
        Map.of(
            "198.51.100.128/26", "POD_CIDR node-1",
            "192.0.2.11/32", "CLUSTER_IP web/new");
    Poll.until(
        () -> out.table().equals(after),
        () -> "table " + out.table() + " requests " + String.join("\n", api.requests()));
    assertThat(api.goneSent()).isEqualTo(3);
    assertThat(out.calls()).noneMatch(c -> c.startsWith("!"));
    Poll.until(
        () -> adapter.connectionState() == KubernetesAdapter.ConnectionState.CONNECTED,
        () -> "state " + adapter.connectionState());
  }

  @Test
  void adapterStartedWhileTheApiServerIsDownWaitsAndThenConverges() {
    RecordingListener late = new RecordingListener();
    api.stop();
    KubernetesAdapter second =
        new KubernetesAdapter(
            new KubernetesConfig(
                Optional.empty(), Optional.of("node-1"), ALL, false, Optional.empty()),
            "node-1",
            api.client(),
            late,
            late,
            new KubernetesAdapter.Options(false, Duration.ofSeconds(30), Duration.ZERO));
    try {
      second.start();
      Poll.holdsFor(Duration.ofSeconds(1), () -> late.calls().isEmpty(), () -> "" + late.calls());
      assertThat(second.connectionState()).isEqualTo(KubernetesAdapter.ConnectionState.STARTING);
      assertThat(second.watchErrors()).isGreaterThan(0);
      api.restart();
      Poll.until(() -> late.table().equals(BEFORE), () -> "table " + late.table());
      Poll.until(
          () -> second.connectionState() == KubernetesAdapter.ConnectionState.CONNECTED,
          () -> "state " + second.connectionState());
    } finally {
      second.close();
    }
  }
}
