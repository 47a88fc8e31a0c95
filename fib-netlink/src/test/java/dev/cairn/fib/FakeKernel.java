package dev.cairn.fib;

import dev.cairn.kernel.Errno;
import dev.cairn.kernel.FibError;
import dev.cairn.kernel.FibOp;
import dev.cairn.kernel.Kernel;
import dev.cairn.kernel.LinkMessage;
import dev.cairn.kernel.NetlinkException;
import dev.cairn.kernel.NexthopMessage;
import dev.cairn.kernel.RouteMessage;
import dev.cairn.kernel.Rtnl;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An in-memory kernel: routes keyed by table, prefix and metric (one route per key, as in Linux),
 * nexthop objects by id, two links. Deleting a nexthop object takes the groups it empties and the
 * routes on them with it, without a notification per route, as Linux does. Faults are injected by
 * operation count: the n-th operation handed to {@link #apply} from now on throws (the earlier ones
 * of the batch are applied, the later ones are not, like a failed send or recv in mid-batch) or is
 * refused with an errno. Notifications of every change go to {@link #listener} (the route watch).
 */
final class FakeKernel implements Kernel {
  record Key(int table, IpPrefix dst, int priority) {}

  /** A fault at the {@code at}-th next operation; {@code thrown} or refused with {@code errno}. */
  record Fault(long at, int errno, boolean thrown) {}

  final Map<Key, RouteMessage> routes = new LinkedHashMap<>();
  final Map<Integer, NexthopMessage> nexthops = new LinkedHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private long ops;
  int dumpFailures; // the next dumps that throw ENOBUFS
  int applied;
  Consumer<Object[]> listener = e -> {};

  /** The {@code n}-th operation from now (1 = the next) fails. */
  FakeKernel fail(long n, int errno, boolean thrown) {
    faults.add(new Fault(ops + n, errno, thrown));
    List<Fault> sorted = new ArrayList<>(faults);
    sorted.sort((a, b) -> Long.compare(a.at, b.at));
    faults.clear();
    faults.addAll(sorted);
    return this;
  }

  boolean faultsLeft() {
    return !faults.isEmpty();
  }

  @Override
  public List<FibError> apply(List<? extends FibOp> batch) {
    List<FibError> errors = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      ops++;
      Fault f = faults.peek();
      if (f != null && f.at <= ops) {
        faults.poll();
        if (f.thrown) {
          throw new NetlinkException("netlink recv", f.errno);
        }
        errors.add(new FibError(i, batch.get(i), f.errno, "injected"));
        continue;
      }
      int errno = applyOne(batch.get(i));
      if (errno != 0) {
        errors.add(new FibError(i, batch.get(i), errno, null));
      } else {
        applied++;
      }
    }
    return errors;
  }

  private int applyOne(FibOp op) {
    if (op instanceof FibOp.SetRoute s) {
      RouteMessage r = s.route();
      if (r.nhId() != 0 && !nexthops.containsKey(r.nhId())) {
        return Errno.EINVAL;
      }
      put(r);
      return 0;
    }
    if (op instanceof FibOp.DeleteRoute d) {
      RouteMessage r = d.route();
      for (Map.Entry<Key, RouteMessage> e : routes.entrySet()) {
        Key k = e.getKey();
        if (k.table == r.table()
            && k.dst.equals(r.dst())
            && (r.priority() == 0 || k.priority == r.priority())
            && (r.protocol() == 0 || e.getValue().protocol() == r.protocol())) {
          deleteRoute(k);
          return 0;
        }
      }
      return Errno.ESRCH;
    }
    if (op instanceof FibOp.SetNexthop s) {
      NexthopMessage n = s.nexthop();
      for (NexthopMessage.Member m : n.group()) {
        NexthopMessage member = nexthops.get(m.id());
        if (member == null || member.isGroup()) {
          return Errno.EINVAL;
        }
      }
      nexthops.put(n.id(), n);
      listener.accept(new Object[] {n, false});
      return 0;
    }
    return deleteNexthop(((FibOp.DeleteNexthop) op).id()) ? 0 : Errno.ENOENT;
  }

  /** Adds or replaces a route (what cairn or {@code ip route replace} does). */
  void put(RouteMessage r) {
    routes.put(new Key(r.table(), r.dst(), r.priority()), r);
    listener.accept(new Object[] {r, false});
  }

  /** Deletes a route ({@code ip route del}). */
  void deleteRoute(Key k) {
    RouteMessage gone = routes.remove(k);
    if (gone != null) {
      listener.accept(new Object[] {gone, true});
    }
  }

  /** Deletes a nexthop object ({@code ip nexthop del}) and what goes with it. */
  boolean deleteNexthop(int id) {
    NexthopMessage gone = nexthops.remove(id);
    if (gone == null) {
      return false;
    }
    listener.accept(new Object[] {gone, true});
    routes.values().removeIf(r -> r.nhId() == id); // silently, as Linux does
    if (!gone.isGroup()) {
      for (NexthopMessage g : List.copyOf(nexthops.values())) {
        if (!g.isGroup() || g.group().stream().noneMatch(m -> m.id() == id)) {
          continue;
        }
        List<NexthopMessage.Member> left = g.group().stream().filter(m -> m.id() != id).toList();
        if (left.isEmpty()) {
          deleteNexthop(g.id());
        } else {
          nexthops.put(g.id(), NexthopMessage.group(g.id(), g.protocol(), left, g.resilient()));
        }
      }
    }
    return true;
  }

  @Override
  public List<RouteMessage> dumpRoutes(int family) {
    dumpFault();
    return List.copyOf(routes.values());
  }

  @Override
  public List<NexthopMessage> dumpNexthops() {
    dumpFault();
    return List.copyOf(nexthops.values());
  }

  @Override
  public List<LinkMessage> dumpLinks() {
    return List.of(
        new LinkMessage(2, "eth0", Rtnl.IFF_UP | Rtnl.IFF_RUNNING),
        new LinkMessage(3, "eth1", Rtnl.IFF_UP | Rtnl.IFF_RUNNING));
  }

  private void dumpFault() {
    if (dumpFailures > 0) {
      dumpFailures--;
      throw new NetlinkException("dump", Errno.ENOBUFS);
    }
  }

  /** 192.0.2.0/24 and 2001:db8:ffff::/64 are on eth0 (2), 198.51.100.0/24 on eth1 (3). */
  @Override
  public RouteMessage lookup(IpAddress dst) {
    String[] nets = {"192.0.2.0/24", "198.51.100.0/24", "2001:db8:ffff::/64"};
    for (int i = 0; i < nets.length; i++) {
      IpPrefix on = IpPrefix.parse(nets[i]);
      if (on.contains(dst)) {
        return new RouteMessage(
            on, 254, 2, Rtnl.RT_SCOPE_LINK, Rtnl.RTN_UNICAST, 0, 0, null, 2 + i % 2, 0, List.of());
      }
    }
    return null;
  }

  @Override
  public boolean nexthopObjectsSupported() {
    return true;
  }

  @Override
  public boolean resilientGroups() {
    return false;
  }

  /** (gateway, ifindex) pairs a route forwards through, or null for a blackhole. */
  Set<String> hopsOf(RouteMessage r) {
    Set<String> out = new TreeSet<>();
    if (r.type() == Rtnl.RTN_BLACKHOLE) {
      return null;
    }
    if (r.nhId() != 0) {
      NexthopMessage n = nexthops.get(r.nhId());
      List<NexthopMessage> singles = new ArrayList<>();
      if (n.isGroup()) {
        n.group().forEach(m -> singles.add(nexthops.get(m.id())));
      } else {
        singles.add(n);
      }
      singles.forEach(s -> out.add(s.gateway() + "%" + s.oif()));
    } else if (r.paths().isEmpty()) {
      out.add(r.gateway() + "%" + r.oif());
    } else {
      r.paths().forEach(p -> out.add(p.gateway() + "%" + p.ifindex()));
    }
    return out;
  }

  /** Routes of {@code protocol} in {@code table}: prefix to their next hops ("blackhole"). */
  Map<IpPrefix, String> table(int table, int protocol) {
    Map<IpPrefix, String> m = new java.util.TreeMap<>();
    for (RouteMessage r : routes.values()) {
      if (r.table() == table && r.protocol() == protocol) {
        m.put(r.dst(), Objects.toString(hopsOf(r), "blackhole") + " metric " + r.priority());
      }
    }
    return m;
  }
}
