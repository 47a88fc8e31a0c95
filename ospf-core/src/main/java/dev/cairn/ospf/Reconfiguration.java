package dev.cairn.ospf;

import dev.cairn.net.Ipv4Address;
import dev.cairn.ospf.transport.OspfTransport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What moving a running OSPF instance from one {@link OspfSettings} to another takes (computed
 * without side effects), and doing it on the instance's loop. Per parameter, after RFC 2328:
 *
 * <ul>
 *   <li>interface cost: in place; the router-LSA is re-originated with the new cost (12.4) and
 *       flooded, the adjacencies stay;
 *   <li>authentication keys: in place; packets go out with the newest key and are accepted with any
 *       configured one, so a key added on both sides and the old one removed later rolls over
 *       without a drop (D.3). A new authentication type makes the neighbors drop our packets until
 *       they match (D.2): the adjacency ends after RouterDeadInterval unless they do;
 *   <li>hello and dead intervals: in place; 10.5 drops Hellos whose intervals differ from the
 *       receiving interface's, so the adjacency survives when the neighbor is changed to match
 *       within RouterDeadInterval (it then never leaves Full) and ends otherwise;
 *   <li>router priority: in place; the next Hello carries it and the election is re-run (9.4); a DR
 *       in office is not pre-empted;
 *   <li>passive or network type: a restart of that interface (another interface state machine, 9.1,
 *       9.3); moving an interface to another area, adding or removing one: that interface;
 *   <li>an area's stub flag: a restart of that area (the E bit must match in Hellos, 10.5, and the
 *       area's database holds other LSA types, 3.6); adding or removing an area: that area;
 *   <li>max-external-lsas: in place;
 *   <li>router id: a restart of the instance (C.1: the OSPF software should be restarted before a
 *       new Router ID takes effect), and so is a change that leaves no area.
 * </ul>
 */
public final class Reconfiguration {

  /** One change: what it touches ("interface eth0"), whether that restarts, and what changed. */
  public record Change(String scope, boolean restart, String what) {}

  private final OspfSettings to;
  private final List<Change> changes = new ArrayList<>();
  private final boolean restartsInstance;
  private final Set<String> removedInterfaces = new LinkedHashSet<>();
  private final Set<Ipv4Address> removedAreas = new LinkedHashSet<>();
  private final List<AreaSettings> addedAreas = new ArrayList<>();
  private final Map<String, InterfaceSettings> retuned = new LinkedHashMap<>();
  private final Map<String, InterfaceSettings> addedInterfaces = new LinkedHashMap<>();

  private Reconfiguration(OspfSettings from, OspfSettings to) {
    this.to = to;
    if (!from.routerId().equals(to.routerId())) {
      changes.add(
          new Change("ospf", true, "router-id " + from.routerId() + " -> " + to.routerId()));
    } else if (to.areas().isEmpty() && !from.areas().isEmpty()) {
      changes.add(new Change("ospf", true, "no area left"));
    }
    restartsInstance = !changes.isEmpty();
    if (restartsInstance) {
      return;
    }
    areas(from, to);
    interfaces(from, to);
    if (from.maxExternalLsas() != to.maxExternalLsas()) {
      changes.add(
          new Change(
              "ospf",
              false,
              "max-external-lsas " + from.maxExternalLsas() + " -> " + to.maxExternalLsas()));
    }
  }

  /** The changes from {@code from} to {@code to}; nothing runs. */
  public static Reconfiguration between(OspfSettings from, OspfSettings to) {
    return new Reconfiguration(from, to);
  }

  /** Every change, in words; empty when nothing the instance uses changed. */
  public List<Change> changes() {
    return List.copyOf(changes);
  }

  /** True when the instance must be built again (router id). */
  public boolean restartsInstance() {
    return restartsInstance;
  }

  /** The interfaces that come up anew (added or restarted) and need a transport. */
  public Map<String, InterfaceSettings> interfacesToOpen() {
    return Map.copyOf(addedInterfaces);
  }

  private void areas(OspfSettings from, OspfSettings to) {
    for (AreaSettings a : from.areas()) {
      AreaSettings b = to.area(a.id());
      if (b == null) {
        changes.add(new Change("area " + a.id(), true, "removed"));
        removeArea(a);
      } else if (a.stub() != b.stub()) {
        changes.add(new Change("area " + a.id(), true, "stub " + a.stub() + " -> " + b.stub()));
        removeArea(a);
        addArea(b);
      }
    }
    for (AreaSettings b : to.areas()) {
      if (from.area(b.id()) == null) {
        changes.add(new Change("area " + b.id(), true, "added"));
        addArea(b);
      }
    }
  }

  private void removeArea(AreaSettings a) {
    removedAreas.add(a.id());
    removedInterfaces.addAll(a.interfaces().keySet());
  }

  private void addArea(AreaSettings b) {
    addedAreas.add(b);
    addedInterfaces.putAll(b.interfaces());
  }

  private void interfaces(OspfSettings from, OspfSettings to) {
    Map<String, InterfaceSettings> old = byName(from);
    Map<String, InterfaceSettings> now = byName(to);
    for (Map.Entry<String, InterfaceSettings> e : old.entrySet()) {
      String name = e.getKey();
      InterfaceSettings a = e.getValue();
      InterfaceSettings b = now.get(name);
      if (removedInterfaces.contains(name) || addedInterfaces.containsKey(name)) {
        continue; // its area goes or restarts
      }
      String scope = "interface " + name;
      if (b == null) {
        changes.add(new Change(scope, true, "removed"));
        removedInterfaces.add(name);
      } else if (a.areaId() != b.areaId()
          || a.passive() != b.passive()
          || a.pointToPoint() != b.pointToPoint()) {
        changes.add(new Change(scope, true, restartReason(a, b)));
        removedInterfaces.add(name);
        addedInterfaces.put(name, b);
      } else if (!a.equals(b)) {
        changes.add(new Change(scope, false, softReason(a, b)));
        retuned.put(name, b);
      }
    }
    for (Map.Entry<String, InterfaceSettings> e : now.entrySet()) {
      if (!old.containsKey(e.getKey()) && !addedInterfaces.containsKey(e.getKey())) {
        changes.add(new Change("interface " + e.getKey(), true, "added"));
        addedInterfaces.put(e.getKey(), e.getValue());
      }
    }
  }

  private static String restartReason(InterfaceSettings a, InterfaceSettings b) {
    if (a.areaId() != b.areaId()) {
      return "area " + new Ipv4Address(a.areaId()) + " -> " + new Ipv4Address(b.areaId());
    }
    if (a.passive() != b.passive()) {
      return "passive " + a.passive() + " -> " + b.passive();
    }
    return "network-type " + type(a) + " -> " + type(b);
  }

  private static String type(InterfaceSettings s) {
    return s.pointToPoint() ? "point-to-point" : "broadcast";
  }

  private static String softReason(InterfaceSettings a, InterfaceSettings b) {
    List<String> w = new ArrayList<>();
    if (a.cost() != b.cost()) {
      w.add("cost " + a.cost() + " -> " + b.cost());
    }
    if (a.helloInterval() != b.helloInterval() || a.deadInterval() != b.deadInterval()) {
      w.add(
          "hello/dead "
              + a.helloInterval()
              + "/"
              + a.deadInterval()
              + " -> "
              + b.helloInterval()
              + "/"
              + b.deadInterval()
              + " (neighbors must match within the dead interval)");
    }
    if (a.priority() != b.priority()) {
      w.add("priority " + a.priority() + " -> " + b.priority());
    }
    if (!Objects.equals(a.auth(), b.auth())) {
      w.add(
          a.auth().type() == b.auth().type()
              ? "authentication keys"
              : "authentication "
                  + a.auth().type()
                  + " -> "
                  + b.auth().type()
                  + " (neighbors must match within the dead interval)");
    }
    return String.join(", ", w);
  }

  private static Map<String, InterfaceSettings> byName(OspfSettings s) {
    Map<String, InterfaceSettings> m = new LinkedHashMap<>();
    for (AreaSettings a : s.areas()) {
      m.putAll(a.interfaces());
    }
    return m;
  }

  /**
   * Does it on the router's loop; {@code opened} holds a transport for each of {@link
   * #interfacesToOpen}. Interfaces go first, then areas; then the new areas and interfaces come.
   */
  void apply(OspfRouter router, Map<String, OspfTransport> opened) {
    router.loop.assertInLoop();
    if (restartsInstance) {
      throw new IllegalStateException("a restart of the instance, not a reconfiguration");
    }
    for (OspfInterface i : new ArrayList<>(router.interfaces)) {
      if (removedInterfaces.contains(i.name())) {
        router.removeInterface(i);
      }
    }
    for (Ipv4Address a : removedAreas) {
      router.removeArea(a.bits());
    }
    for (AreaSettings a : addedAreas) {
      router.addArea(a.id(), a.stub(), 1);
    }
    for (OspfInterface i : router.interfaces) {
      InterfaceSettings s = retuned.get(i.name());
      if (s != null) {
        i.retune(s);
      }
    }
    for (Map.Entry<String, InterfaceSettings> e : addedInterfaces.entrySet()) {
      router.addInterface(opened.get(e.getKey()), e.getValue());
    }
    router.setMaxExternalLsas(to.maxExternalLsas());
    router.settingsChanged();
  }
}
