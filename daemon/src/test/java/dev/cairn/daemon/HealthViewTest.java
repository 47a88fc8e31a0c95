package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cli.CommandTree;
import dev.cairn.config.Endpoint;
import dev.cairn.event.Exit;
import dev.cairn.event.Health;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.IpAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show health [json]} and {@code cairn_component_up}: a loop killed by an Error is named
 * dead, with its error, in text, in JSON that conforms to {@code health.json}, and in the metric.
 */
class HealthViewTest {
  @TempDir Path dir;

  static final CommandTree.Invocation JSON = new CommandTree.Invocation(List.of(), Map.of(), true);
  static final CommandTree.Invocation TEXT = new CommandTree.Invocation(List.of(), Map.of(), false);

  @SuppressWarnings("unchecked")
  @Test
  void aDeadLoopIsNamedWithItsErrorInTextAndJson() throws Exception {
    LinkedBlockingQueue<Integer> exits = new LinkedBlockingQueue<>();
    Health health = new Health(Clock.systemUTC(), exits::add);
    ThreadEventLoop bgp = new ThreadEventLoop("bgp", health);
    ThreadEventLoop fib = new ThreadEventLoop("fib", health);
    health.register("informer/services").failing("connect timed out");
    fib.execute(
        () -> {
          throw new StackOverflowError("deep");
        });
    assertThat(exits.poll(30, TimeUnit.SECONDS)).isEqualTo(Exit.THREAD_ERROR);

    HealthView view = new HealthView(health);
    String json = view.render(JSON);
    assertThat(JsonSchemas.check("health", json)).as(json).isEmpty();
    Map<String, Object> o = (Map<String, Object>) Json.parse(json);
    assertThat(o.get("healthy")).isEqualTo(false);
    List<Map<String, Object>> cs = (List<Map<String, Object>>) o.get("components");
    assertThat(cs)
        .extracting(c -> c.get("component"))
        .containsExactly("bgp", "fib", "informer/services");
    assertThat(cs).extracting(c -> c.get("state")).containsExactly("up", "dead", "failing");
    assertThat((String) cs.get(1).get("last-error"))
        .isEqualTo("java.lang.StackOverflowError: deep");
    assertThat(cs.get(1).get("last-error-time")).isNotNull();
    assertThat(cs.get(0).get("last-error")).isNull();

    String text = view.render(TEXT);
    assertThat(text)
        .containsPattern("(?m)^fib\\s+dead\\s+\\S+Z\\s+\\S+Z java.lang.StackOverflowError: deep$")
        .containsPattern("(?m)^bgp\\s+up\\s+\\S+Z\\s+-$")
        .contains("1 dead: the systemd watchdog is not fed");
    bgp.close();
  }

  @Test
  void showHealthAndTheMetricInARunningDaemon() throws Exception {
    try (TwoDaemons lab = new TwoDaemons(dir, "accept-all")) {
      Health.Reporter reader = Health.process().register("test-reader/" + dir.getFileName());
      Metrics metrics = Metrics.start(lab.a, new Endpoint(IpAddress.parse("127.0.0.1"), 0));
      try {
        String json = lab.run("show health json");
        assertThat(JsonSchemas.check("health", json)).as(json).isEmpty();
        assertThat(json).contains("{\"component\":\"rib\",\"state\":\"up\"");
        assertThat(scrape(metrics))
            .contains(
                "cairn_component_up{component=\"test-reader/" + dir.getFileName() + "\"} 1.0");

        reader.dead("recvmsg on eth9: ENETDOWN");
        json = lab.run("show health json");
        assertThat(JsonSchemas.check("health", json)).as(json).isEmpty();
        assertThat(json)
            .contains("\"healthy\":false")
            .contains(
                "{\"component\":\"test-reader/" + dir.getFileName() + "\",\"state\":\"dead\"");
        assertThat(lab.run("show health")).contains("recvmsg on eth9: ENETDOWN");
        assertThat(scrape(metrics))
            .contains(
                "cairn_component_up{component=\"test-reader/" + dir.getFileName() + "\"} 0.0");

        reader.close(); // stopped on purpose: the series goes away
        assertThat(scrape(metrics)).doesNotContain("test-reader/" + dir.getFileName());
      } finally {
        reader.close();
        metrics.close();
      }
    }
  }

  static String scrape(Metrics m) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + m.address().getPort() + "/metrics"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
