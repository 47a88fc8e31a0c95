package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv6Address;

/** What the {@link LinkMonitor} reports: interfaces, their addresses, and a listener for both. */
public final class InterfaceEvents {
  private InterfaceEvents() {}

  /**
   * An interface as {@code RTM_NEWLINK} describes it.
   *
   * @param up administratively up ({@code IFF_UP})
   * @param running operationally up: up with a carrier ({@code IFF_RUNNING})
   */
  public record Link(int index, String name, boolean up, boolean running, int mtu) {
    /** Whether traffic can flow: the condition for its connected routes. */
    public boolean usable() {
      return up && running;
    }
  }

  /** An address on an interface, as {@code RTM_NEWADDR} describes it. */
  public record Address(int index, IpAddress address, int prefixLength) {
    /** The network the address is on, e.g. 192.0.2.0/24 for 192.0.2.1/24. */
    public IpPrefix network() {
      return IpPrefix.of(address, prefixLength);
    }

    /** IPv6 link-local addresses give no connected route. */
    public boolean linkLocal() {
      return address instanceof Ipv6Address a && a.isLinkLocal();
    }
  }

  /**
   * Told about every change, on the monitor's own thread, in the kernel's order: first the state at
   * start (as changes from nothing), then each change.
   */
  public interface Listener {
    void linkChanged(Link link);

    void linkRemoved(Link link);

    void addressAdded(Address address);

    void addressRemoved(Address address);
  }
}
