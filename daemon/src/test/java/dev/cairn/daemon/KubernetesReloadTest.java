package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.ConfigLoader;
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
 * The Kubernetes advertise options reload in place: turning on load-balancer IPs announces the
 * Service's VIP at once, from the objects the adapter already watches, with no restart.
 */
class KubernetesReloadTest {
  @TempDir Path dir;

  static String config(Path kubeconfig, String advertise) {
    return """
        router-id: 192.0.2.11
        kernel: { enabled: false }
        kubernetes:
          kubeconfig: %s
          node-name: node-1
          advertise: { pod-cidrs: true%s }
        """
        .formatted(kubeconfig, advertise);
  }

  @Test
  void advertiseOptionsApplyWithoutARestart() throws Exception {
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
    Daemon d = null;
    try (KubernetesClient k = server.createClient()) {
      k.resource(KubernetesDaemonTest.nodeObject(1, "198.51.100.0/26")).create();
      k.resource(
              new ServiceBuilder()
                  .withNewMetadata()
                  .withName("lb")
                  .withNamespace("default")
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
      Path file = dir.resolve("n.yaml");
      Files.writeString(file, config(kubeconfig, ""));
      d = Daemon.start(file, ConfigLoader.load(file));
      Commands c = Commands.of(d);
      TwoDaemons.await(
          Duration.ofSeconds(60),
          () -> KubernetesDaemonTest.run(c, "show ip route"),
          () -> KubernetesDaemonTest.run(c, "show ip route").contains("198.51.100.0/26"));
      assertThat(KubernetesDaemonTest.run(c, "show ip route")).doesNotContain("203.0.113.50");
      var adapter = d.kubernetes;

      Files.writeString(
          file,
          config(
              kubeconfig, ", load-balancer-ips: true, load-balancer-ip-ranges: [203.0.113.0/24]"));
      String answer = c.tree().execute("reload");
      assertThat(answer)
          .contains("kubernetes: soft\n")
          .contains("  kubernetes advertise options: routes computed again\n");
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> KubernetesDaemonTest.run(c, "show ip route"),
          () -> KubernetesDaemonTest.run(c, "show ip route").contains("203.0.113.50/32"));
      assertThat(d.kubernetes).as("the same adapter, not a new one").isSameAs(adapter);
      assertThat(d.config().kubernetes().get().advertise().loadBalancerIps()).isTrue();

      // and off again: the VIP is withdrawn
      Files.writeString(file, config(kubeconfig, ""));
      c.tree().execute("reload");
      TwoDaemons.await(
          Duration.ofSeconds(30),
          () -> KubernetesDaemonTest.run(c, "show ip route"),
          () -> !KubernetesDaemonTest.run(c, "show ip route").contains("203.0.113.50/32"));
    } finally {
      if (d != null) {
        d.stop();
        d.bgpLoop.close();
        d.ribLoop.close();
      }
      server.destroy();
    }
  }
}
