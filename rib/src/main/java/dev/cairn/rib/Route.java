package dev.cairn.rib;

import dev.cairn.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * A route offered to the RIB by one protocol: a prefix, its next hops (several = ECMP, none =
 * blackhole), the protocol's own metric and its {@link RouteAttributes} (communities, tag: what an
 * exporting channel may read). Next hops are kept sorted so that equal sets compare equal. Routes
 * are immutable values: two routes are equal when prefix, protocol, next hops, metric and
 * attributes are. A route without attributes holds no field for them.
 *
 * <p>{@link #of} makes one. A protocol may also offer its own immutable object as the route (BGP
 * offers the selected path itself, which knows its next hop and MED), so that a table of a million
 * routes is not held twice; such a subclass answers the four accessors from its own fields.
 */
public abstract class Route {

  /**
   * The route to {@code prefix} through {@code nextHops}; the metric is the protocol's (MED...).
   */
  public static Route of(IpPrefix prefix, Protocol protocol, List<NextHop> nextHops, long metric) {
    return new Plain(prefix, protocol, nextHops, metric);
  }

  /** As {@link #of(IpPrefix, Protocol, List, long)}, carrying {@code attributes}. */
  public static Route of(
      IpPrefix prefix,
      Protocol protocol,
      List<NextHop> nextHops,
      long metric,
      RouteAttributes attributes) {
    return attributes.isEmpty()
        ? new Plain(prefix, protocol, nextHops, metric)
        : new Attributed(prefix, protocol, nextHops, metric, attributes);
  }

  protected Route() {}

  public abstract IpPrefix prefix();

  public abstract Protocol protocol();

  /** The next hops, sorted and without duplicates (see {@link NextHopGroup#normalize}). */
  public abstract List<NextHop> nextHops();

  /** The protocol's metric (OSPF cost, MED, ...), compared after distance. */
  public abstract long metric();

  /** Communities, large communities and tag ({@link RouteAttributes#EMPTY} when none). */
  public RouteAttributes attributes() {
    return RouteAttributes.EMPTY;
  }

  public final boolean isBlackhole() {
    return nextHops().isEmpty();
  }

  @Override
  public final boolean equals(Object o) {
    return o == this
        || (o instanceof Route r
            && metric() == r.metric()
            && protocol() == r.protocol()
            && prefix().equals(r.prefix())
            && nextHops().equals(r.nextHops())
            && attributes().equals(r.attributes()));
  }

  @Override
  public final int hashCode() {
    return Objects.hash(prefix(), protocol(), nextHops(), metric()) * 31 + attributes().hashCode();
  }

  @Override
  public String toString() {
    return prefix()
        + " "
        + protocol().name().toLowerCase()
        + (isBlackhole() ? " blackhole" : " " + nextHops())
        + " metric "
        + metric()
        + (attributes().isEmpty() ? "" : " " + attributes());
  }

  private static class Plain extends Route {
    private final IpPrefix prefix;
    private final Protocol protocol;
    private final List<NextHop> nextHops;
    private final long metric;

    Plain(IpPrefix prefix, Protocol protocol, List<NextHop> nextHops, long metric) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      this.protocol = Objects.requireNonNull(protocol, "protocol");
      this.nextHops = NextHopGroup.normalize(nextHops);
      this.metric = metric;
    }

    @Override
    public IpPrefix prefix() {
      return prefix;
    }

    @Override
    public Protocol protocol() {
      return protocol;
    }

    @Override
    public List<NextHop> nextHops() {
      return nextHops;
    }

    @Override
    public long metric() {
      return metric;
    }
  }

  private static final class Attributed extends Plain {
    private final RouteAttributes attributes;

    Attributed(
        IpPrefix prefix,
        Protocol protocol,
        List<NextHop> nextHops,
        long metric,
        RouteAttributes attributes) {
      super(prefix, protocol, nextHops, metric);
      this.attributes = attributes;
    }

    @Override
    public RouteAttributes attributes() {
      return attributes;
    }
  }
}
