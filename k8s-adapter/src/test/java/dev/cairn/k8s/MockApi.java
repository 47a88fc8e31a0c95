package dev.cairn.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A fabric8 mock API server in CRUD mode (real HTTP, real watches) that can be stopped and
 * restarted on the same port, keeps its objects across restarts (or swaps them for a fresh store),
 * records every request path, and can answer chosen watches with 410 Gone.
 */
final class MockApi implements AutoCloseable {
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  private final Recorder recorder = new Recorder();
  private KubernetesMockServer server;
  private int port;

  MockApi() {
    recorder.delegate = new KubernetesCrudDispatcher();
    start(0);
  }

  private void start(int p) {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), recorder, false);
    server.init(InetAddress.getLoopbackAddress(), p);
    port = server.getPort();
  }

  /** Stops listening; the objects stay in the store. */
  void stop() {
    server.destroy();
  }

  /** Listens again on the same port. */
  void restart() {
    start(port);
  }

  /** Replaces the whole object store with an empty one (an API server that lost its state). */
  void resetStore() {
    recorder.delegate = new KubernetesCrudDispatcher();
  }

  /** The next watch of each of these paths (e.g. {@code /api/v1/nodes}) answers 410 Gone. */
  void goneOnNextWatch(String... paths) {
    synchronized (recorder) {
      recorder.gone.addAll(List.of(paths));
    }
  }

  int goneSent() {
    synchronized (recorder) {
      return recorder.goneSent;
    }
  }

  /** Every request so far as "METHOD path?query". */
  List<String> requests() {
    synchronized (recorder) {
      return new ArrayList<>(recorder.requests);
    }
  }

  void clearRequests() {
    synchronized (recorder) {
      recorder.requests.clear();
    }
  }

  /** A client with short reconnect backoff, for the test or an adapter. */
  KubernetesClient client() {
    Config c =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:" + port)
            .withTrustCerts(true)
            .withNamespace("default")
            .withWatchReconnectInterval(100)
            .withRequestRetryBackoffInterval(100)
            .withRequestRetryBackoffLimit(3)
            .build();
    return new KubernetesClientBuilder().withConfig(c).build();
  }

  @Override
  public void close() {
    server.destroy();
  }

  private static final class Recorder extends Dispatcher {
    volatile Dispatcher delegate;
    final List<String> requests = new ArrayList<>();
    final Set<String> gone = new HashSet<>();
    int goneSent;

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getPath();
      String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      synchronized (this) {
        requests.add(request.getMethod() + " " + path);
        if (path.contains("watch=true") && gone.remove(plain)) {
          goneSent++;
          // what a real API server does for an expired resourceVersion: accept the watch and
          // send one ERROR event carrying a 410 Status
          return new MockResponse()
              .withWebSocketUpgrade(
                  new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket ws, Response response) {
                      ws.send(
                          "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\","
                              + "\"apiVersion\":\"v1\",\"status\":\"Failure\","
                              + "\"message\":\"too old resource version\","
                              + "\"reason\":\"Expired\",\"code\":410}}");
                      ws.close(1000, "expired");
                    }
                  });
        }
      }
      return delegate.dispatch(request);
    }

    @Override
    public void shutdown() {
      // keep the store across restarts
    }
  }
}
