package dev.cairn.k8s;

import static dev.cairn.k8s.Objects8s.node;
import static dev.cairn.k8s.Objects8s.service;
import static dev.cairn.k8s.Objects8s.slice;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.KubernetesConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped ClusterRole covers every request the adapter makes, and grants nothing the adapter
 * does not use; the DaemonSet's embedded cairn.yaml is a valid cairn configuration.
 */
class RbacTest {
  static final Path DIR = Path.of("..", "packaging", "kubernetes");

  /** "group/resource/verb" triples the ClusterRole grants. */
  @SuppressWarnings("unchecked")
  static Set<String> granted() throws Exception {
    Set<String> out = new TreeSet<>();
    int roles = 0;
    for (Object doc : new Yaml().loadAll(Files.readString(DIR.resolve("rbac.yaml")))) {
      Map<String, Object> m = (Map<String, Object>) doc;
      if (!"ClusterRole".equals(m.get("kind"))) {
        continue;
      }
      roles++;
      for (Map<String, Object> rule : (List<Map<String, Object>>) m.get("rules")) {
        for (String g : (List<String>) rule.get("apiGroups")) {
          for (String r : (List<String>) rule.get("resources")) {
            for (String v : (List<String>) rule.get("verbs")) {
              out.add(g + "/" + r + "/" + v);
            }
          }
        }
      }
    }
    assertThat(roles).isEqualTo(1);
    return out;
  }

  /** "METHOD /path?query" to "group/resource/verb". */
  static String permission(String request) {
    String[] mp = request.split(" ", 2);
    String path = mp[1];
    String query = "";
    int q = path.indexOf('?');
    if (q >= 0) {
      query = path.substring(q + 1);
      path = path.substring(0, q);
    }
    List<String> parts = new ArrayList<>(List.of(path.substring(1).split("/")));
    String group;
    if (parts.get(0).equals("api")) {
      group = "";
      parts = parts.subList(2, parts.size());
    } else if (parts.get(0).equals("apis")) {
      group = parts.get(1);
      parts = parts.subList(3, parts.size());
    } else {
      return "nonresource:" + path;
    }
    if (parts.size() >= 2 && parts.get(0).equals("namespaces")) {
      parts = parts.subList(2, parts.size());
    }
    String resource = parts.get(0);
    boolean named = parts.size() > 1;
    String verb;
    if (!mp[0].equals("GET")) {
      verb = mp[0].toLowerCase();
    } else if (Set.of(query.split("&")).contains("watch=true")) {
      verb = "watch";
    } else {
      verb = named ? "get" : "list";
    }
    return group + "/" + resource + "/" + verb;
  }

  @Test
  void adapterRequestsExactlyWhatTheClusterRoleAllows() throws Exception {
    Set<String> granted = granted();
    assertThat(granted)
        .containsExactlyInAnyOrder(
            "/nodes/get",
            "/nodes/list",
            "/nodes/watch",
            "/services/get",
            "/services/list",
            "/services/watch",
            "discovery.k8s.io/endpointslices/get",
            "discovery.k8s.io/endpointslices/list",
            "discovery.k8s.io/endpointslices/watch");
    try (MockApi api = new MockApi();
        KubernetesClient kube = api.client()) {
      kube.nodes()
          .resource(node("node-1", List.of("198.51.100.0/26"), List.of("192.0.2.1")))
          .create();
      kube.nodes().resource(node("node-2", List.of(), List.of("192.0.2.2"))).create();
      var svc =
          service(
              "web",
              "vip",
              List.of("192.0.2.30"),
              List.of(),
              List.of("203.0.113.50"),
              "Local",
              Map.of());
      kube.services().inNamespace("web").resource(svc).create();
      kube.services().inNamespace("web").resource(svc).updateStatus();
      kube.discovery()
          .v1()
          .endpointSlices()
          .inNamespace("web")
          .resource(slice("web", "vip-1", "vip", "node-1", true))
          .create();
      api.clearRequests();

      RecordingListener out = new RecordingListener();
      KubernetesConfig cfg =
          new KubernetesConfig(
              Optional.empty(),
              Optional.of("node-1"),
              new KubernetesConfig.Advertise(true, true, true, true),
              true,
              Optional.empty());
      KubernetesAdapter adapter =
          new KubernetesAdapter(
              cfg,
              "node-1",
              api.client(),
              out,
              out,
              new KubernetesAdapter.Options(true, Duration.ofSeconds(30), Duration.ZERO));
      try {
        adapter.start();
        Poll.until(() -> out.table().size() == 3, () -> "table " + out.table());
        Poll.until(
            () -> adapter.connectionState() == KubernetesAdapter.ConnectionState.CONNECTED,
            () -> "state " + adapter.connectionState());
        // an expired watch forces the re-list path as well. The restart waits until the adapter
        // saw the server go: restarted at once, the mock server (vert.x) could still be closing
        // on the same port and answer some watches with 400 Bad Request for good
        api.goneOnNextWatch("/api/v1/nodes");
        api.stop();
        Poll.until(
            () -> adapter.connectionState() == KubernetesAdapter.ConnectionState.DISCONNECTED,
            () -> "state " + adapter.connectionState());
        api.restart();
        Poll.until(() -> api.goneSent() == 1, () -> "410 not sent yet");
        Poll.until(
            () -> adapter.connectionState() == KubernetesAdapter.ConnectionState.CONNECTED,
            () -> "state " + adapter.connectionState());
      } finally {
        adapter.close();
      }
      List<String> requests = api.requests();
      Set<String> used = new HashSet<>();
      for (String r : requests) {
        String p = permission(r);
        assertThat(granted).as("request %s needs %s", r, p).contains(p);
        used.add(p);
      }
      // every granted read-only verb but "get" is used: no rule is wider than needed
      Set<String> unused = new TreeSet<>(granted);
      unused.removeAll(used);
      assertThat(unused)
          .containsExactlyInAnyOrder(
              "/nodes/get", "/services/get", "discovery.k8s.io/endpointslices/get");
      assertThat(
              requests.stream()
                  .filter(r -> r.contains("/api/v1/nodes?") && r.contains("watch=true"))
                  .count())
          .isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void daemonSetConfigMapHoldsAValidCairnConfig() throws Exception {
    String text = null;
    boolean hostNetwork = false;
    List<String> caps = List.of();
    String nodeNameField = null;
    for (Object doc : new Yaml().loadAll(Files.readString(DIR.resolve("daemonset.yaml")))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) doc;
      if ("ConfigMap".equals(m.get("kind"))) {
        text = (String) ((Map<?, ?>) m.get("data")).get("cairn.yaml");
      }
      if ("DaemonSet".equals(m.get("kind"))) {
        Map<?, ?> pod =
            (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) m.get("spec")).get("template")).get("spec");
        hostNetwork = Boolean.TRUE.equals(pod.get("hostNetwork"));
        assertThat(pod.get("serviceAccountName")).isEqualTo("cairn");
        Map<?, ?> c = (Map<?, ?>) ((List<?>) pod.get("containers")).get(0);
        @SuppressWarnings("unchecked")
        List<String> add =
            (List<String>)
                ((Map<?, ?>) ((Map<?, ?>) c.get("securityContext")).get("capabilities")).get("add");
        caps = add;
        for (Object e : (List<?>) c.get("env")) {
          Map<?, ?> env = (Map<?, ?>) e;
          if ("NODE_NAME".equals(env.get("name"))) {
            nodeNameField =
                (String)
                    ((Map<?, ?>) ((Map<?, ?>) env.get("valueFrom")).get("fieldRef"))
                        .get("fieldPath");
          }
        }
      }
    }
    assertThat(hostNetwork).isTrue();
    assertThat(caps).containsExactlyInAnyOrder("NET_ADMIN", "NET_RAW", "NET_BIND_SERVICE");
    assertThat(nodeNameField).isEqualTo("spec.nodeName");
    assertThat(text).isNotNull();
    CairnConfig cfg = ConfigLoader.parse(text, "daemonset.yaml:cairn.yaml");
    assertThat(cfg.kubernetes()).isPresent();
    assertThat(cfg.kubernetes().get().nodeMesh()).isTrue();
    assertThat(cfg.kubernetes().get().nodeName()).isEmpty();
  }
}
