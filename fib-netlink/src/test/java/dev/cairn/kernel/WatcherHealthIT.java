package dev.cairn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.Health;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The netlink watchers in {@link Health}: a route watch whose listener fails for good is dead, with
 * the failure as its error; a link monitor whose listener fails on one message keeps going with it
 * as its last error; closing either leaves the registry (stopped, not dead).
 */
@Tag("integration")
class WatcherHealthIT {
  static Health.Status status(String component) {
    return Health.process().snapshot().stream()
        .filter(s -> s.component().equals(component))
        .findFirst()
        .orElse(null);
  }

  @Test
  void aRouteWatchWhoseListenerFailsIsDead() {
    try (NetnsLab lab = new NetnsLab()) {
      RouteWatch w =
          RouteWatch.start(
              lab.name,
              254,
              new RouteWatch.Listener() {
                @Override
                public void events(List<RouteWatch.Event> events) {
                  throw new IllegalStateException("listener bug");
                }

                @Override
                public void overrun() {}
              });
      String c = "route-watch/" + lab.name;
      assertThat(status(c).state()).isEqualTo(Health.State.UP);
      lab.ipn("route", "add", "198.51.100.0/24", "via", "192.0.2.254");
      NetnsLab.waitFor(
          Duration.ofSeconds(30), () -> status(c).state() == Health.State.DEAD, "route-watch dead");
      assertThat(status(c).lastError()).contains("listener bug");
      w.close();
      assertThat(status(c)).isNull();
    }
  }

  @Test
  void aLinkMonitorListenerFailureIsTheLastErrorAndTheMonitorGoesOn() {
    try (NetnsLab lab = new NetnsLab()) {
      java.util.concurrent.atomic.AtomicInteger links =
          new java.util.concurrent.atomic.AtomicInteger();
      LinkMonitor m =
          LinkMonitor.start(
              lab.name,
              new InterfaceListener() {
                @Override
                public void linkChanged(Link link) {
                  if (link.name().equals("veth1") && links.incrementAndGet() == 2) {
                    throw new IllegalStateException("listener bug");
                  }
                }

                @Override
                public void linkRemoved(int ifindex, String name) {}

                @Override
                public void addressAdded(Address address) {}

                @Override
                public void addressRemoved(Address address) {}
              });
      String c = "link-monitor/" + lab.name;
      lab.ipn("link", "set", "veth1", "mtu", "1400");
      NetnsLab.waitFor(
          Duration.ofSeconds(30), () -> status(c).lastError() != null, "link-monitor error");
      assertThat(status(c).lastError()).contains("listener bug");
      assertThat(status(c).state()).isEqualTo(Health.State.UP);
      lab.ipn("link", "set", "veth1", "mtu", "1300");
      NetnsLab.waitFor(Duration.ofSeconds(30), () -> links.get() >= 3, "the monitor goes on");
      m.close();
      assertThat(status(c)).isNull();
    }
  }
}
