package dev.cairn.daemon;

import dev.cairn.bgp.policy.PolicyNextHop;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.Communities;
import dev.cairn.bgp.wire.ExtendedCommunities;
import dev.cairn.bgp.wire.LargeCommunities;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.config.AsPathRegex;
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

/**
 * Turns a configured {@link Policy} into the {@link RoutePolicy} the speaker applies. Terms are
 * tried in order; a term matches when every criterion it names matches (a list matches when any of
 * its entries does); its {@code set} actions apply, then its action: {@code accept} and {@code
 * reject} end the evaluation, {@code next} goes on to the following term with the attributes (and
 * next hop) as changed so far. A route that no term accepts is rejected. The AS-path criterion is a
 * regular expression ({@link AsPathRegex}: RE2, linear time) searched in the path's text, e.g.
 * {@code 65001 65002 {65003,65004}}, its verdict cached per AS path ({@link AsPathVerdicts}).
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
      terms.add(
          new CompiledTerm(
              t,
              t.match()
                  .asPath()
                  .map(r -> new AsPathVerdicts(AsPathRegex.compile(r)))
                  .orElse(null)));
    }
    return new Compiled(List.copyOf(terms));
  }

  /** A compiled policy; {@link #asPathEvaluations} counts the AS-path regex runs (cache misses). */
  static final class Compiled implements RoutePolicy {
    private final List<CompiledTerm> terms;

    Compiled(List<CompiledTerm> terms) {
      this.terms = terms;
    }

    @Override
    public PathAttributes apply(IpPrefix prefix, PathAttributes attrs, IpAddress neighbor) {
      // (outside the speaker, e.g. tests: no "self"; an IPv4 next hop set goes into NEXT_HOP)
      PolicyNextHop hop = new PolicyNextHop(attrs.nextHop(), null);
      PathAttributes out = apply(prefix, attrs, neighbor, hop);
      if (out != null && hop.changed() && hop.current() instanceof Ipv4Address v4) {
        out = out.toBuilder().nextHop(v4).build();
      }
      return out;
    }

    @Override
    public PathAttributes apply(
        IpPrefix prefix, PathAttributes attrs, IpAddress neighbor, PolicyNextHop hop) {
      PathAttributes a = attrs;
      for (CompiledTerm t : terms) {
        if (!t.matches(prefix, a, neighbor, hop)) {
          continue;
        }
        a = t.apply(prefix, a, hop);
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
    }

    long asPathEvaluations() {
      long n = 0;
      for (CompiledTerm t : terms) {
        n += t.asPath == null ? 0 : t.asPath.evaluations();
      }
      return n;
    }
  }

  private record CompiledTerm(Policy.Term term, AsPathVerdicts asPath) {

    boolean matches(IpPrefix prefix, PathAttributes a, IpAddress neighbor, PolicyNextHop hop) {
      Policy.Match m = term.match();
      if (!m.prefixes().isEmpty() && m.prefixes().stream().noneMatch(pm -> pm.matches(prefix))) {
        return false;
      }
      if (asPath != null && !asPath.matches(a.asPath())) {
        return false;
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
                  .noneMatch(c -> a.extendedCommunities().contains(c.value())))) {
        return false;
      }
      IpAddress nh = hop.current(); // (either family: an IPv6 route's is not in the attributes)
      if (!m.nextHops().isEmpty()
          && (nh == null || m.nextHops().stream().noneMatch(p -> p.contains(nh)))) {
        return false;
      }
      return m.neighbors().isEmpty() || m.neighbors().contains(neighbor);
    }

    PathAttributes apply(IpPrefix prefix, PathAttributes a, PolicyNextHop hop) {
      Policy.SetActions s = term.set();
      s.nextHop()
          .ifPresent(
              nh -> {
                if (nh.self()) {
                  hop.setSelf();
                } else if (nh.address().get().afi() == prefix.afi()) {
                  hop.set(nh.address().get());
                }
              });
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
      if (!s.largeCommunityAdd().isEmpty()
          || !s.largeCommunityRemove().isEmpty()
          || s.largeCommunityReplace().isPresent()) {
        b.largeCommunities(large(a.largeCommunities(), s));
      }
      if (!s.extCommunityAdd().isEmpty()
          || !s.extCommunityRemove().isEmpty()
          || s.extCommunityReplace().isPresent()) {
        b.extendedCommunities(extended(a.extendedCommunities(), s));
      }
      s.asPathPrepend()
          .ifPresent(
              pp ->
                  b.asPath(
                      (a.asPath() == null ? AsPath.EMPTY : a.asPath())
                          .prepend(pp.asn(), pp.count())));
      PathAttributes out = b.build();
      return out.equals(a) ? a : out; // (e.g. a term that sets the next hop only)
    }
  }

  /** Large communities after replace (or keep), remove, add; null when none are left. */
  static LargeCommunities large(LargeCommunities old, Policy.SetActions s) {
    Set<LargeCommunity> all = new LinkedHashSet<>();
    if (s.largeCommunityReplace().isPresent()) {
      all.addAll(s.largeCommunityReplace().get());
    } else {
      for (int i = 0; old != null && i < old.size(); i++) {
        all.add(new LargeCommunity(old.globalAdmin(i), old.local1(i), old.local2(i)));
      }
    }
    s.largeCommunityRemove().forEach(all::remove);
    all.addAll(s.largeCommunityAdd());
    if (all.isEmpty()) {
      return null;
    }
    long[] triples = new long[all.size() * 3];
    int k = 0;
    for (LargeCommunity c : all) {
      triples[k++] = c.global();
      triples[k++] = c.data1();
      triples[k++] = c.data2();
    }
    return LargeCommunities.of(triples);
  }

  /** Extended communities after replace (or keep), remove, add; null when none are left. */
  static ExtendedCommunities extended(ExtendedCommunities old, Policy.SetActions s) {
    Set<Long> all = new LinkedHashSet<>();
    if (s.extCommunityReplace().isPresent()) {
      s.extCommunityReplace().get().forEach(c -> all.add(c.value()));
    } else {
      for (int i = 0; old != null && i < old.size(); i++) {
        all.add(old.get(i));
      }
    }
    s.extCommunityRemove().forEach(c -> all.remove(c.value()));
    s.extCommunityAdd().forEach(c -> all.add(c.value()));
    return all.isEmpty()
        ? null
        : ExtendedCommunities.of(all.stream().mapToLong(Long::longValue).toArray());
  }

  /** Every policy is checked at start-up: one that cannot be compiled stops cairnd. */
  static void checkCompilable(Policy p) {
    for (Policy.Term t : p.terms()) {
      t.match().extCommunities().forEach(ExtCommunity::value);
      t.match().asPath().ifPresent(AsPathRegex::compile);
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
