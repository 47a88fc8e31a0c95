package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv6Address;

/**
 * An interface address as the kernel reports it in {@code RTM_NEWADDR}/{@code RTM_DELADDR}:
 * immutable.
 *
 * @param ifindex interface index ({@code ifa_index})
 * @param address the local address ({@code IFA_LOCAL}, else {@code IFA_ADDRESS})
 * @param prefixLength {@code ifa_prefixlen}
 * @param scope {@code RT_SCOPE_*} ({@code ifa_scope})
 */
public record Address(int ifindex, IpAddress address, int prefixLength, int scope) {

  /** {@code AF_INET} or {@code AF_INET6}. */
  public int family() {
    return Rtnl.family(address);
  }

  /** An IPv6 link-local address (fe80::/10): an address, but no connected route. */
  public boolean isLinkLocalIpv6() {
    return address instanceof Ipv6Address a && a.isLinkLocal();
  }

  /**
   * The connected prefix this address gives (the address masked to its prefix length), or null when
   * it gives none: IPv6 link-local and host-scoped addresses (e.g. 127.0.0.1/8 on lo).
   */
  public IpPrefix connectedPrefix() {
    if (isLinkLocalIpv6() || scope >= Rtnl.RT_SCOPE_HOST) {
      return null;
    }
    return IpPrefix.parseLenient(address + "/" + prefixLength);
  }
}
