package dev.cairn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The link/address monitor in a fresh namespace: the state at start, then an interface that comes,
 * gets addresses, goes down and up, and is deleted, each reported once and in order.
 */
@Tag("integration")
class LinkMonitorIT {

  /** Records every event as a line of text. */
  static final class Recorder implements InterfaceEvents.Listener {
    final List<String> events = new ArrayList<>();

    synchronized List<String> events() {
      return List.copyOf(events);
    }

    synchronized boolean has(String e) {
      return events.contains(e);
    }

    @Override
    public synchronized void linkChanged(InterfaceEvents.Link l) {
      events.add("link " + l.name() + (l.usable() ? " usable" : l.up() ? " up" : " down"));
    }

    @Override
    public synchronized void linkRemoved(InterfaceEvents.Link l) {
      events.add("gone " + l.name());
    }

    @Override
    public synchronized void addressAdded(InterfaceEvents.Address a) {
      events.add("+" + a.address() + "/" + a.prefixLength() + " on " + a.index());
    }

    @Override
    public synchronized void addressRemoved(InterfaceEvents.Address a) {
      events.add("-" + a.address() + "/" + a.prefixLength() + " on " + a.index());
    }
  }

  static int index(NetnsLab lab, String dev) {
    String out = lab.ipn("-o", "link", "show", dev);
    return Integer.parseInt(out.substring(0, out.indexOf(':')).trim());
  }

  @Test
  void reportsTheStartStateThenEveryChange() {
    try (NetnsLab lab = new NetnsLab()) {
      Recorder r = new Recorder();
      try (LinkMonitor m = LinkMonitor.start(lab.name, r)) {
        int veth0 = index(lab, "veth0");
        NetnsLab.waitFor(
            Duration.ofSeconds(10),
            () -> r.has("+192.0.2.1/24 on " + veth0) && r.has("+2001:db8::1/64 on " + veth0),
            "the start state: " + r.events());
        assertThat(r.events()).contains("link lo usable", "link veth0 usable");

        lab.ipn("link", "add", "d0", "type", "veth", "peer", "name", "d1");
        int d0 = index(lab, "d0");
        NetnsLab.waitFor(Duration.ofSeconds(10), () -> r.has("link d0 down"), "d0 appears");
        lab.ipn("addr", "add", "198.51.100.1/25", "dev", "d0");
        lab.ipn("addr", "add", "2001:db8:1::1/64", "dev", "d0", "nodad");
        lab.ipn("link", "set", "d1", "up");
        lab.ipn("link", "set", "d0", "up");
        NetnsLab.waitFor(
            Duration.ofSeconds(10),
            () ->
                r.has("link d0 usable")
                    && r.has("+198.51.100.1/25 on " + d0)
                    && r.has("+2001:db8:1::1/64 on " + d0),
            "d0 up with addresses: " + r.events());

        lab.ipn("link", "set", "d0", "down");
        NetnsLab.waitFor(
            Duration.ofSeconds(10),
            () -> r.events().lastIndexOf("link d0 down") > r.events().indexOf("link d0 usable"),
            "d0 down: " + r.events());

        lab.ipn("link", "del", "d0");
        NetnsLab.waitFor(
            Duration.ofSeconds(10),
            () ->
                r.has("gone d0")
                    && r.has("-198.51.100.1/25 on " + d0)
                    && r.has("-2001:db8:1::1/64 on " + d0),
            "d0 deleted with its addresses: " + r.events());
        List<String> all = r.events();
        assertThat(all.stream().filter(e -> e.equals("+198.51.100.1/25 on " + d0))).hasSize(1);
        assertThat(all.indexOf("gone d0")).isGreaterThan(all.indexOf("-198.51.100.1/25 on " + d0));
      }
    }
  }

  @Test
  void addressesGiveTheirNetworks() {
    InterfaceEvents.Address a = new InterfaceEvents.Address(3, IpAddress.parse("192.0.2.77"), 24);
    assertThat(a.network()).isEqualTo(IpPrefix.parse("192.0.2.0/24"));
    assertThat(new InterfaceEvents.Address(3, IpAddress.parse("fe80::1"), 64).linkLocal()).isTrue();
  }
}
