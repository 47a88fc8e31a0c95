package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import java.util.List;

/**
 * What the FIB writer needs from the kernel: batched changes, dumps, a route lookup and feature
 * probes. {@link KernelRoutes} is the netlink implementation; tests put an in-memory kernel behind
 * it that fails at chosen points. Any method may throw {@link NetlinkException} (EAGAIN, ENOBUFS, a
 * failed send): the caller then cannot know how much of a batch the kernel applied.
 */
public interface Kernel {

  /**
   * Applies {@code ops} in order and returns the ones the kernel refused; a refusal does not stop
   * the operations after it.
   */
  List<FibError> apply(List<? extends FibOp> ops);

  /** Every route of a family ({@code AF_UNSPEC} for both). */
  List<RouteMessage> dumpRoutes(int family);

  /** Every nexthop object. */
  List<NexthopMessage> dumpNexthops();

  /** Every network interface. */
  List<LinkMessage> dumpLinks();

  /** The route the kernel would use to reach {@code dst}, or null when it has none. */
  RouteMessage lookup(IpAddress dst);

  /** True when the kernel has nexthop objects (Linux 5.3+). */
  boolean nexthopObjectsSupported();

  /** True when the kernel has resilient nexthop groups (Linux 5.13+). */
  boolean resilientGroups();
}
