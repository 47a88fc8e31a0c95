package dev.cairn.rib;

/**
 * The protocols that meet the RIB, one {@link Channel} each: the unit of redistribution. A source
 * owns one or more {@link Protocol}s (BGP offers eBGP and iBGP routes, OSPF its four path types);
 * the kernel offers nothing today and only takes the best routes (the FIB).
 */
public enum Source {
  CONNECTED,
  STATIC,
  KERNEL,
  BGP,
  OSPF,
  KUBERNETES;

  /** The name used in config ({@code redistribute: [static, ospf, ...]}) and the CLI. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public String toString() {
    return configName();
  }
}
