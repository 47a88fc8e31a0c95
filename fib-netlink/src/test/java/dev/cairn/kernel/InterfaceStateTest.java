package dev.cairn.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deduplication, link removal, resync after an overrun and connected prefixes. */
class InterfaceStateTest {
  /** Records listener calls as text. */
  static final class Recorder implements InterfaceListener {
    final List<String> calls = new ArrayList<>();

    @Override
    public void linkChanged(Link l) {
      calls.add("link " + l.index() + " " + l.name() + (l.isUp() ? " up" : " down"));
    }

    @Override
    public void linkRemoved(int ifindex, String name) {
      calls.add("gone " + ifindex + " " + name);
    }

    @Override
    public void addressAdded(Address a) {
      calls.add("+" + a.address() + "/" + a.prefixLength() + "@" + a.ifindex());
    }

    @Override
    public void addressRemoved(Address a) {
      calls.add("-" + a.address() + "/" + a.prefixLength() + "@" + a.ifindex());
    }
  }

  private static final Link UP = new Link(7, "veth0", Rtnl.IFF_UP | Rtnl.IFF_RUNNING, 1500);
  private static final Link DOWN = new Link(7, "veth0", 0, 1500);
  private static final Address V4 = new Address(7, IpAddress.parse("192.0.2.1"), 24, 0);
  private static final Address V6 = new Address(7, IpAddress.parse("2001:db8::1"), 64, 0);
  private static final Address LL = new Address(7, IpAddress.parse("fe80::1"), 64, 253);

  @Test
  void repeatsAreDroppedAndLinkRemovalTakesAddresses() {
    Recorder r = new Recorder();
    InterfaceState s = new InterfaceState(r);
    s.link(UP);
    s.link(UP);
    s.address(V4);
    s.address(V4);
    s.address(V6);
    s.address(LL);
    assertThat(s.connectedPrefixes())
        .containsExactlyInAnyOrder(IpPrefix.parse("192.0.2.0/24"), IpPrefix.parse("2001:db8::/64"));
    s.link(DOWN);
    assertThat(s.connectedPrefixes()).isEmpty();
    s.linkGone(7, "veth0");
    s.addressGone(V4); // the kernel's late DELADDR: already reported
    s.linkGone(7, "veth0");
    assertThat(r.calls)
        .containsExactly(
            "link 7 veth0 up",
            "+192.0.2.1/24@7",
            "+2001:db8::1/64@7",
            "+fe80::1/64@7",
            "link 7 veth0 down",
            "-192.0.2.1/24@7",
            "-2001:db8::1/64@7",
            "-fe80::1/64@7",
            "gone 7 veth0");
    assertThat(s.links()).isEmpty();
    assertThat(s.allAddresses()).isEmpty();
  }

  @Test
  void resyncReportsOnlyTheDifference() {
    Recorder r = new Recorder();
    InterfaceState s = new InterfaceState(r);
    Link lo = new Link(1, "lo", Rtnl.IFF_UP, 65536);
    s.link(lo);
    s.link(UP);
    s.address(V4);
    s.address(V6);
    r.calls.clear();
    // lost meanwhile: veth0 went down and lost its IPv4 address, veth9 appeared with one
    Link v9 = new Link(9, "veth9", Rtnl.IFF_UP, 1500);
    Address a9 = new Address(9, IpAddress.parse("198.51.100.1"), 24, 0);
    s.resync(List.of(lo, DOWN, v9), List.of(V6, a9));
    assertThat(r.calls)
        .containsExactly(
            "-192.0.2.1/24@7", "link 7 veth0 down", "link 9 veth9 up", "+198.51.100.1/24@9");
    r.calls.clear();
    // veth0 deleted while we were not listening
    s.resync(List.of(lo, v9), List.of(a9));
    assertThat(r.calls).containsExactly("-2001:db8::1/64@7", "gone 7 veth0");
    assertThat(s.connectedPrefixes()).containsExactly(IpPrefix.parse("198.51.100.0/24"));
  }
}
