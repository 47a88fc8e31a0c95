package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.ConfigDiff.Kind;
import dev.cairn.config.ConfigDiff.NeighborChange;
import dev.cairn.config.ConfigDiff.Section;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
  static final String BASE =
      String.join(
          "\n",
          "router-id: 192.0.2.1",
          "static:",
          "  - { prefix: 198.51.100.0/24, via: [192.0.2.254] }",
          "bgp:",
          "  asn: 65001",
          "  announce: [203.0.113.0/24]",
          "  neighbors:",
          "    - { address: 192.0.2.2, asn: 65002, password: a, import: in, export: out }",
          "    - { address: 192.0.2.3, asn: 65003, import: in, export: out }",
          "    - { address: 192.0.2.4, asn: 65004, import: accept-all, export: accept-all }",
          "policies:",
          "  in: [ { action: accept } ]",
          "  out: [ { action: accept } ]",
          "");

  static CairnConfig parse(String y) throws ConfigException {
    return ConfigLoader.parse(y, "d.yaml");
  }

  static IpAddress ip(String s) {
    return IpAddress.parse(s);
  }

  @Test
  void identicalConfigsHaveAnEmptyDiff() throws Exception {
    ConfigDiff d = ConfigDiff.between(parse(BASE), parse(BASE));
    assertThat(d.isEmpty()).isTrue();
    assertThat(
            ConfigDiff.between(
                    parse(BASE), parse(BASE.replace("bgp:", "# a comment moves nothing\nbgp:")))
                .isEmpty())
        .isTrue();
  }

  @Test
  void neighborAddedAndRemoved() throws Exception {
    String after =
        BASE.replace(
            "    - { address: 192.0.2.4, asn: 65004, import: accept-all, export: accept-all }",
            "    - { address: 192.0.2.5, asn: 65005 }");
    ConfigDiff d = ConfigDiff.between(parse(BASE), parse(after));
    assertThat(d.neighbors())
        .extracting(NeighborChange::address, NeighborChange::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(ip("192.0.2.4"), Kind.REMOVED),
            org.assertj.core.groups.Tuple.tuple(ip("192.0.2.5"), Kind.ADDED));
    assertThat(d.sections()).isEmpty();
  }

  @Test
  void passwordChangeResetsOnlyThatSession() throws Exception {
    ConfigDiff d =
        ConfigDiff.between(parse(BASE), parse(BASE.replace("password: a", "password: b")));
    assertThat(d.neighbors()).hasSize(1);
    NeighborChange c = d.neighbors().get(0);
    assertThat(c.address()).isEqualTo(ip("192.0.2.2"));
    assertThat(c.kind()).isEqualTo(Kind.CHANGED);
    assertThat(c.reset()).isTrue();
    assertThat(c.reasons()).containsExactly("password");
  }

  @Test
  void asnFamiliesLocalAddressHoldReset() throws Exception {
    for (String[] edit :
        new String[][] {
          {"asn: 65003,", "asn: 65013,", "asn"},
          {"asn: 65003,", "asn: 65003, families: [ipv4-unicast, ipv6-unicast],", "families"},
          {"asn: 65003,", "asn: 65003, local-address: 192.0.2.1,", "local-address"},
          {"asn: 65003,", "asn: 65003, timers: { hold: 30s },", "timers.hold"},
        }) {
      ConfigDiff d = ConfigDiff.between(parse(BASE), parse(BASE.replace(edit[0], edit[1])));
      NeighborChange c = d.neighbor(ip("192.0.2.3")).orElseThrow();
      assertThat(c.reset()).as(edit[2]).isTrue();
      assertThat(c.reasons()).as(edit[2]).contains(edit[2]);
      assertThat(d.neighbors()).hasSize(1);
    }
  }

  @Test
  void policyNameChangeIsSoft() throws Exception {
    String after =
        BASE.replace(
            "    - { address: 192.0.2.3, asn: 65003, import: in, export: out }",
            "    - { address: 192.0.2.3, asn: 65003, import: accept-all, export: out }");
    NeighborChange c =
        ConfigDiff.between(parse(BASE), parse(after)).neighbor(ip("192.0.2.3")).orElseThrow();
    assertThat(c.reset()).isFalse();
    assertThat(c.softIn()).isTrue();
    assertThat(c.softOut()).isFalse();
    assertThat(c.reasons()).containsExactly("import");
  }

  @Test
  void policyBodyChangeRefreshesEveryNeighborUsingIt() throws Exception {
    String after = BASE.replace("out: [ { action: accept } ]", "out: [ { action: reject } ]");
    ConfigDiff d = ConfigDiff.between(parse(BASE), parse(after));
    assertThat(d.policiesChanged()).containsExactly("out");
    assertThat(d.policiesAdded()).isEmpty();
    assertThat(d.neighbors())
        .extracting(NeighborChange::address)
        .containsExactly(ip("192.0.2.2"), ip("192.0.2.3"));
    for (NeighborChange c : d.neighbors()) {
      assertThat(c.reset()).isFalse();
      assertThat(c.softOut()).isTrue();
      assertThat(c.softIn()).isFalse();
      assertThat(c.reasons()).containsExactly("policy out");
    }
  }

  @Test
  void aChangedCommunityOrNextHopSetActionIsAPolicyBodyChange() throws Exception {
    for (String set :
        List.of(
            "{ ext-community-add: [\"rt:65001:1\"] }",
            "{ ext-community-remove: [\"rt:65001:1\"] }",
            "{ ext-community-replace: [] }",
            "{ large-community-remove: [\"65001:1:1\"] }",
            "{ large-community-replace: [] }",
            "{ next-hop: \"2001:db8::1\" }")) {
      String after =
          BASE.replace(
              "in: [ { action: accept } ]", "in: [ { action: accept, set: " + set + " } ]");
      ConfigDiff d = ConfigDiff.between(parse(BASE), parse(after));
      assertThat(d.policiesChanged()).as(set).containsExactly("in");
      assertThat(d.neighbors()).as(set).allMatch(c -> c.softIn() && !c.reset());
    }
  }

  @Test
  void descriptionChangeNeedsNeitherResetNorRefresh() throws Exception {
    String after = BASE.replace("asn: 65004,", "asn: 65004, description: spare,");
    NeighborChange c =
        ConfigDiff.between(parse(BASE), parse(after)).neighbor(ip("192.0.2.4")).orElseThrow();
    assertThat(c.reset()).isFalse();
    assertThat(c.softIn()).isFalse();
    assertThat(c.softOut()).isFalse();
    assertThat(c.reasons()).containsExactly("description");
  }

  /**
   * RFC 4456 asks nothing of the session when a neighbor becomes a reflector client: what it is
   * sent and where its routes go are evaluated again (the speaker does that in place), no reset.
   */
  @Test
  void routeReflectorClientIsAReAdvertisementNotAReset() throws Exception {
    String ibgp = BASE.replace("asn: 65004,", "asn: 65001,");
    String after = ibgp.replace("asn: 65001,", "asn: 65001, route-reflector-client: true,");
    NeighborChange c =
        ConfigDiff.between(parse(ibgp), parse(after)).neighbor(ip("192.0.2.4")).orElseThrow();
    assertThat(c.reset()).isFalse();
    assertThat(c.softOut()).isTrue();
    assertThat(c.softIn()).isFalse();
    assertThat(c.reasons()).containsExactly("route-reflector-client");
  }

  /** A shutdown toggle stops the session with Administrative Shutdown in place: no reset. */
  @Test
  void shutdownIsAppliedInPlace() throws Exception {
    String after = BASE.replace("asn: 65004,", "asn: 65004, shutdown: true,");
    NeighborChange c =
        ConfigDiff.between(parse(BASE), parse(after)).neighbor(ip("192.0.2.4")).orElseThrow();
    assertThat(c.reset()).isFalse();
    assertThat(c.reasons()).containsExactly("shutdown");
  }

  @Test
  void localAsnChangeResetsEveryNeighbor() throws Exception {
    ConfigDiff d = ConfigDiff.between(parse(BASE), parse(BASE.replace("asn: 65001", "asn: 65010")));
    assertThat(d.sections()).containsExactly(Section.BGP);
    assertThat(d.neighbors()).hasSize(3).allMatch(NeighborChange::reset);
  }

  @Test
  void staticAndAnnounceDeltas() throws Exception {
    String after =
        BASE.replace("via: [192.0.2.254]", "via: [192.0.2.253]")
            .replace("announce: [203.0.113.0/24]", "announce: [203.0.113.0/25]");
    ConfigDiff d = ConfigDiff.between(parse(BASE), parse(after));
    assertThat(d.staticAdded()).extracting(r -> r.via().get(0)).containsExactly(ip("192.0.2.253"));
    assertThat(d.staticRemoved())
        .extracting(r -> r.via().get(0))
        .containsExactly(ip("192.0.2.254"));
    assertThat(d.announceAdded()).containsExactly(IpPrefix.parse("203.0.113.0/25"));
    assertThat(d.announceRemoved()).containsExactly(IpPrefix.parse("203.0.113.0/24"));
    assertThat(d.neighbors()).isEmpty();
    assertThat(d.sections()).isEmpty();
  }

  @Test
  void otherSections() throws Exception {
    String after =
        BASE.replace("router-id: 192.0.2.1", "router-id: 192.0.2.9\nkernel: { table: 100 }")
            + "kubernetes: { node-name: n1 }\n";
    ConfigDiff d = ConfigDiff.between(parse(BASE), parse(after));
    assertThat(d.sections())
        .containsExactlyInAnyOrder(Section.ROUTER_ID, Section.KERNEL, Section.KUBERNETES);
    // the BGP identifier follows the router id, so every session restarts
    assertThat(d.neighbors()).hasSize(3).allMatch(NeighborChange::reset);
  }

  @Test
  void ospfMaxExternalLsasIsItsOwnSection() throws Exception {
    String ospf = "ospf:\n  areas: [ { id: 0, interfaces: [ { name: eth0 } ] } ]\n";
    CairnConfig before = parse(BASE + ospf);
    CairnConfig limit = parse(BASE + ospf + "  max-external-lsas: 500\n");
    assertThat(limit.ospf().orElseThrow().maxExternalLsas()).isEqualTo(500);
    assertThat(before.ospf().orElseThrow().maxExternalLsas()).isEqualTo(100_000);
    assertThat(ConfigDiff.between(before, limit).sections())
        .containsExactly(Section.OSPF_MAX_EXTERNAL_LSAS);
    CairnConfig both = parse(BASE + ospf.replace("eth0", "eth1") + "  max-external-lsas: 500\n");
    assertThat(ConfigDiff.between(before, both).sections())
        .containsExactlyInAnyOrder(Section.OSPF, Section.OSPF_MAX_EXTERNAL_LSAS);
    assertThat(ConfigDiff.between(parse(BASE), limit).sections()).containsExactly(Section.OSPF);
    // printed and parsed back
    assertThat(parse(ConfigPrinter.print(limit))).isEqualTo(limit);
    assertThat(ConfigPrinter.print(limit)).contains("max-external-lsas: 500");
  }

  @Test
  void policiesAddedAndRemoved() throws Exception {
    String after =
        BASE.replace("  in: [ { action: accept } ]", "  other: [ { action: accept } ]")
            .replace("import: in,", "import: other,");
    ConfigDiff d = ConfigDiff.between(parse(BASE), parse(after));
    assertThat(d.policiesAdded()).containsExactly("other");
    assertThat(d.policiesRemoved()).containsExactly("in");
    assertThat(d.neighbors()).allMatch(c -> c.softIn() && !c.reset());
  }
}
