package dev.cairn.rib;

import dev.cairn.net.IpPrefix;

/**
 * One change of the RIB's best routes, as its subscribers (the FIB writer, redistribution) see it.
 * {@code best} is {@code null} when the prefix has no usable route any more.
 */
public record RibChange(IpPrefix prefix, Route best, NextHopGroup group) {
  public boolean removed() {
    return best == null;
  }

  @Override
  public String toString() {
    return removed()
        ? "withdraw " + prefix
        : prefix + " " + best.protocol().name().toLowerCase() + " " + group;
  }
}
