// The addresses this router gives as next hop on a session (RFC 4760 §3, RFC 2545 §3).
package dev.cairn.bgp.export;

import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;

/**
 * The addresses this router can give as next hop on a session: the session's own local address, and
 * the other family's address on the same interface (an IPv4 session carries IPv6 routes with the
 * interface's global IPv6 address as next hop, RFC 4760 / RFC 2545, and the other way round).
 */
public record LocalAddresses(Ipv4Address v4, Ipv6Address v6) {
  public static final LocalAddresses NONE = new LocalAddresses(null, null);

  public static LocalAddresses of(IpAddress local) {
    if (local == null) {
      return NONE;
    }
    Ipv4Address v4 = local instanceof Ipv4Address a ? a : null;
    Ipv6Address v6 = local instanceof Ipv6Address a && !a.isLinkLocal() ? a : null;
    try {
      NetworkInterface nif =
          NetworkInterface.getByInetAddress(InetAddress.getByAddress(local.toBytes()));
      if (nif != null) {
        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
          IpAddress a = IpAddress.fromBytes(ia.getAddress().getAddress());
          if (v4 == null && a instanceof Ipv4Address x) {
            v4 = x;
          } else if (v6 == null && a instanceof Ipv6Address x && !x.isLinkLocal()) {
            v6 = x;
          }
        }
      }
    } catch (SocketException | UnknownHostException e) {
      // only the session's own address, then
    }
    return new LocalAddresses(v4, v6);
  }
}
