package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.Policy.Action;
import dev.cairn.config.Policy.Match;
import dev.cairn.config.Policy.SetActions;
import dev.cairn.config.Policy.Term;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv6Address;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** parse(print(c)) == c, over the DESIGN example and over generated configurations. */
class PrinterRoundTripTest {

  @Test
  void designExampleRoundTrips() throws Exception {
    CairnConfig c = ConfigLoader.parse(ConfigLoaderTest.DESIGN_EXAMPLE, "cairn.yaml");
    String yaml = ConfigPrinter.print(c);
    assertThat(ConfigLoader.parse(yaml, "printed.yaml")).isEqualTo(c);
    assertThat(yaml).contains("router-id: 192.0.2.1").contains("hold: 90s");
  }

  @Test
  void redactedPrintHidesSecrets() throws Exception {
    CairnConfig c = ConfigLoader.parse(ConfigLoaderTest.DESIGN_EXAMPLE, "cairn.yaml");
    String yaml = ConfigPrinter.printRedacted(c);
    assertThat(yaml).doesNotContain("secret").doesNotContain("key: k\n").contains("<redacted>");
  }

  @Property(tries = 300)
  void printedConfigsParseBackEqual(@ForAll("configs") CairnConfig c) throws Exception {
    String yaml = ConfigPrinter.print(c);
    assertThat(ConfigLoader.parse(yaml, "printed.yaml")).as(yaml).isEqualTo(c);
  }

  // ---- generators ----

  static Arbitrary<Ipv4Address> v4() {
    return Arbitraries.integers().map(Ipv4Address::new);
  }

  static Arbitrary<IpAddress> address() {
    return Arbitraries.oneOf(
        v4().map(a -> (IpAddress) a),
        Arbitraries.longs().tuple2().map(t -> (IpAddress) new Ipv6Address(t.get1(), t.get2())));
  }

  static Arbitrary<IpPrefix> prefix() {
    return Combinators.combine(address(), Arbitraries.integers().between(0, 128))
        .as((a, l) -> IpPrefix.of(a, Math.min(l, a.afi().bits())));
  }

  static Arbitrary<Duration> seconds(int min, int max) {
    return Arbitraries.integers().between(min, max).map(Duration::ofSeconds);
  }

  static Arbitrary<String> text() {
    return Arbitraries.oneOf(
        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(20),
        Arbitraries.of("yes", "no", "true", "1.10", "65001:10", "null", "~", "- x", "#x", "a: b"));
  }

  static Arbitrary<Set<Protocol>> protocols(Protocol except) {
    return Arbitraries.of(Protocol.class)
        .filter(p -> p != except)
        .set()
        .map(s -> s.isEmpty() ? EnumSet.noneOf(Protocol.class) : EnumSet.copyOf(s));
  }

  static Arbitrary<NeighborConfig> neighbor(IpAddress address, long localAsn) {
    Arbitrary<Long> asn =
        Arbitraries.oneOf(Arbitraries.just(localAsn), Arbitraries.longs().between(64512, 65534));
    return Combinators.combine(
            asn,
            text().optional(),
            text().optional(),
            Arbitraries.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST)
                .list()
                .uniqueElements()
                .ofMinSize(1),
            Arbitraries.of(true, false).list().ofSize(4),
            seconds(3, 300),
            Arbitraries.longs().between(1, 5_000_000).optional(),
            Arbitraries.of("accept-all", "reject-all", "p1").optional())
        .as(
            (a, desc, pw, fams, flags, hold, max, pol) -> {
              boolean ibgp = a == localAsn;
              Duration keep = Duration.ofSeconds(hold.getSeconds() / 3);
              return new NeighborConfig(
                  address,
                  a,
                  desc,
                  pw,
                  fams,
                  ibgp && flags.get(0),
                  flags.get(1),
                  flags.get(2),
                  Optional.empty(),
                  OptionalInt.empty(),
                  ibgp || !flags.get(3) ? OptionalInt.empty() : OptionalInt.of(2),
                  new NeighborConfig.Timers(hold, keep, Duration.ofSeconds(5)),
                  max.map(
                      m -> new NeighborConfig.MaxPrefixes(m, Optional.of(Duration.ofMinutes(5)))),
                  pol,
                  pol,
                  flags.get(3),
                  flags.get(3) ? Optional.of("maintenance: back soon") : Optional.empty());
            })
        .flatMap(n -> InboundArbitraries.withInbound(n, localAsn));
  }

  /** The issue 17 input checks, on a generated neighbor. */
  static final class InboundArbitraries {
    static Arbitrary<NeighborConfig> withInbound(NeighborConfig n, long localAsn) {
      boolean ibgp = n.asn() == localAsn; // (enforce-first-as is an eBGP key)
      return Combinators.combine(
              Arbitraries.of(true, false),
              Arbitraries.integers().between(0, 1000).optional(),
              Arbitraries.of(true, false),
              Arbitraries.integers().between(1, 100))
          .as(
              (firstAs, maxPath, drop, warn) ->
                  new NeighborConfig(
                      n.address(),
                      n.asn(),
                      n.description(),
                      n.password(),
                      n.families(),
                      n.routeReflectorClient(),
                      n.nextHopSelf(),
                      n.passive(),
                      n.localAddress(),
                      n.ttlSecurity(),
                      n.ebgpMultihop(),
                      n.timers(),
                      n.maxPrefixes()
                          .map(m -> new NeighborConfig.MaxPrefixes(m.limit(), m.restart(), warn)),
                      n.importPolicy(),
                      n.exportPolicy(),
                      n.shutdown(),
                      n.shutdownMessage(),
                      new NeighborConfig.Inbound(
                          firstAs || ibgp,
                          maxPath.map(OptionalInt::of).orElse(OptionalInt.empty()),
                          drop)));
    }
  }

  static Arbitrary<BgpConfig> bgp() {
    return Combinators.combine(
            Arbitraries.longs().between(64512, 65534),
            v4().optional(),
            prefix().set().ofMaxSize(4),
            protocols(Protocol.BGP),
            address().set().ofMaxSize(4),
            Arbitraries.integers().between(0, 1000))
        .flatAs(
            (asn, rid, announce, redist, addrs, maxPath) -> {
              List<Arbitrary<NeighborConfig>> ns = new ArrayList<>();
              for (IpAddress a : addrs) {
                ns.add(neighbor(a, asn));
              }
              return Combinators.combine(ns)
                  .as(
                      list ->
                          new BgpConfig(
                              asn,
                              rid,
                              BgpConfig.DEFAULT_LISTEN,
                              new BgpConfig.Multipath(8, 1, true),
                              redist,
                              new ArrayList<>(announce),
                              rid,
                              new BgpConfig.GracefulRestart(true, Duration.ofSeconds(90)),
                              list,
                              BgpConfig.Decision.DEFAULT,
                              maxPath));
            });
  }

  static Arbitrary<Policy> policy(String name) {
    Arbitrary<Term> term =
        Combinators.combine(
                Arbitraries.of(Action.class),
                prefix()
                    .map(p -> new PrefixMatch(p, p.length(), p.afi().bits()))
                    .list()
                    .ofMaxSize(3),
                Arbitraries.longs()
                    .between(0, 0xFFFF_FFFFL)
                    .map(Community::new)
                    .list()
                    .ofMaxSize(3),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL).optional())
            .as(
                (action, prefixes, communities, lp) ->
                    new Term(
                        new Match(
                            prefixes,
                            Optional.of("^65001( |$)"),
                            communities,
                            List.of(new LargeCommunity(1, 2, 3)),
                            List.of(),
                            List.of(),
                            List.of()),
                        action,
                        new SetActions(
                            lp.map(OptionalLong::of).orElse(OptionalLong.empty()),
                            OptionalLong.empty(),
                            communities,
                            List.of(),
                            Optional.empty(),
                            List.of(),
                            Optional.of(new Policy.AsPathPrepend(65001, 2)),
                            Optional.of(Policy.NextHop.SELF),
                            List.of(new LargeCommunity(4, 5, 6)),
                            Optional.empty(),
                            List.of(ExtCommunity.parse("rt:4200000001:7")),
                            List.of(ExtCommunity.parse("soo:192.0.2.1:7")),
                            Optional.empty())));
    return term.list().ofMaxSize(3).map(ts -> new Policy(name, ts));
  }

  @Provide
  Arbitrary<CairnConfig> configs() {
    return Combinators.combine(
            v4(),
            bgp().optional(),
            protocols(null),
            Arbitraries.integers().between(1, 256),
            policy("p1"),
            Arbitraries.longs().between(1, 0xFFFF_FFFFL))
        .as(
            (rid, bgp, export, paths, p1, table) -> {
              Map<String, Policy> policies = new LinkedHashMap<>();
              policies.put("p1", p1);
              return new CairnConfig(
                  rid,
                  Path.of("/run/cairn/test.sock"),
                  CairnConfig.DEFAULT_METRICS_LISTEN,
                  new KernelConfig(true, table, paths, Optional.empty(), export),
                  List.of(),
                  bgp,
                  Optional.empty(),
                  Optional.empty(),
                  policies);
            });
  }
}
