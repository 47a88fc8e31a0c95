package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.Communities;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigLoader;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import org.junit.jupiter.api.Test;

/** Policies as operators write them in YAML, applied to routes. */
class PolicyCompilerTest {
  static final String YAML =
      """
      router-id: 192.0.2.1
      policies:
        from-nodes:
          - match: { prefix: ["203.0.113.0/24 ge 32 le 32"], as-path: "^6501[0-9]$" }
            set: { local-pref: 200, community-add: ["65000:10"] }
            action: accept
          - match: { community: ["65000:666"] }
            action: reject
          - match: { prefix: ["198.51.100.0/24 le 26"] }
            set: { med: 50, as-path-prepend: { asn: 65000, count: 2 } }
            action: next
          - match: { neighbor: [192.0.2.2] }
            set: { community-remove: ["65000:1"], large-community-add: ["65000:1:2"] }
            action: accept
      """;

  static final IpAddress N2 = IpAddress.parse("192.0.2.2");
  static final IpAddress N3 = IpAddress.parse("192.0.2.3");

  RoutePolicy policy() throws Exception {
    CairnConfig c = ConfigLoader.parse(YAML, "t.yaml");
    return PolicyCompiler.compile(c.policies().get("from-nodes"));
  }

  static PathAttributes attrs(long... path) {
    return PathAttributes.builder()
        .origin(0)
        .asPath(AsPath.sequence(path))
        .nextHop(Ipv4Address.parse("192.0.2.2"))
        .communities(Communities.of(Communities.parse("65000:1")))
        .build();
  }

  @Test
  void firstMatchingTermSetsAndAccepts() throws Exception {
    PathAttributes out = policy().apply(IpPrefix.parse("203.0.113.10/32"), attrs(65011), N3);
    assertThat(out.localPref()).isEqualTo(200);
    assertThat(out.communities().contains(Communities.parse("65000:10"))).isTrue();
    assertThat(out.communities().contains(Communities.parse("65000:1"))).isTrue();
  }

  @Test
  void asPathRegexMustMatch() throws Exception {
    // a /32 VIP from AS 65099 does not match term 1, nor any later term: rejected
    assertThat(policy().apply(IpPrefix.parse("203.0.113.10/32"), attrs(65099), N3)).isNull();
    // and a /24 (length outside ge 32 le 32) neither
    assertThat(policy().apply(IpPrefix.parse("203.0.113.0/24"), attrs(65011), N3)).isNull();
  }

  @Test
  void communityMatchRejects() throws Exception {
    PathAttributes bad =
        attrs(65011).toBuilder()
            .communities(Communities.of(Communities.parse("65000:666")))
            .build();
    assertThat(policy().apply(IpPrefix.parse("198.51.100.0/24"), bad, N2)).isNull();
  }

  @Test
  void nextCarriesChangesIntoTheFollowingTerm() throws Exception {
    PathAttributes out = policy().apply(IpPrefix.parse("198.51.100.0/25"), attrs(65011), N2);
    assertThat(out.med()).isEqualTo(50);
    assertThat(out.asPath()).isEqualTo(AsPath.sequence(65000, 65000, 65011));
    assertThat(out.communities()).isNull(); // 65000:1 removed, nothing left
    assertThat(out.largeCommunities().contains(65000, 1, 2)).isTrue();
    // the same route from another neighbor falls off the end after "next": rejected
    assertThat(policy().apply(IpPrefix.parse("198.51.100.0/25"), attrs(65011), N3)).isNull();
    // longer than le 26: term 3 does not match, term 4 still does (neighbor), without the MED
    PathAttributes longer = policy().apply(IpPrefix.parse("198.51.100.0/28"), attrs(65011), N2);
    assertThat(longer.med()).isEqualTo(-1);
  }

  @org.junit.jupiter.api.Test
  void aPolicyOnBarePrefixesForOspfRedistribution() throws Exception {
    dev.cairn.config.CairnConfig c =
        dev.cairn.config.ConfigLoader.parse(
            """
            router-id: 192.0.2.1
            policies:
              p:
                - match: { community: ["65000:1"] }
                  action: accept
                - match: { prefix: ["203.0.113.0/24 le 25"] }
                  action: next
                - match: { prefix: ["203.0.113.0/24"] }
                  action: accept
                - action: reject
            """,
            "p.yaml");
    dev.cairn.config.Policy p = c.policies().get("p");
    org.assertj.core.api.Assertions.assertThat(
            PolicyCompiler.acceptsPrefix(p, dev.cairn.net.IpPrefix.parse("203.0.113.0/24")))
        .isTrue();
    org.assertj.core.api.Assertions.assertThat(
            PolicyCompiler.acceptsPrefix(p, dev.cairn.net.IpPrefix.parse("203.0.113.128/25")))
        .isFalse(); // "next" goes on, the community term cannot match a bare prefix
    org.assertj.core.api.Assertions.assertThat(
            PolicyCompiler.acceptsPrefix(p, dev.cairn.net.IpPrefix.parse("198.51.100.0/24")))
        .isFalse();
  }
}
