package dev.cairn.interop;

import dev.cairn.interop.lab.Lab;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeFluent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * A Kubernetes API server (fabric8's mock server in CRUD mode) for cairnd "nodes" in a {@link Lab}:
 * it listens on a bridge in the test's own namespace, 198.51.100.254/24, and each node gets a port
 * on that bridge, interface {@code api} with 198.51.100.N/24 (and 2001:db8:100::N/64 when asked).
 * The kubeconfig the nodes read is {@link #kubeconfig()}. Closing it stops the server and deletes
 * the bridge (the namespaces' ends go with the lab).
 */
final class KubernetesApiLab implements AutoCloseable {
  private static final java.util.concurrent.atomic.AtomicInteger SEQ =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Lab lab;
  // names unique in this JVM: a previous lab's ports may outlive it briefly (namespaces are
  // destroyed asynchronously)
  private final String bridge =
      "ck8s" + (ProcessHandle.current().pid() % 10000) + "x" + SEQ.incrementAndGet();
  private final java.util.List<String> ports = new java.util.ArrayList<>();
  private final KubernetesMockServer api;
  private final Path kubeconfig;

  KubernetesApiLab(Lab lab) throws IOException, InterruptedException {
    this.lab = lab;
    Lab.run("ip", "link", "add", bridge, "type", "bridge");
    KubernetesMockServer server = null;
    try {
      Lab.run("ip", "addr", "add", "198.51.100.254/24", "dev", bridge);
      Lab.run("ip", "link", "set", bridge, "up");
      int port;
      try (ServerSocket probe = new ServerSocket(0)) {
        port = probe.getLocalPort();
      }
      server =
          new KubernetesMockServer(
              new Context(),
              new MockWebServer(),
              new HashMap<>(),
              new KubernetesCrudDispatcher(),
              false);
      server.init(InetAddress.getByName("198.51.100.254"), port);
      kubeconfig = lab.dir().resolve("kubeconfig");
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters: [{ name: lab, cluster: { server: "http://198.51.100.254:%d" } }]
          users: [{ name: cairn, user: { token: lab } }]
          contexts: [{ name: lab, context: { cluster: lab, user: cairn } }]
          current-context: lab
          """
              .formatted(port));
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (server != null) {
        server.destroy();
      }
      deleteBridge();
      throw e;
    }
    api = server;
  }

  /** Connects namespace {@code ns} to the API's bridge with the given addresses on {@code api}. */
  void attach(String ns, String... addresses) throws IOException, InterruptedException {
    String port = bridge + "p" + ports.size();
    Lab.run("ip", "link", "add", port, "type", "veth", "peer", "name", "api", "netns", ns);
    ports.add(port);
    Lab.run("ip", "link", "set", port, "master", bridge);
    Lab.run("ip", "link", "set", port, "up");
    for (String a : addresses) {
      if (a.contains(":")) {
        lab.exec(ns, "ip", "addr", "add", a, "dev", "api", "nodad");
      } else {
        lab.exec(ns, "ip", "addr", "add", a, "dev", "api");
      }
    }
    lab.exec(ns, "ip", "link", "set", "api", "up");
  }

  Path kubeconfig() {
    return kubeconfig;
  }

  KubernetesClient client() {
    return api.createClient();
  }

  /** A Node object named {@code node-N} with the given pod CIDRs and InternalIPs. */
  static Node node(int n, String[] podCidrs, String... internalIps) {
    NodeFluent<NodeBuilder>.StatusNested<NodeBuilder> status =
        new NodeBuilder()
            .withNewMetadata()
            .withName("node-" + n)
            .endMetadata()
            .withNewSpec()
            .withPodCIDR(podCidrs[0])
            .withPodCIDRs(podCidrs)
            .endSpec()
            .withNewStatus();
    for (String ip : internalIps) {
      status.addNewAddress().withType("InternalIP").withAddress(ip).endAddress();
    }
    return status.endStatus().build();
  }

  @Override
  public void close() {
    api.destroy();
    deleteBridge();
  }

  private void deleteBridge() {
    for (String port : ports) {
      delete(port);
    }
    delete(bridge);
  }

  private static void delete(String link) {
    try {
      Lab.run("ip", "link", "del", link);
    } catch (IOException | InterruptedException e) {
      // already gone
    }
  }
}
