package dev.cairn.daemon;

import dev.cairn.bgp.speaker.RoutePolicy;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.Communities;
import dev.cairn.bgp.wire.ExtendedCommunities;
import dev.cairn.bgp.wire.LargeCommunities;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.config.ExtCommunity;
import dev.cairn.config.LargeCommunity;
import dev.cairn.config.Policy;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a configured {@link Policy} into the {@link RoutePolicy} the speaker applies. Terms are
 * tried in order; a term matches when every criterion it names matches (a list matches when any of
 * its entries does); its {@code set} actions apply, then its action: {@code accept} and {@code
 * reject} end the evaluation, {@code next} goes on to the following term with the attributes as
 * changed so far. A route that no term accepts is rejected. The AS-path criterion is a regular
 * expression searched in the path's text, e.g. {@code 65001 65002 {65003,65004}}.
 */
final class PolicyCompiler {
  private PolicyCompiler() {}

  static RoutePolicy compile(Policy p) {
    if (p.name().equals(Policy.ACCEPT_ALL)) {
      return RoutePolicy.ACCEPT_ALL;
    }
    if (p.name().equals(Policy.REJECT_ALL)) {
      return RoutePolicy.REJECT_ALL;
    }
    List<CompiledTerm> terms = new ArrayList<>();
    for (Policy.Term t : p.terms()) {
      terms.add(new CompiledTerm(t, t.match().asPath().map(Pattern::compile).orElse(null)));
    }
    return (prefix, attrs, neighbor) -> {
      PathAttributes a = attrs;
      for (CompiledTerm t : terms) {
        if (!t.matches(prefix, a, neighbor)) {
          continue;
        }
        a = t.apply(a);
        switch (t.term.action()) {
          case ACCEPT:
            return a;
          case REJECT:
            return null;
          default:
            break;
        }
      }
      return null;
    };
  }

  private record CompiledTerm(Policy.Term term, Pattern asPath) {

    boolean matches(IpPrefix prefix, PathAttributes a, IpAddress neighbor) {
      Policy.Match m = term.match();
      if (!m.prefixes().isEmpty() && m.prefixes().stream().noneMatch(pm -> pm.matches(prefix))) {
        return false;
      }
      if (asPath != null) {
        String path = a.asPath() == null ? "" : a.asPath().toString();
        if (!asPath.matcher(path).find()) {
          return false;
        }
      }
      if (!m.communities().isEmpty()
          && (a.communities() == null
              || m.communities().stream()
                  .noneMatch(c -> a.communities().contains((int) c.value())))) {
        return false;
      }
      if (!m.largeCommunities().isEmpty()
          && (a.largeCommunities() == null
              || m.largeCommunities().stream()
                  .noneMatch(
                      c -> a.largeCommunities().contains(c.global(), c.data1(), c.data2())))) {
        return false;
      }
      if (!m.extCommunities().isEmpty()
          && (a.extendedCommunities() == null
              || m.extCommunities().stream()
                  .noneMatch(c -> a.extendedCommunities().contains(extValue(c))))) {
        return false;
      }
      if (!m.nextHops().isEmpty()
          && (a.nextHop() == null
              || m.nextHops().stream().noneMatch(p -> p.contains(a.nextHop())))) {
        return false;
      }
      return m.neighbors().isEmpty() || m.neighbors().contains(neighbor);
    }

    PathAttributes apply(PathAttributes a) {
      Policy.SetActions s = term.set();
      if (s.equals(Policy.SetActions.NONE)) {
        return a;
      }
      PathAttributes.Builder b = a.toBuilder();
      s.localPref().ifPresent(b::localPref);
      s.med().ifPresent(b::med);
      Set<Integer> comms = new LinkedHashSet<>();
      if (s.communityReplace().isPresent()) {
        s.communityReplace().get().forEach(c -> comms.add((int) c.value()));
      } else if (a.communities() != null) {
        for (int i = 0; i < a.communities().size(); i++) {
          comms.add(a.communities().get(i));
        }
      }
      s.communityRemove().forEach(c -> comms.remove((int) c.value()));
      s.communityAdd().forEach(c -> comms.add((int) c.value()));
      b.communities(Communities.of(comms.stream().mapToInt(Integer::intValue).toArray()));
      if (!s.largeCommunityAdd().isEmpty()) {
        List<Long> all = new ArrayList<>();
        LargeCommunities old = a.largeCommunities();
        for (int i = 0; old != null && i < old.size(); i++) {
          all.add(old.globalAdmin(i));
          all.add(old.local1(i));
          all.add(old.local2(i));
        }
        for (LargeCommunity c : s.largeCommunityAdd()) {
          if (old == null || !old.contains(c.global(), c.data1(), c.data2())) {
            all.add(c.global());
            all.add(c.data1());
            all.add(c.data2());
          }
        }
        b.largeCommunities(LargeCommunities.of(all.stream().mapToLong(Long::longValue).toArray()));
      }
      s.asPathPrepend()
          .ifPresent(
              pp ->
                  b.asPath(
                      (a.asPath() == null ? AsPath.EMPTY : a.asPath())
                          .prepend(pp.asn(), pp.count())));
      s.nextHop()
          .flatMap(Policy.NextHop::address)
          .ifPresent(
              nh -> {
                if (nh instanceof Ipv4Address v4) {
                  b.nextHop(v4);
                }
              });
      return b.build();
    }
  }

  /** The 8-octet value of a configured extended community (route target / origin). */
  static long extValue(ExtCommunity c) {
    return ExtendedCommunities.parse(c.kind() + ":" + c.administrator() + ":" + c.assigned());
  }

  /** Every policy is checked at start-up: one that cannot be compiled stops cairnd. */
  static void checkCompilable(Policy p) {
    for (Policy.Term t : p.terms()) {
      t.match().extCommunities().forEach(PolicyCompiler::extValue);
      t.match().asPath().ifPresent(Pattern::compile);
    }
  }

  /**
   * A policy applied to a bare prefix (redistribution into OSPF): terms match on their prefix lists
   * only; a term that also asks for BGP attributes (AS path, communities, next hop, neighbor) does
   * not match a route that has none. Built-in policies and falling off the end as usual.
   */
  static boolean acceptsPrefix(Policy p, dev.cairn.net.IpPrefix prefix) {
    if (p.name().equals(Policy.ACCEPT_ALL)) {
      return true;
    }
    for (Policy.Term t : p.terms()) {
      Policy.Match m = t.match();
      boolean bgpOnly =
          m.asPath().isPresent()
              || !m.communities().isEmpty()
              || !m.largeCommunities().isEmpty()
              || !m.extCommunities().isEmpty()
              || !m.nextHops().isEmpty()
              || !m.neighbors().isEmpty();
      boolean matches =
          !bgpOnly
              && (m.prefixes().isEmpty() || m.prefixes().stream().anyMatch(x -> x.matches(prefix)));
      if (!matches || t.action() == Policy.Action.NEXT) {
        continue;
      }
      return t.action() == Policy.Action.ACCEPT;
    }
    return false;
  }
}
