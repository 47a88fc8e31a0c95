package dev.cairn.fib;

import dev.cairn.kernel.Rtnl;
import dev.cairn.net.IpAddress;
import java.util.Comparator;

/**
 * One resolved next hop as the kernel sees it: family, gateway (null for a device route) and
 * interface index. Equal keys share one nexthop object.
 */
record NhKey(int family, IpAddress gateway, int ifindex) implements Comparable<NhKey> {

  private static final Comparator<NhKey> ORDER =
      Comparator.comparingInt(NhKey::family)
          .thenComparing(NhKey::gateway, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparingInt(NhKey::ifindex);

  @Override
  public int compareTo(NhKey o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    String fam = family == Rtnl.AF_INET ? "inet" : "inet6";
    return (gateway == null ? fam + " dev#" : "via " + gateway + " dev#") + ifindex;
  }
}
