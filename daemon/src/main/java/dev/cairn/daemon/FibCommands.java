package dev.cairn.daemon;

import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code show fib}: the kernel's routes of cairn against what the RIB wants there, read on the FIB
 * writer's loop into a {@link RouteViews.Fib} with the differences worked out.
 */
final class FibCommands {
  private final KernelSync kernel;

  /**
   * @param kernel the FIB writer, null when {@code kernel.enabled} is false
   */
  FibCommands(KernelSync kernel) {
    this.kernel = kernel;
  }

  /** Adds {@code fib} under {@code show}. */
  void show(CommandTree.Node show) {
    show.keyword("fib", "The kernel's routes of cairn against the RIB, with differences")
        .jsonAction(inv -> inv.json() ? Json.write(view()) : RouteText.fib(view()));
  }

  RouteViews.Fib view() throws CommandException {
    if (kernel == null) {
      throw new CommandException("% The kernel FIB is disabled (kernel.enabled: false)");
    }
    return view(LoopQuery.on(kernel.loop(), kernel::view));
  }

  /** The view of what the FIB writer reports: the differences worked out. */
  static RouteViews.Fib view(KernelSync.FibView v) {
    Set<IpPrefix> wanted = new TreeSet<>();
    v.desired().forEach(r -> wanted.add(r.prefix()));
    List<String> missing = new ArrayList<>();
    for (IpPrefix p : wanted) {
      if (!v.inKernel().contains(p)) {
        missing.add(p.toString());
      }
    }
    List<String> extra = new ArrayList<>();
    for (IpPrefix p : v.inKernel()) {
      if (!wanted.contains(p) && !v.adopted().contains(p)) {
        extra.add(p.toString());
      }
    }
    List<String> failing = new ArrayList<>();
    v.failing().forEach((p, e) -> failing.add(p + ": " + e));
    List<RouteViews.FibRoute> routes = new ArrayList<>();
    for (Route r : v.desired()) {
      routes.add(
          new RouteViews.FibRoute(
              r.prefix().toString(),
              r.protocol().name().toLowerCase().replace('_', '-'),
              RouteViews.Hop.of(r.nextHops()),
              v.inKernel().contains(r.prefix())));
    }
    KernelSync.LastRepair r = v.lastRepair();
    return new RouteViews.Fib(
        v.table(),
        v.protocol(),
        v.nexthopObjects(),
        wanted.size(),
        v.inKernel().size(),
        missing,
        extra,
        v.adopted().stream().map(Object::toString).sorted().toList(),
        failing,
        r == null
            ? null
            : new RouteViews.LastRepair(r.time().toString(), r.prefix().toString(), r.reason()),
        routes);
  }
}
