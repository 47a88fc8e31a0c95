package dev.cairn.fib;

import dev.cairn.kernel.FibOp;
import dev.cairn.kernel.NexthopMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * cairn's nexthop objects in the kernel: one object per distinct resolved next hop and one group
 * per distinct next-hop set, reference counted (a single by the groups that contain it, a group by
 * the routes that point at it). Owned by the {@link FibWriter}; it only plans operations, the
 * writer sends them and reports back which failed.
 */
final class NexthopTable {

  /** A single next hop object. */
  static final class Single {
    final int id;
    final NhKey key;
    int refs;

    Single(int id, NhKey key) {
      this.id = id;
      this.key = key;
    }
  }

  /** A group object; {@code set} can change in place (same id). */
  static final class Group {
    final int id;
    NhSet set;
    List<Single> members;
    int refs;

    Group(int id, NhSet set, List<Single> members) {
      this.id = id;
      this.set = set;
      this.members = members;
    }
  }

  private final int protocol;
  private final NexthopMessage.Resilient resilient;
  private final int firstId;
  private final Map<NhKey, Single> singles = new HashMap<>();
  private final Map<Integer, Single> singlesById = new HashMap<>();
  private final Map<NhSet, Group> groups = new HashMap<>();
  private final Map<Integer, Group> groupsById = new HashMap<>();
  private final Set<Integer> usedIds = new HashSet<>();
  private final Set<Integer> strays = new HashSet<>();
  private final Map<Integer, List<Integer>> strayMembers = new HashMap<>();
  private int nextId;

  NexthopTable(int protocol, NexthopMessage.Resilient resilient, int firstId) {
    this.protocol = protocol;
    this.resilient = resilient;
    this.firstId = firstId;
    this.nextId = firstId;
  }

  /**
   * Replaces the table with what the kernel holds: objects tagged with cairn's protocol are
   * adopted, every id is remembered as used. Duplicates (two objects for one key) become strays,
   * deleted by the next {@link #collect}.
   */
  void load(List<NexthopMessage> dump) {
    singles.clear();
    singlesById.clear();
    groups.clear();
    groupsById.clear();
    usedIds.clear();
    strays.clear();
    strayMembers.clear();
    // ids go on upward, not from firstId again: a late notification about an object deleted
    // before this load must not be taken for one about a new object with the same id
    List<NexthopMessage> ourGroups = new ArrayList<>();
    for (NexthopMessage m : dump) {
      usedIds.add(m.id());
      if (m.protocol() != protocol) {
        continue;
      }
      if (m.isGroup()) {
        ourGroups.add(m);
      } else if (m.blackhole()) {
        strays.add(m.id());
      } else {
        NhKey k = new NhKey(m.family(), m.gateway(), m.oif());
        if (singles.containsKey(k)) {
          strays.add(m.id());
        } else {
          Single s = new Single(m.id(), k);
          singles.put(k, s);
          singlesById.put(m.id(), s);
        }
      }
    }
    for (NexthopMessage m : ourGroups) {
      List<Single> members = new ArrayList<>();
      for (NexthopMessage.Member mem : m.group()) {
        Single s = singlesById.get(mem.id());
        if (s != null) {
          members.add(s);
        }
      }
      NhSet set = new NhSet(members.stream().map(s -> s.key).toList());
      boolean wantedType = (m.resilient() != null) == (resilient != null);
      if (members.size() != m.group().size() || groups.containsKey(set) || !wantedType) {
        strays.add(m.id());
        strayMembers.put(m.id(), m.group().stream().map(NexthopMessage.Member::id).toList());
        continue;
      }
      Group g = new Group(m.id(), set, members);
      members.forEach(s -> s.refs++);
      groups.put(set, g);
      groupsById.put(m.id(), g);
    }
  }

  Group group(NhSet set) {
    return groups.get(set);
  }

  Group groupById(int id) {
    return groupsById.get(id);
  }

  Single singleById(int id) {
    return singlesById.get(id);
  }

  /** The groups that have {@code s} as a member. */
  List<Group> groupsWith(Single s) {
    List<Group> out = new ArrayList<>();
    for (Group g : groupsById.values()) {
      if (g.members.contains(s)) {
        out.add(g);
      }
    }
    return out;
  }

  int groupCount() {
    return groups.size();
  }

  int singleCount() {
    return singles.size();
  }

  /**
   * The group for {@code set}, creating it (and any missing single) by appending operations to
   * {@code singleOps} and {@code groupOps}. A new group starts with no route references.
   */
  Group ensure(NhSet set, List<FibOp> singleOps, List<FibOp> groupOps) {
    Group g = groups.get(set);
    if (g != null) {
      return g;
    }
    List<Single> members = members(set, singleOps);
    g = new Group(allocate(), set, members);
    groups.put(set, g);
    groupsById.put(g.id, g);
    groupOps.add(new FibOp.SetNexthop(groupMessage(g)));
    return g;
  }

  /**
   * Rewrites group {@code g} in place to {@code to}: same id, so routes pointing at it need no
   * change. Singles no longer used are released and collected later.
   */
  void rekey(Group g, NhSet to, List<FibOp> singleOps, List<FibOp> groupOps) {
    List<Single> members = members(to, singleOps);
    g.members.forEach(s -> s.refs--);
    groups.remove(g.set);
    g.set = to;
    g.members = members;
    groups.put(to, g);
    groupOps.add(new FibOp.SetNexthop(groupMessage(g)));
  }

  private List<Single> members(NhSet set, List<FibOp> singleOps) {
    List<Single> members = new ArrayList<>();
    for (NhKey k : set.members()) {
      Single s = singles.get(k);
      if (s == null) {
        s = new Single(allocate(), k);
        singles.put(k, s);
        singlesById.put(s.id, s);
        singleOps.add(
            new FibOp.SetNexthop(
                NexthopMessage.single(s.id, protocol, k.gateway(), k.family(), k.ifindex())));
      }
      s.refs++;
      members.add(s);
    }
    return members;
  }

  private NexthopMessage groupMessage(Group g) {
    List<NexthopMessage.Member> mem = new ArrayList<>();
    for (Single s : g.members) {
      mem.add(new NexthopMessage.Member(s.id, 1));
    }
    return NexthopMessage.group(g.id, protocol, mem, resilient);
  }

  /** Forgets a single the kernel refused; groups using it will fail on their own. */
  void forgetSingle(int id) {
    Single s = singlesById.remove(id);
    if (s != null) {
      singles.remove(s.key);
    }
  }

  /** Forgets a group (refused or gone), releasing its members. */
  void forgetGroup(int id) {
    Group g = groupsById.remove(id);
    if (g != null) {
      groups.remove(g.set);
      g.members.forEach(s -> s.refs--);
    }
  }

  /**
   * Appends deletions for every group no route uses, then every single no group uses, and forgets
   * them. Groups go first: the kernel would otherwise shrink them. Strays (duplicates found at
   * start-up, which an adopted route may still use) go only when {@code strays} is true.
   */
  void collect(List<FibOp> out, boolean includeStrays) {
    for (Group g : List.copyOf(groups.values())) {
      if (g.refs <= 0) {
        forgetGroup(g.id);
        usedIds.remove(g.id);
        out.add(new FibOp.DeleteNexthop(g.id));
      }
    }
    if (includeStrays) {
      for (Integer id : strays) {
        out.add(new FibOp.DeleteNexthop(id));
        usedIds.remove(id);
      }
      strays.clear();
    }
    for (Single s : List.copyOf(singles.values())) {
      if (s.refs <= 0) {
        forgetSingle(s.id);
        usedIds.remove(s.id);
        out.add(new FibOp.DeleteNexthop(s.id));
      }
    }
  }

  /** Marks an object the table no longer keeps for deletion once no route uses it. */
  void stray(int id) {
    strays.add(id);
  }

  boolean hasStrays() {
    return !strays.isEmpty();
  }

  /** Appends deletions for the strays whose id is not in {@code inUse}, and forgets them. */
  void collectStrays(Set<Integer> inUse, List<FibOp> out) {
    inUse = new HashSet<>(inUse);
    for (Map.Entry<Integer, List<Integer>> e : strayMembers.entrySet()) {
      if (inUse.contains(e.getKey())) {
        inUse.addAll(e.getValue()); // a group still used keeps its members
      }
    }
    for (java.util.Iterator<Integer> it = strays.iterator(); it.hasNext(); ) {
      Integer id = it.next();
      if (!inUse.contains(id)) {
        it.remove();
        strayMembers.remove(id);
        usedIds.remove(id);
        out.add(new FibOp.DeleteNexthop(id));
      }
    }
  }

  private int allocate() {
    while (usedIds.contains(nextId)) {
      nextId = nextId == Integer.MAX_VALUE ? firstId : nextId + 1;
    }
    usedIds.add(nextId);
    return nextId;
  }
}
