package dev.cairn.fib;

import dev.cairn.kernel.NexthopMessage;
import dev.cairn.kernel.RouteMessage;
import dev.cairn.kernel.Rtnl;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts back what something else did to cairn's routes and nexthop objects, from the kernel's route
 * and nexthop notifications. Owned by the {@link FibWriter}, on its loop.
 *
 * <p>{@link #route} and {@link #nexthop} only note: a notification that matches what the writer
 * installed (the echo of its own write) clears the prefix or id, one that does not marks it. The
 * latest notification wins, so the echo of an earlier write of cairn's, read late, is overtaken by
 * the echo of the latest one; but a deleted nexthop object stays noted even when it comes back, as
 * the routes it took with it do not. {@link #repair}, called a moment later, makes the writer
 * forget the routes still marked; its next flush writes them again. A deleted group takes its
 * routes with it without a notification per route: the writer's own record of which routes used the
 * group says which to write again. A changed nexthop object, or a deleted one that shrank a group
 * with other members, makes the writer read the whole kernel again.
 */
public final class KernelDrift {
  /** A prefix that keeps being changed back (another daemon insists) is left alone until a scan. */
  static final int MAX_CHANGED_REPAIRS = 10;

  private final FibWriter writer;
  private final FibConfig config;
  private final NexthopTable nexthops;
  private final Map<IpPrefix, String> routes = new LinkedHashMap<>();
  private final Map<Integer, String> nexthopIds = new LinkedHashMap<>();
  private final Map<IpPrefix, Integer> changedRepairs = new HashMap<>();
  private java.util.function.Consumer<Repair> listener = r -> {};
  private Repair last;

  /** A route found lost or changed in the kernel and written again: which, and why. */
  public record Repair(IpPrefix prefix, String reason) {}

  KernelDrift(FibWriter writer, FibConfig config, NexthopTable nexthops) {
    this.writer = writer;
    this.config = config;
    this.nexthops = nexthops;
  }

  /** An {@code RTM_NEWROUTE} ({@code deleted} false) or {@code RTM_DELROUTE} notification. */
  public void route(RouteMessage r, boolean deleted) {
    if (r.table() != config.table()) {
      return;
    }
    FibWriter.Installed i = writer.installedEntry(r.dst());
    if (i == null && r.protocol() == config.protocol() && r.priority() == config.metric()) {
      // cairn's tag on a route cairn did not write (or the late echo of one it deleted since)
      if (deleted) {
        routes.remove(r.dst(), "unexpected");
      } else {
        routes.put(r.dst(), "unexpected");
      }
      return;
    }
    if (i == null || r.priority() != i.metric()) {
      return; // not about a route of cairn's: another metric is another route
    }
    boolean ours = r.protocol() == config.protocol();
    if (deleted) {
      if (ours) {
        routes.put(r.dst(), "deleted");
      }
    } else if (ours && matches(i, r)) {
      routes.remove(r.dst());
    } else {
      routes.put(r.dst(), "changed"); // replaced: one route per table, prefix and metric
    }
  }

  /** An {@code RTM_NEWNEXTHOP} or {@code RTM_DELNEXTHOP} notification. */
  public void nexthop(NexthopMessage n, boolean deleted) {
    NexthopTable.Group g = nexthops.groupById(n.id());
    NexthopTable.Single s = nexthops.singleById(n.id());
    if (g == null && s == null) {
      return;
    }
    if (deleted) {
      nexthopIds.put(n.id(), "nexthop-deleted");
      return;
    }
    boolean same =
        n.protocol() == config.protocol()
            && (g != null ? sameMembers(g, n) : sameSingle(s, n) && !n.isGroup());
    if (same) {
      // a deletion stays noted: the groups and routes it took do not come back with the object
      nexthopIds.remove(n.id(), "nexthop-changed");
    } else if (!"nexthop-deleted".equals(nexthopIds.get(n.id()))) {
      nexthopIds.put(n.id(), "nexthop-changed");
    }
  }

  /** Called with every repair, on the writer's loop (for metrics). */
  public void onRepair(java.util.function.Consumer<Repair> l) {
    listener = l;
  }

  /** The last route written again because the kernel had lost or changed it, or null. */
  public Repair lastRepair() {
    return last;
  }

  void repaired(IpPrefix p, String reason) {
    last = new Repair(p, reason);
    listener.accept(last);
  }

  /** True when notifications are waiting for {@link #repair}. */
  public boolean pending() {
    return !routes.isEmpty() || !nexthopIds.isEmpty();
  }

  /**
   * Acts on the notifications noted since the last call: the routes concerned are written again at
   * the writer's next flush. Returns how many routes were found lost or changed.
   */
  public int repair() {
    int n = 0;
    if (writer.resyncPending()) {
      clear(); // the writer reads the whole kernel before its next write anyway
      return n;
    }
    for (Map.Entry<Integer, String> e : nexthopIds.entrySet()) {
      int id = e.getKey();
      if (e.getValue().equals("nexthop-changed")) {
        writer.requestResync("nexthop-changed");
        clear();
        return n;
      }
      NexthopTable.Group g = nexthops.groupById(id);
      if (g != null) {
        n += groupGone(g);
        continue;
      }
      NexthopTable.Single s = nexthops.singleById(id);
      if (s == null) {
        continue;
      }
      List<NexthopTable.Group> users = nexthops.groupsWith(s);
      if (users.stream().anyMatch(u -> u.members.size() > 1)) {
        // the kernel shrank groups that had other members: read it again to know them
        writer.requestResync("nexthop-deleted");
        clear();
        return n;
      }
      for (NexthopTable.Group u : users) {
        n += groupGone(u); // its only member went, so the kernel deleted the group too
      }
      nexthops.forgetSingle(id);
      nexthops.stray(id);
    }
    nexthopIds.clear();
    for (Map.Entry<IpPrefix, String> e : routes.entrySet()) {
      IpPrefix p = e.getKey();
      if (e.getValue().equals("unexpected")) {
        writer.unexpected(p); // deleted at the next flush unless cairn wants the prefix
        continue;
      }
      if (writer.installedEntry(p) == null) {
        continue;
      }
      if (e.getValue().equals("changed")
          && changedRepairs.merge(p, 1, Integer::sum) > MAX_CHANGED_REPAIRS) {
        continue;
      }
      writer.forget(p, e.getValue().equals("changed"));
      repaired(p, e.getValue());
      n++;
    }
    routes.clear();
    return n;
  }

  /** A scan starts over: prefixes given up on after repeated changes are repaired again. */
  void resetGuard() {
    changedRepairs.clear();
  }

  private void clear() {
    routes.clear();
    nexthopIds.clear();
  }

  /** The kernel deleted group {@code g} and, silently, every route that used it. */
  private int groupGone(NexthopTable.Group g) {
    List<IpPrefix> users = new ArrayList<>();
    writer
        .installedMap()
        .forEach(
            (p, i) -> {
              if (i.groupId() == g.id) {
                users.add(p);
              }
            });
    for (IpPrefix p : users) {
      writer.forget(p, false);
      repaired(p, "nexthop-deleted");
    }
    nexthops.forgetGroup(g.id);
    nexthops.stray(g.id); // in case a write of cairn's made it again since: deleted once unused
    return users.size();
  }

  private static boolean sameMembers(NexthopTable.Group g, NexthopMessage n) {
    Set<Integer> want = new HashSet<>();
    g.members.forEach(s -> want.add(s.id));
    Set<Integer> have = new HashSet<>();
    n.group().forEach(m -> have.add(m.id()));
    return want.equals(have);
  }

  private static boolean sameSingle(NexthopTable.Single s, NexthopMessage n) {
    return s.key.ifindex() == n.oif() && java.util.Objects.equals(s.key.gateway(), n.gateway());
  }

  /** True when notification {@code r} shows the route the writer installed ({@code i}). */
  private static boolean matches(FibWriter.Installed i, RouteMessage r) {
    boolean blackhole = i.set() != null && i.set().isBlackhole();
    if (blackhole || r.type() == Rtnl.RTN_BLACKHOLE) {
      return blackhole && r.type() == Rtnl.RTN_BLACKHOLE;
    }
    if (i.groupId() != 0 || r.nhId() != 0) {
      return i.groupId() == r.nhId();
    }
    if (i.set() == null) {
      return true;
    }
    List<NhKey> keys = new ArrayList<>();
    if (r.paths().isEmpty()) {
      keys.add(FibWriter.key(r.family(), r.gateway(), r.oif()));
    } else {
      for (RouteMessage.Path p : r.paths()) {
        keys.add(FibWriter.key(r.family(), p.gateway(), p.ifindex()));
      }
    }
    return new NhSet(keys).equals(i.set());
  }
}
