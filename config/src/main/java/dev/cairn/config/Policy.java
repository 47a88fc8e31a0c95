package dev.cairn.config;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A named routing policy: terms evaluated in order. A term whose match succeeds applies its {@code
 * set} and then its action: {@code accept} or {@code reject} end evaluation, {@code next} goes on
 * to the following term. A route that falls off the end is rejected.
 */
public record Policy(String name, List<Term> terms) {
  /** Built-in policy names that need no definition and cannot be redefined. */
  public static final String ACCEPT_ALL = "accept-all";

  public static final String REJECT_ALL = "reject-all";
  public static final Set<String> BUILT_IN = Set.of(ACCEPT_ALL, REJECT_ALL);

  public Policy {
    Objects.requireNonNull(name, "name");
    terms = List.copyOf(terms);
  }

  public enum Action {
    ACCEPT("accept"),
    REJECT("reject"),
    NEXT("next");

    private final String configName;

    Action(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }
  }

  /** One term; an absent {@code action} means {@code next}. */
  public record Term(Match match, Action action, SetActions set) {
    public Term {
      Objects.requireNonNull(match, "match");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(set, "set");
    }
  }

  /**
   * Conditions, all of which must hold (an empty list is no condition). Within one list any entry
   * may match: {@code community: [a, b]} matches a route carrying a or b.
   *
   * @param asPath a regular expression in RE2 syntax over the AS_PATH written as ASNs separated by
   *     single spaces, e.g. {@code ^65001( |$)} or {@code ^65001_}: see {@link AsPathRegex}
   *     (linear-time matching, {@code _} for a boundary between AS numbers)
   * @param nextHops prefixes the next hop must be inside
   * @param neighbors the route must come from one of these neighbors
   */
  public record Match(
      List<PrefixMatch> prefixes,
      Optional<String> asPath,
      List<Community> communities,
      List<LargeCommunity> largeCommunities,
      List<ExtCommunity> extCommunities,
      List<IpPrefix> nextHops,
      List<IpAddress> neighbors) {
    public static final Match ANY =
        new Match(
            List.of(), Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of());

    public Match {
      prefixes = List.copyOf(prefixes);
      Objects.requireNonNull(asPath, "asPath");
      communities = List.copyOf(communities);
      largeCommunities = List.copyOf(largeCommunities);
      extCommunities = List.copyOf(extCommunities);
      nextHops = List.copyOf(nextHops);
      neighbors = List.copyOf(neighbors);
    }
  }

  /**
   * Attribute changes. {@code communityReplace} present (even empty) replaces all communities and
   * cannot be combined with add/remove; the same for large and extended communities. Replace (or
   * keep), then remove, then add.
   */
  public record SetActions(
      OptionalLong localPref,
      OptionalLong med,
      List<Community> communityAdd,
      List<Community> communityRemove,
      Optional<List<Community>> communityReplace,
      List<LargeCommunity> largeCommunityAdd,
      Optional<AsPathPrepend> asPathPrepend,
      Optional<NextHop> nextHop,
      List<LargeCommunity> largeCommunityRemove,
      Optional<List<LargeCommunity>> largeCommunityReplace,
      List<ExtCommunity> extCommunityAdd,
      List<ExtCommunity> extCommunityRemove,
      Optional<List<ExtCommunity>> extCommunityReplace) {
    public static final SetActions NONE =
        new SetActions(
            OptionalLong.empty(),
            OptionalLong.empty(),
            List.of(),
            List.of(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty());

    public SetActions {
      Objects.requireNonNull(localPref, "localPref");
      Objects.requireNonNull(med, "med");
      communityAdd = List.copyOf(communityAdd);
      communityRemove = List.copyOf(communityRemove);
      communityReplace = communityReplace.map(List::copyOf);
      largeCommunityAdd = List.copyOf(largeCommunityAdd);
      Objects.requireNonNull(asPathPrepend, "asPathPrepend");
      Objects.requireNonNull(nextHop, "nextHop");
      largeCommunityRemove = List.copyOf(largeCommunityRemove);
      largeCommunityReplace = largeCommunityReplace.map(List::copyOf);
      extCommunityAdd = List.copyOf(extCommunityAdd);
      extCommunityRemove = List.copyOf(extCommunityRemove);
      extCommunityReplace = extCommunityReplace.map(List::copyOf);
    }

    /** Without large-community removal/replacement and extended-community changes. */
    public SetActions(
        OptionalLong localPref,
        OptionalLong med,
        List<Community> communityAdd,
        List<Community> communityRemove,
        Optional<List<Community>> communityReplace,
        List<LargeCommunity> largeCommunityAdd,
        Optional<AsPathPrepend> asPathPrepend,
        Optional<NextHop> nextHop) {
      this(
          localPref,
          med,
          communityAdd,
          communityRemove,
          communityReplace,
          largeCommunityAdd,
          asPathPrepend,
          nextHop,
          List.of(),
          Optional.empty(),
          List.of(),
          List.of(),
          Optional.empty());
    }
  }

  /** Prepend {@code asn} {@code count} times (1..32). */
  public record AsPathPrepend(long asn, int count) {}

  /**
   * {@code set: { next-hop: self }} or an address. An address applies to routes of its family only
   * (an IPv4 next hop to IPv4 routes, an IPv6 one to IPv6 routes). {@code self} on export is the
   * session's local address for the route's family (as {@code next-hop-self}); on import it is the
   * neighbor's session address (FRR's {@code set ip next-hop peer-address}), for routes of the
   * session's family. Where no such address is known the next hop is left as it is.
   */
  public record NextHop(Optional<IpAddress> address) {
    public static final NextHop SELF = new NextHop(Optional.empty());

    public NextHop {
      Objects.requireNonNull(address, "address");
    }

    public boolean self() {
      return address.isEmpty();
    }

    @Override
    public String toString() {
      return address.map(Object::toString).orElse("self");
    }
  }
}
