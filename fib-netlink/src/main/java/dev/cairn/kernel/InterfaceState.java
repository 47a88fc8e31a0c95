package dev.cairn.kernel;

import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The links and addresses known so far, and the events that take it from one view to the next. It
 * turns kernel messages (which may repeat, or arrive for links it never saw) into deduplicated
 * listener calls, and turns a fresh dump after a lost message (ENOBUFS) into exactly the calls that
 * bring the listener up to date. Single-threaded: owned by the {@link LinkMonitor} thread.
 */
public final class InterfaceState {
  private final InterfaceListener listener;
  private final Map<Integer, Link> links = new LinkedHashMap<>();
  private final Map<Integer, Set<Address>> addresses = new HashMap<>();

  public InterfaceState(InterfaceListener listener) {
    this.listener = listener;
  }

  /** A link appeared or changed; reports only a real change. */
  public void link(Link l) {
    Link old = links.put(l.index(), l);
    if (!l.equals(old)) {
      listener.linkChanged(l);
    }
  }

  /** A link is gone: its addresses are reported removed first. */
  public void linkGone(int index, String name) {
    Set<Address> gone = addresses.remove(index);
    if (gone != null) {
      for (Address a : gone) {
        listener.addressRemoved(a);
      }
    }
    Link old = links.remove(index);
    if (old != null) {
      listener.linkRemoved(index, name == null || name.isEmpty() ? old.name() : name);
    }
  }

  /** An address appeared (or was refreshed); reports only a new one. */
  public void address(Address a) {
    if (addresses.computeIfAbsent(a.ifindex(), k -> new LinkedHashSet<>()).add(a)) {
      listener.addressAdded(a);
    }
  }

  /** An address is gone; reports only a known one. */
  public void addressGone(Address a) {
    Set<Address> set = addresses.get(a.ifindex());
    if (set != null && set.remove(a)) {
      if (set.isEmpty()) {
        addresses.remove(a.ifindex());
      }
      listener.addressRemoved(a);
    }
  }

  /**
   * Replaces the whole view with a complete dump: reports links and addresses that vanished, then
   * new and changed ones, as if the lost messages had arrived.
   */
  public void resync(Collection<Link> dumpedLinks, Collection<Address> dumpedAddresses) {
    Map<Integer, Link> nowLinks = new HashMap<>();
    for (Link l : dumpedLinks) {
      nowLinks.put(l.index(), l);
    }
    Set<Address> nowAddrs = new HashSet<>(dumpedAddresses);
    for (Address a : allAddresses()) {
      if (!nowAddrs.contains(a)) {
        addressGone(a);
      }
    }
    for (Link l : List.copyOf(links.values())) {
      if (!nowLinks.containsKey(l.index())) {
        linkGone(l.index(), l.name());
      }
    }
    for (Link l : dumpedLinks) {
      link(l);
    }
    for (Address a : dumpedAddresses) {
      address(a);
    }
  }

  /** Every known link. */
  public List<Link> links() {
    return List.copyOf(links.values());
  }

  /** Every known address. */
  public List<Address> allAddresses() {
    List<Address> out = new ArrayList<>();
    for (Set<Address> s : addresses.values()) {
      out.addAll(s);
    }
    return out;
  }

  /** The connected prefixes now (see {@link #connectedPrefixes(Collection, Collection)}). */
  public Set<IpPrefix> connectedPrefixes() {
    return connectedPrefixes(links.values(), allAddresses());
  }

  /**
   * The connected prefixes of a set of links and addresses: each address masked to its prefix
   * length, only while its link is known and administratively up, without IPv6 link-local and
   * host-scoped addresses.
   */
  public static Set<IpPrefix> connectedPrefixes(
      Collection<Link> links, Collection<Address> addresses) {
    Set<Integer> up = new HashSet<>();
    for (Link l : links) {
      if (l.isUp()) {
        up.add(l.index());
      }
    }
    Set<IpPrefix> out = new LinkedHashSet<>();
    for (Address a : addresses) {
      IpPrefix p = a.connectedPrefix();
      if (p != null && up.contains(a.ifindex())) {
        out.add(p);
      }
    }
    return Set.copyOf(out);
  }
}
