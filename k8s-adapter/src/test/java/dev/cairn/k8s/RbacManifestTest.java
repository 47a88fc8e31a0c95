package dev.cairn.k8s;

import static dev.cairn.k8s.MockApi.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The ClusterRole of {@code packaging/kubernetes/rbac.yaml} is exactly enough: every request the
 * adapter makes against the API server is one the role allows, and the role allows nothing the
 * adapter does not use.
 */
class RbacManifestTest {

  /** What the role grants, as "group/resource verb" lines. */
  @SuppressWarnings("unchecked")
  static Set<String> granted() throws Exception {
    Path rbac = Path.of("..", "packaging", "kubernetes", "rbac.yaml");
    Set<String> out = new TreeSet<>();
    for (Object doc :
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(rbac))) {
      Map<String, Object> m = (Map<String, Object>) doc;
      if (!"ClusterRole".equals(m.get("kind"))) {
        continue;
      }
      for (Map<String, Object> rule : (List<Map<String, Object>>) m.get("rules")) {
        for (Object g : (List<Object>) rule.get("apiGroups")) {
          for (Object r : (List<Object>) rule.get("resources")) {
            for (Object v : (List<Object>) rule.get("verbs")) {
              out.add(g + "/" + r + " " + v);
            }
          }
        }
      }
    }
    return out;
  }

  /** The RBAC verb and resource a request needs, e.g. "discovery.k8s.io/endpointslices watch". */
  static String needed(RecordedRequest r) {
    String path = r.getPath();
    String query = path.contains("?") ? path.substring(path.indexOf('?') + 1) : "";
    path = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String[] p = path.split("/");
    String group;
    int at;
    if (p[1].equals("api")) {
      group = "";
      at = 3; // /api/v1/RESOURCE[/NAME]
    } else {
      group = p[2];
      at = 4; // /apis/GROUP/VERSION/RESOURCE[/NAME]
    }
    if (p.length > at + 1 && p[at].equals("namespaces")) {
      at += 2;
    }
    String resource = p[at];
    boolean named = p.length > at + 1;
    String verb =
        !r.getMethod().equals("GET")
            ? r.getMethod().toLowerCase()
            : query.contains("watch=true") ? "watch" : named ? "get" : "list";
    return group + "/" + resource + " " + verb;
  }

  @Test
  void theAdapterNeedsExactlyWhatTheRoleGrants() throws Exception {
    Set<String> granted = granted();
    assertThat(granted)
        .containsExactlyInAnyOrder(
            "/nodes get",
            "/nodes list",
            "/nodes watch",
            "/services get",
            "/services list",
            "/services watch",
            "discovery.k8s.io/endpointslices get",
            "discovery.k8s.io/endpointslices list",
            "discovery.k8s.io/endpointslices watch");
    try (MockApi api = new MockApi()) {
      api.client.resource(MockApi.node("node-1", "192.0.2.11", "198.51.100.0/26")).create();
      api.client.resource(MockApi.service("web", "203.0.113.10").build()).create();
      api.client.resource(MockApi.slice("web", "web-a", "node-1", true)).create();
      while (api.server.takeRequest(200, TimeUnit.MILLISECONDS) != null) {
        // the test's own requests: not the adapter's
      }
      MockApi.Recorder r = new MockApi.Recorder();
      try (KubernetesAdapter a =
          new KubernetesAdapter(
              api.adapterClient(),
              MockApi.config(true, null),
              "node-1",
              Duration.ofSeconds(5),
              r)) {
        a.start();
        await(Duration.ofSeconds(20), r::toString, () -> r.prefixes().size() == 2);
        List<String> needed = new ArrayList<>();
        RecordedRequest req;
        while ((req = api.server.takeRequest(500, TimeUnit.MILLISECONDS)) != null) {
          needed.add(needed(req));
        }
        assertThat(needed).isNotEmpty();
        assertThat(granted).containsAll(needed);
        // and every resource the role names is used (list and watch of each)
        assertThat(needed)
            .contains(
                "/nodes list",
                "/nodes watch",
                "/services list",
                "/services watch",
                "discovery.k8s.io/endpointslices list",
                "discovery.k8s.io/endpointslices watch");
      }
    }
  }
}
