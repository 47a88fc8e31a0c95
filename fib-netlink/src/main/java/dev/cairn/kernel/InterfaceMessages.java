package dev.cairn.kernel;

import dev.cairn.net.IpAddress;

/**
 * Decoders for {@code RTM_NEWLINK}/{@code RTM_DELLINK} ({@code struct ifinfomsg}: family, pad,
 * type, index, flags, change) and {@code RTM_NEWADDR}/{@code RTM_DELADDR} ({@code struct
 * ifaddrmsg}: family, prefixlen, flags, scope, index), see {@code linux/rtnetlink.h} and {@code
 * linux/if_addr.h}.
 */
public final class InterfaceMessages {
  private InterfaceMessages() {}

  /** A link message's interface. */
  public static Link link(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    NlAttrs a = m.attrs(Rtnl.IFINFOMSG_LEN);
    String name = a.string(Rtnl.IFLA_IFNAME);
    return new Link(
        b.getInt(p + 4), name == null ? "" : name, b.getInt(p + 8), a.u32(Rtnl.IFLA_MTU, 0));
  }

  /**
   * An address message's address, or null for families other than IPv4/IPv6 or a message without an
   * address. {@code IFA_LOCAL} is the interface's own address (for point-to-point links {@code
   * IFA_ADDRESS} is the peer); IPv6 sends only {@code IFA_ADDRESS}.
   */
  public static Address address(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    int family = b.get(p) & 0xff;
    if (family != Rtnl.AF_INET && family != Rtnl.AF_INET6) {
      return null;
    }
    int prefixLen = b.get(p + 1) & 0xff;
    int scope = b.get(p + 3) & 0xff;
    int index = b.getInt(p + 4);
    NlAttrs a = m.attrs(Rtnl.IFADDRMSG_LEN);
    IpAddress addr = a.address(Rtnl.IFA_LOCAL);
    if (addr == null) {
      addr = a.address(Rtnl.IFA_ADDRESS);
    }
    return addr == null ? null : new Address(index, addr, prefixLen, scope);
  }
}
