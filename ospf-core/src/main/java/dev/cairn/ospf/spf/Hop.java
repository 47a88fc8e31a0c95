package dev.cairn.ospf.spf;

/** One next hop: an outgoing interface and a gateway address (0 for a directly attached net). */
public record Hop(String interfaceName, int gateway) implements Comparable<Hop> {
  @Override
  public int compareTo(Hop o) {
    int c = interfaceName.compareTo(o.interfaceName);
    return c != 0 ? c : Integer.compareUnsigned(gateway, o.gateway);
  }
}
