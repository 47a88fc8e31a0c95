package dev.cairn.config;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/** A static route: to {@code via} (ECMP when several) or a blackhole. */
public record StaticRoute(IpPrefix prefix, List<IpAddress> via, boolean blackhole) {
  public StaticRoute {
    Objects.requireNonNull(prefix, "prefix");
    via = List.copyOf(via);
  }
}
