package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.config.ConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new metrics address is bound on reload and the old one let go; an address that cannot be bound
 * leaves the old one serving, and the reload's answer, the metrics and {@code show running-config}
 * say that the old section is in force.
 */
class MetricsReloadTest {
  @TempDir Path dir;

  static String config(int port) {
    return """
        router-id: 192.0.2.1
        kernel: { enabled: false }
        metrics: { listen: 127.0.0.1:%d }
        """
        .formatted(port);
  }

  static String scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body();
  }

  @Test
  void aNewAddressIsBoundAnAddressInUseLeavesTheOldOne() throws Exception {
    Path file = dir.resolve("m.yaml");
    int a = TwoDaemons.freePort();
    Files.writeString(file, config(a));
    Daemon d = Daemon.start(file, ConfigLoader.load(file));
    Commands commands = Commands.of(d);
    try {
      d.add(new MetricsComponent(d));
      assertThat(scrape(a)).contains("cairn_rib_routes");

      int b = TwoDaemons.freePort();
      Files.writeString(file, config(b));
      Daemon.ReloadResult r = d.reload();
      assertThat(r.ok()).as(r.text()).isTrue();
      assertThat(r.text())
          .contains("metrics: restart of metrics endpoint\n")
          .contains("  metrics listen 127.0.0.1:" + b + " (was 127.0.0.1:" + a + ")\n");
      assertThat(scrape(b)).contains("cairn_rib_routes");
      assertThatThrownBy(() -> scrape(a)).isInstanceOf(IOException.class);
      assertThat(scrape(b)).contains("cairn_config_section_applied{section=\"metrics\"} 1.0");

      try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        Files.writeString(file, config(busy.getLocalPort()));
        r = d.reload();
        assertThat(r.ok()).isFalse();
        assertThat(r.text())
            .contains("metrics: FAILED (restart) of metrics endpoint\n")
            .contains("the old metrics section stays in force");
        assertThat(d.config().metricsListen().port()).isEqualTo(b);
        String shown = commands.tree().execute("show running-config");
        assertThat(shown)
            .contains("# metrics: not applied at the last reload")
            .contains("127.0.0.1:" + b)
            .doesNotContain("127.0.0.1:" + busy.getLocalPort() + "\n");
        String m = scrape(b);
        assertThat(m)
            .contains("cairn_config_section_applied{section=\"metrics\"} 0.0")
            .contains("cairn_config_section_applied{section=\"static\"} 1.0")
            .containsPattern("cairn_config_reload_total\\{result=\"failed\"} [1-9]");
      }

      // the file back as it is in force: nothing to do, and the section counts as applied again
      Files.writeString(file, config(b));
      r = d.reload();
      assertThat(r.text()).isEqualTo("configuration unchanged\n");
      assertThat(scrape(b)).contains("cairn_config_section_applied{section=\"metrics\"} 1.0");
      assertThat(commands.tree().execute("show running-config")).doesNotContain("not applied");
    } finally {
      d.stop();
      d.bgpLoop.close();
      d.ribLoop.close();
    }
  }
}
