package dev.cairn.kernel;

/**
 * A network interface as the kernel reports it in {@code RTM_NEWLINK}: immutable.
 *
 * @param index interface index ({@code ifi_index})
 * @param name interface name ({@code IFLA_IFNAME})
 * @param flags {@code IFF_*} flags ({@code ifi_flags})
 * @param mtu {@code IFLA_MTU}, 0 when absent
 */
public record Link(int index, String name, int flags, int mtu) {
  /** {@code IFF_UP}: administratively up. */
  public boolean isUp() {
    return (flags & Rtnl.IFF_UP) != 0;
  }

  /** {@code IFF_RUNNING}: operationally up (carrier). */
  public boolean isRunning() {
    return (flags & Rtnl.IFF_RUNNING) != 0;
  }
}
