package dev.cairn.rib;

import dev.cairn.net.IpAddress;

/**
 * One way to forward: through a gateway address, out of an interface, or both. A route with no next
 * hop at all is a blackhole.
 *
 * @param gateway the neighbor to forward to, or {@code null} for a directly attached network
 * @param interfaceName the outgoing interface, or {@code null} when the RIB resolves it
 */
public record NextHop(IpAddress gateway, String interfaceName) implements Comparable<NextHop> {

  public NextHop {
    if (gateway == null && interfaceName == null) {
      throw new IllegalArgumentException("a next hop needs a gateway or an interface");
    }
  }

  public static NextHop via(IpAddress gateway) {
    return new NextHop(gateway, null);
  }

  @Override
  public int compareTo(NextHop o) {
    if (gateway != null && o.gateway != null) {
      int c = gateway.compareTo(o.gateway);
      if (c != 0) {
        return c;
      }
    } else if (gateway != o.gateway) {
      return gateway == null ? -1 : 1;
    }
    String a = interfaceName == null ? "" : interfaceName;
    String b = o.interfaceName == null ? "" : o.interfaceName;
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    return gateway == null
        ? "dev " + interfaceName
        : interfaceName == null ? "via " + gateway : "via " + gateway + " dev " + interfaceName;
  }

  // equals (and hashCode) written out: a record's generated ones go through method handles,
  // slow until the JIT has compiled them, and these run per route while a first table arrives
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof NextHop h
            && java.util.Objects.equals(h.gateway, gateway)
            && java.util.Objects.equals(h.interfaceName, interfaceName));
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hashCode(gateway) * 31 + java.util.Objects.hashCode(interfaceName);
  }
}
