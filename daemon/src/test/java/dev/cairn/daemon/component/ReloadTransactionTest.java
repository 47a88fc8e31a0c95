package dev.cairn.daemon.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigLoader;
import dev.cairn.config.Endpoint;
import dev.cairn.config.StaticRoute;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reload transaction: every component plans first, then each applies; a section whose apply
 * throws stays as it was in the configuration in force, and the answer says so.
 */
class ReloadTransactionTest {
  final List<String> log = new ArrayList<>();

  /** Static routes: applies whatever it is given. */
  final class Routes implements Component<List<StaticRoute>> {
    @Override
    public String name() {
      return "static";
    }

    @Override
    public List<StaticRoute> section(CairnConfig c) {
      return c.staticRoutes();
    }

    @Override
    public CairnConfig withSection(CairnConfig c, List<StaticRoute> s) {
      return c.withStaticRoutes(s);
    }

    @Override
    public void start(List<StaticRoute> s) {}

    @Override
    public Reconfig plan(List<StaticRoute> a, List<StaticRoute> b) {
      log.add("plan static");
      return new Reconfig.Soft(List.of(b.size() + " routes"));
    }

    @Override
    public void apply(List<StaticRoute> a, List<StaticRoute> b, Reconfig plan) {
      log.add("apply static");
    }

    @Override
    public void stop() {}
  }

  /** The metrics endpoint, whose apply fails (the new address is in use, say). */
  final class Failing implements Component<Endpoint> {
    @Override
    public String name() {
      return "metrics";
    }

    @Override
    public Endpoint section(CairnConfig c) {
      return c.metricsListen();
    }

    @Override
    public CairnConfig withSection(CairnConfig c, Endpoint e) {
      return c.withMetricsListen(e);
    }

    @Override
    public void start(Endpoint e) {}

    @Override
    public Reconfig plan(Endpoint a, Endpoint b) {
      log.add("plan metrics");
      return new Reconfig.Restart(List.of("metrics endpoint"));
    }

    @Override
    public void apply(Endpoint a, Endpoint b, Reconfig plan) throws ComponentException {
      log.add("apply metrics");
      throw new ComponentException("metrics", "cannot listen on " + b + ": Address in use");
    }

    @Override
    public void stop() {}
  }

  static CairnConfig parse(String y) throws Exception {
    return ConfigLoader.parse(y, "r.yaml");
  }

  @Test
  void aFailedSectionStaysAsItWasTheOthersApply() throws Exception {
    CairnConfig before = parse("router-id: 192.0.2.1\nmetrics: { listen: 127.0.0.1:9179 }\n");
    CairnConfig after =
        parse(
            "router-id: 192.0.2.1\nmetrics: { listen: 127.0.0.1:9180 }\n"
                + "static:\n  - { prefix: 198.51.100.0/24, blackhole: true }\n");
    List<Component<?>> components = List.of(new Failing(), new Routes());
    Reload.Result r = Reload.run(components, before, after);

    assertThat(log).containsExactly("plan metrics", "plan static", "apply metrics", "apply static");
    assertThat(r.allApplied()).isFalse();
    assertThat(r.unchanged()).isFalse();
    assertThat(r.inForce().metricsListen()).isEqualTo(before.metricsListen());
    assertThat(r.inForce().staticRoutes()).isEqualTo(after.staticRoutes());
    assertThat(r.lines())
        .containsExactly(
            "metrics: FAILED (restart) of metrics endpoint",
            "  metrics: cannot listen on 127.0.0.1:9180: Address in use; the old metrics section"
                + " stays in force",
            "static: soft",
            "  1 routes");
    assertThat(r.outcomes()).extracting(Reload.Outcome::applied).containsExactly(false, true);
  }

  @Test
  void nothingChangedNothingIsApplied() throws Exception {
    CairnConfig c = parse("router-id: 192.0.2.1\n");
    Reload.Result r = Reload.run(List.of(new Failing(), new Routes()), c, c);
    assertThat(log).isEmpty();
    assertThat(r.unchanged()).isTrue();
    assertThat(r.lines()).containsExactly("configuration unchanged");
    assertThat(r.inForce()).isEqualTo(c);
  }
}
