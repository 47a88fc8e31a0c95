package dev.cairn.bgp.speaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.ConnectionListener;
import dev.cairn.bgp.fsm.MemoryNetwork;
import dev.cairn.bgp.fsm.PeerConfig;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.peer.InboundRules;
import dev.cairn.bgp.peer.InputWarnings;
import dev.cairn.bgp.peer.Neighbor;
import dev.cairn.bgp.peer.Peer;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.ErrorCodes;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.NlriList;
import dev.cairn.bgp.wire.Notification;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.OptionalParameter;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.bgp.wire.RawAttribute;
import dev.cairn.bgp.wire.Update;
import dev.cairn.bgp.wire.WireError;
import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.rib.NextHop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The eBGP trust boundary (DESIGN §9, issue 17): what cairn does with routes and messages from a
 * neighbor that sends exactly the bytes a test asks for. The gateway under test (AS 65000) peers
 * with raw peers that speak just enough BGP to reach Established, and with a plain cairn speaker
 * (AS 65050) that shows what the gateway passes on.
 */
class InboundSafetyTest {
  static final List<Capability> CAPS = List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST));
  static final IpPrefix NET = IpPrefix.parse("203.0.113.0/24");
  static final IpPrefix OTHER = IpPrefix.parse("198.51.100.0/24");
  static final IpPrefix ALSO = IpPrefix.parse("198.51.100.128/25");
  static final Ipv4Address GW = Ipv4Address.parse("192.0.2.254");

  final VirtualEventLoop loop = new VirtualEventLoop();
  final MemoryNetwork net = new MemoryNetwork(loop);
  final BgpSpeakerTest.Rib gwRib = new BgpSpeakerTest.Rib();
  final BgpSpeaker gw =
      new BgpSpeaker(loop, 65000, GW, net.transport(GW), gwRib, DecisionOptions.DEFAULT);
  final List<LogCapture> captures = new ArrayList<>();

  InboundSafetyTest() {
    net.listen(GW, gw::accept);
  }

  @AfterEach
  void removeHandlers() {
    captures.forEach(LogCapture::close);
  }

  /**
   * A BGP peer that sends what the test says: its OPEN (2- or 4-octet AS numbers, hold time 0, so
   * no keepalives are due), then any UPDATE or NOTIFICATION. It records what it receives.
   */
  final class RawPeer implements ConnectionListener {
    final Ipv4Address address;
    final long asn;
    final boolean fourOctet;
    final List<BgpMessage> received = new CopyOnWriteArrayList<>();
    Connection conn;
    boolean established;

    RawPeer(String address, long asn, boolean fourOctet) {
      this.address = Ipv4Address.parse(address);
      this.asn = asn;
      this.fourOctet = fourOctet;
      net.listen(
          this.address,
          c -> {
            conn = c;
            c.listen(this);
          });
    }

    /** Configures it as the gateway's neighbor, with {@code rules}, accepting everything. */
    RawPeer on(UnaryOperator<Neighbor> change) {
      PeerConfig pc = PeerConfig.of(65000, asn, GW, address, CAPS);
      gw.addNeighbor(
          change.apply(new Neighbor(pc, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL)));
      return this;
    }

    RawPeer on() {
      return on(n -> n);
    }

    @Override
    public void onMessage(BgpMessage m) {
      received.add(m);
      if (m instanceof Open) {
        List<Capability> caps = new ArrayList<>(CAPS);
        if (fourOctet) {
          caps.add(new Capability.FourOctetAs(asn));
        }
        conn.send(
            new Open(
                Open.VERSION,
                (int) asn,
                0,
                address,
                List.of(new OptionalParameter.Capabilities(caps))));
        conn.setCodecContext(fourOctet ? CodecContext.FOUR_OCTET_AS : CodecContext.DEFAULT);
        conn.send(Keepalive.INSTANCE);
      } else if (m instanceof Keepalive) {
        established = true;
      }
    }

    @Override
    public void onDecodeError(WireError error) {
      throw new AssertionError("the gateway sent something malformed: " + error);
    }

    @Override
    public void onClosed(String reason) {
      established = false;
    }

    void announce(PathAttributes a, IpPrefix... prefixes) {
      conn.send(Update.announce(a, NlriList.of(Afi.IPV4, prefixes)));
      loop.runPending();
    }

    /** Attributes with this peer as next hop and {@code path} as AS_PATH. */
    PathAttributes.Builder path(AsPath path) {
      return PathAttributes.builder().origin(0).asPath(path).nextHop(address);
    }

    PathAttributes.Builder path(long... asns) {
      return path(AsPath.sequence(asns));
    }
  }

  /** A plain cairn speaker (AS 65050) behind the gateway, over eBGP (or iBGP with AS 65000). */
  BgpSpeakerTest.Rib receiver(String address, long asn, BgpSpeaker[] out) {
    Ipv4Address a = Ipv4Address.parse(address);
    BgpSpeakerTest.Rib rib = new BgpSpeakerTest.Rib();
    BgpSpeaker s = new BgpSpeaker(loop, asn, a, net.transport(a), rib, DecisionOptions.DEFAULT);
    net.listen(a, s::accept);
    s.addNeighbor(
        new Neighbor(
            PeerConfig.of(asn, 65000, a, GW, CAPS),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    gw.addNeighbor(
        new Neighbor(
            PeerConfig.of(65000, asn, GW, a, CAPS),
            RoutePolicy.ACCEPT_ALL,
            RoutePolicy.ACCEPT_ALL));
    s.start();
    out[0] = s;
    return rib;
  }

  void up(RawPeer... peers) {
    gw.start();
    loop.advance(Duration.ofSeconds(3));
    for (RawPeer p : peers) {
      assertThat(p.established).as("%s established", p.address).isTrue();
      assertThat(gw.state(p.address)).isEqualTo(SessionState.ESTABLISHED);
    }
  }

  BgpSpeaker.PathView pathFrom(IpPrefix prefix, IpAddress neighbor) {
    return gw.paths(Afi.IPV4, prefix).getOrDefault(prefix, List.of()).stream()
        .filter(v -> neighbor.equals(v.from()))
        .findFirst()
        .orElse(null);
  }

  BgpSpeaker.NeighborDetail detail(IpAddress neighbor) {
    return gw.neighbors().stream().filter(n -> n.address().equals(neighbor)).findFirst().get();
  }

  /** An AS_PATH of {@code n} ASes starting with {@code first} (2-octet AS numbers). */
  static AsPath longPath(long first, int n) {
    List<AsPath.Segment> segs = new ArrayList<>();
    long[] all = new long[n];
    all[0] = first;
    for (int i = 1; i < n; i++) {
      all[i] = 64512 + (i % 400); // (never 65000: that would be a loop)
    }
    for (int i = 0; i < n; i += 255) {
      segs.add(AsPath.Segment.sequence(java.util.Arrays.copyOfRange(all, i, Math.min(n, i + 255))));
    }
    return new AsPath(segs);
  }

  // ------------------------------------------------------------------ interning

  /**
   * DESIGN §4: equal attribute sets share one object in the Loc-RIB. Each UPDATE is decoded on its
   * own (the I/O threads do not intern); the speaker interns as it takes them in, also after an
   * eBGP sanitation that rebuilt them.
   */
  @Test
  void equalAttributesOfSeparateUpdatesShareOneObjectInTheLocRib() {
    RawPeer x = new RawPeer("192.0.2.1", 65001, true).on();
    up(x);
    x.announce(x.path(65001).build(), NET);
    x.announce(x.path(65001).build(), OTHER);
    x.announce(x.path(65001).localPref(1000).build(), ALSO); // LOCAL_PREF dropped: rebuilt
    loop.advance(Duration.ofSeconds(1));

    PathAttributes first = pathFrom(NET, x.address).attributes();
    assertThat(pathFrom(OTHER, x.address).attributes()).isSameAs(first);
    assertThat(pathFrom(ALSO, x.address).attributes()).isSameAs(first);
  }

  // ------------------------------------------------------------------ LOCAL_PREF, RR attributes

  /**
   * The bug report: two eBGP neighbors announce 203.0.113.0/24, one with a one-hop AS_PATH, the
   * other with three hops and LOCAL_PREF 1000. The external LOCAL_PREF must not decide (RFC 4271
   * §5.1.5): the one-hop path wins.
   */
  @Test
  void localPrefFromAnEbgpNeighborIsIgnored() {
    RawPeer bird = new RawPeer("192.0.2.1", 65001, true).on();
    RawPeer other = new RawPeer("192.0.2.2", 65002, true).on();
    up(bird, other);
    bird.announce(bird.path(65001).build(), NET);
    other.announce(other.path(65002, 65010, 65020).localPref(1000).build(), NET);
    loop.advance(Duration.ofSeconds(1));

    assertThat(gw.bestRoutes().get(NET)).startsWith("via 192.0.2.1");
    assertThat(gwRib.routes.get(NET).nextHops()).containsExactly(NextHop.via(bird.address));
    assertThat(pathFrom(NET, other.address).attributes().localPref()).isEqualTo(-1);
    assertThat(detail(other.address).attributesDiscarded()).isEqualTo(1);
    assertThat(gw.state(other.address)).isEqualTo(SessionState.ESTABLISHED);
  }

  /** The import policy runs on the clean attributes: it sees no LOCAL_PREF, and may set one. */
  @Test
  void theImportPolicySeesAndSetsLocalPrefOnTheCleanAttributes() {
    List<Long> seen = new ArrayList<>();
    RoutePolicy prefer =
        (p, a, n) -> {
          seen.add(a.localPref());
          return a.toBuilder().localPref(200).build();
        };
    RawPeer bird = new RawPeer("192.0.2.1", 65001, true).on();
    RawPeer other =
        new RawPeer("192.0.2.2", 65002, true)
            .on(
                n ->
                    new Neighbor(n.peer(), prefer, n.exportPolicy())
                        .withInbound(InboundRules.DEFAULT));
    up(bird, other);
    bird.announce(bird.path(65001).build(), NET);
    other.announce(other.path(65002, 65010, 65020).localPref(1000).build(), NET);
    loop.advance(Duration.ofSeconds(1));

    assertThat(seen).containsExactly(-1L);
    assertThat(gw.bestRoutes().get(NET)).startsWith("via 192.0.2.2");
    assertThat(pathFrom(NET, other.address).attributes().localPref()).isEqualTo(200);
  }

  /**
   * ORIGINATOR_ID and CLUSTER_LIST from eBGP are discarded (RFC 7606 §7.9, §7.10): they neither
   * decide best-path (ORIGINATOR_ID stands for the router id in the tie-break) nor reach an iBGP
   * neighbor, where they would make it drop the route as its own.
   */
  @Test
  void originatorIdAndClusterListFromEbgpAreDiscarded() {
    RawPeer x = new RawPeer("192.0.2.1", 65001, true).on();
    RawPeer y = new RawPeer("192.0.2.2", 65002, true).on();
    BgpSpeaker[] inner = new BgpSpeaker[1];
    receiver("192.0.2.100", 65000, inner);
    up(x, y);
    x.announce(x.path(65001).build(), NET);
    // a lower "router id" than x's through ORIGINATOR_ID; the iBGP neighbor's id as originator
    y.announce(
        y.path(65002)
            .originatorId(Ipv4Address.parse("0.0.0.1"))
            .clusterList(Ipv4Address.parse("192.0.2.100").bits())
            .build(),
        NET);
    y.announce(
        y.path(65002)
            .originatorId(Ipv4Address.parse("192.0.2.100"))
            .clusterList(Ipv4Address.parse("192.0.2.100").bits())
            .build(),
        OTHER);
    loop.advance(Duration.ofSeconds(2));

    assertThat(gw.bestRoutes().get(NET)).startsWith("via 192.0.2.1"); // lower real router id
    BgpSpeaker.PathView fromY = pathFrom(NET, y.address);
    assertThat(fromY.attributes().originatorId()).isNull();
    assertThat(fromY.attributes().hasClusterList()).isFalse();
    // passed on over iBGP without them, so the neighbor whose id they carried keeps the route
    assertThat(inner[0].bestRoutes().get(OTHER))
        .isNotNull()
        .doesNotContain("originator-id")
        .doesNotContain("cluster-list");
    assertThat(detail(y.address).attributesDiscarded()).isEqualTo(4);
  }

  // ------------------------------------------------------------------ first AS

  @Test
  void theFirstAsOfAnEbgpPathMustBeTheNeighbors() {
    RawPeer x = new RawPeer("192.0.2.1", 65001, true).on();
    up(x);
    x.announce(x.path(65001, 65099).build(), NET);
    loop.runPending();
    assertThat(gw.bestRoutes()).containsKey(NET);
    // a path that does not start with the neighbor's AS withdraws what it sent before
    x.announce(x.path(65099, 65001).build(), NET);
    x.announce(x.path(65099).build(), OTHER);
    loop.runPending();
    assertThat(gw.bestRoutes()).doesNotContainKeys(NET, OTHER);
    assertThat(gwRib.routes).isEmpty();
    // an empty AS_PATH from eBGP (RFC 4271 §5.1.2: external speakers prepend) is refused too
    x.announce(x.path(AsPath.EMPTY).build(), NET);
    assertThat(gw.bestRoutes()).doesNotContainKey(NET);
    assertThat(detail(x.address).treatAsWithdraw()).isEqualTo(3);
    assertThat(gw.state(x.address)).isEqualTo(SessionState.ESTABLISHED);
  }

  /** A route server does not prepend its AS (RFC 7947): enforce-first-as off accepts it. */
  @Test
  void enforceFirstAsOffAcceptsARouteServersPaths() {
    RawPeer rs =
        new RawPeer("192.0.2.1", 65001, true)
            .on(n -> n.withInbound(new InboundRules(false, 255, false, 75)));
    up(rs);
    rs.announce(rs.path(65099).build(), NET);
    loop.runPending();
    assertThat(gw.bestRoutes().get(NET)).contains("as-path=[65099]");
    assertThat(detail(rs.address).treatAsWithdraw()).isZero();
  }

  // ------------------------------------------------------------------ AS_PATH length

  @Test
  void anAsPathLongerThan255IsTreatedAsWithdrawnByDefault() {
    RawPeer x = new RawPeer("192.0.2.1", 65001, true).on();
    up(x);
    x.announce(x.path(longPath(65001, 255)).build(), NET);
    assertThat(gw.bestRoutes()).containsKey(NET);
    x.announce(x.path(longPath(65001, 256)).build(), NET);
    assertThat(gw.bestRoutes()).doesNotContainKey(NET);
    assertThat(gwRib.routes).isEmpty();
    loop.advance(Duration.ofSeconds(10));
    assertThat(gw.state(x.address)).isEqualTo(SessionState.ESTABLISHED);
    assertThat(x.received).noneMatch(m -> m instanceof Notification);
  }

  @Test
  void aNeighborsMaxAsPathLengthOverridesAndZeroMeansNoLimit() {
    RawPeer tight =
        new RawPeer("192.0.2.1", 65001, true)
            .on(n -> n.withInbound(new InboundRules(true, 3, false, 75)));
    RawPeer open =
        new RawPeer("192.0.2.2", 65002, true)
            .on(n -> n.withInbound(new InboundRules(true, 0, false, 75)));
    up(tight, open);
    tight.announce(tight.path(65001, 2, 3).build(), NET);
    tight.announce(tight.path(65001, 2, 3, 4).build(), OTHER);
    open.announce(open.path(longPath(65002, 600)).build(), IpPrefix.parse("192.0.2.128/25"));
    loop.runPending();
    assertThat(gw.bestRoutes())
        .containsKeys(NET, IpPrefix.parse("192.0.2.128/25"))
        .doesNotContainKey(OTHER);
  }

  /**
   * A 2,000-hop AS_PATH accepted with the limit off does not fit one 4,096-octet UPDATE once the
   * gateway prepends its AS: the prefix is withdrawn from that neighbor instead, never sent
   * malformed, and nothing throws. (Without the check the packer refused the attributes and the
   * flush failed on the speaker's loop.)
   */
  @Test
  void aPathTooLongToExportIsWithdrawnFromTheNeighborNotSentMalformed() {
    RawPeer x =
        new RawPeer("192.0.2.1", 65001, false) // 2-octet AS numbers: 2,000 hops fit 4,096 octets
            .on(n -> n.withInbound(new InboundRules(true, 0, false, 75)));
    BgpSpeaker[] r = new BgpSpeaker[1];
    BgpSpeakerTest.Rib rRib = receiver("192.0.2.50", 65050, r);
    List<LogCapture> logs = List.of(capture("dev.cairn.bgp.export.Packer")); // (packs UPDATEs)
    up(x);
    loop.advance(Duration.ofSeconds(2));
    x.announce(x.path(65001, 65002).build(), NET);
    loop.advance(Duration.ofSeconds(1));
    assertThat(rRib.routes).containsKey(NET);

    x.announce(x.path(longPath(65001, 2000)).build(), NET);
    x.announce(x.path(65001).build(), OTHER);
    loop.advance(Duration.ofSeconds(1));
    assertThat(gw.bestRoutes().get(NET)).isNotNull(); // accepted: the limit is off
    assertThat(rRib.routes).doesNotContainKey(NET).containsKey(OTHER); // withdrawn from it
    assertThat(gw.advertised(IpAddress.parse("192.0.2.50"))).doesNotContainKey(NET);
    assertThat(gw.state(IpAddress.parse("192.0.2.50"))).isEqualTo(SessionState.ESTABLISHED);
    assertThat(logs.get(0).lines).anyMatch(l -> l.contains("do not fit one UPDATE"));
  }

  // ------------------------------------------------------------------ unknown attributes

  @Test
  void dropUnknownAttributesDiscardsThemInsteadOfPassingThemOn() {
    RawPeer dropping =
        new RawPeer("192.0.2.1", 65001, true)
            .on(n -> n.withInbound(new InboundRules(true, 255, true, 75)));
    RawPeer passing = new RawPeer("192.0.2.2", 65002, true).on();
    BgpSpeaker[] r = new BgpSpeaker[1];
    receiver("192.0.2.50", 65050, r);
    up(dropping, passing);
    RawAttribute odd =
        new RawAttribute(PathAttributes.OPTIONAL | PathAttributes.TRANSITIVE, 99, new byte[] {7});
    dropping.announce(dropping.path(65001).unknown(odd).build(), NET);
    passing.announce(passing.path(65002).unknown(odd).build(), OTHER);
    loop.advance(Duration.ofSeconds(2));

    assertThat(pathFrom(NET, dropping.address).attributes().unknown()).isEmpty();
    assertThat(r[0].bestRoutes().get(NET)).isNotNull().doesNotContain("attr99");
    assertThat(r[0].bestRoutes().get(OTHER)).contains("attr99(flags=0xe0)"); // Partial set
    assertThat(detail(dropping.address).unknownAttributesDropped()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ max-prefixes warning

  @Test
  void crossingTheMaxPrefixesWarningThresholdLogsOnceUntilItFallsBelow() {
    RawPeer x =
        new RawPeer("192.0.2.1", 65001, true)
            .on(
                n ->
                    new Neighbor(
                        n.peer(),
                        n.importPolicy(),
                        n.exportPolicy(),
                        false,
                        10,
                        null,
                        false,
                        new InboundRules(true, 255, false, 80)));
    LogCapture log = capture(Peer.class);
    up(x);
    List<IpPrefix> ps = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ps.add(IpPrefix.parse("198.51.100." + (i * 16) + "/28"));
    }
    x.announce(x.path(65001).build(), ps.subList(0, 7).toArray(new IpPrefix[0]));
    assertThat(detail(x.address).maxPrefixWarning()).isFalse();
    x.announce(x.path(65001).build(), ps.get(7)); // 8 of 10: 80 %
    x.announce(x.path(65001).build(), ps.get(8));
    assertThat(detail(x.address).maxPrefixWarning()).isTrue();
    assertThat(detail(x.address).maxPrefixWarningPercent()).isEqualTo(80);
    assertThat(warnings(log, "% of max-prefixes")).hasSize(1);

    x.conn.send(
        Update.withdraw(
            Family.IPV4_UNICAST, NlriList.of(Afi.IPV4, ps.get(8), ps.get(7), ps.get(6))));
    loop.runPending();
    assertThat(detail(x.address).maxPrefixWarning()).isFalse(); // 6
    x.announce(x.path(65001).build(), ps.get(9));
    assertThat(warnings(log, "% of max-prefixes")).hasSize(1); // 7
    x.announce(x.path(65001).build(), ps.get(8));
    assertThat(warnings(log, "% of max-prefixes")).hasSize(2);
    assertThat(gw.state(x.address)).isEqualTo(SessionState.ESTABLISHED); // below the limit
  }

  // ------------------------------------------------------------------ text from peers, log rate

  /**
   * A shutdown communication with a newline, a terminal escape and a bidirectional override, and
   * NOTIFICATION data that is not text, reach the log and {@code show bgp neighbors} escaped.
   */
  @Test
  void textFromPeersIsEscapedBeforeItIsLoggedOrShown() {
    RawPeer x = new RawPeer("192.0.2.1", 65001, true).on();
    LogCapture log = capture(dev.cairn.bgp.fsm.PeerSession.class);
    up(x);
    String evil = "bye\nJan 01 00:00:00 cairnd: neighbor 192.0.2.9 Established\u001b[2J\u202e";
    x.conn.send(Notification.cease(ErrorCodes.ADMINISTRATIVE_SHUTDOWN, evil));
    loop.runPending();

    String last = detail(x.address).lastError();
    assertThat(last)
        .contains("bye\\nJan 01")
        .contains("\\x1b[2J")
        .contains("\\u{202e}")
        .doesNotContain("\n")
        .doesNotContain("\u001b")
        .doesNotContain("\u202e");
    assertThat(log.lines).isNotEmpty().allMatch(l -> l.indexOf('\n') < 0 && l.indexOf(27) < 0);
    assertThat(log.lines).anyMatch(l -> l.contains("bye\\nJan 01"));

    byte[] junk = new byte[3000];
    java.util.Arrays.fill(junk, (byte) 0xff);
    assertThat(new Notification(ErrorCodes.CEASE, 99, junk).toString())
        .hasSizeLessThan(300)
        .endsWith("(3000 octets)");
  }

  /** Invalid UTF-8 and long text are escaped and cut, octet by octet. */
  @Test
  void peerTextEscapesInvalidUtf8AndCutsLongText() {
    byte[] b = {'o', 'k', (byte) 0xc3, (byte) 0xa9, (byte) 0xc3, '"', (byte) 0x9b, '\\'};
    assertThat(dev.cairn.bgp.wire.PeerText.escape(b)).isEqualTo("oké\\xc3\\\"\\x9b\\\\");
    byte[] longText = "x".repeat(1000).getBytes();
    assertThat(dev.cairn.bgp.wire.PeerText.escape(longText, 0, 1000, 10))
        .isEqualTo("xxxxxxxxxx... (1000 octets)");
  }

  /**
   * RFC 7606 warnings are counted always, logged rate-limited per neighbor: the first at once, then
   * at most one line a minute summing up the rest.
   */
  @Test
  void rfc7606WarningsAreRateLimitedPerNeighborAndCounted() {
    RawPeer x = new RawPeer("192.0.2.1", 65001, true).on();
    RawPeer y = new RawPeer("192.0.2.2", 65002, true).on();
    LogCapture log = capture(InputWarnings.class);
    up(x, y);
    for (int i = 0; i < 100; i++) {
      x.announce(x.path(65001).localPref(500 + i).build(), NET);
    }
    y.announce(y.path(65002).localPref(7).build(), NET); // another neighbor: its own first line
    assertThat(log.lines).hasSize(2);
    assertThat(log.lines.get(0)).contains("192.0.2.1").contains("LOCAL_PREF 500");
    assertThat(log.lines.get(1)).contains("192.0.2.2");
    assertThat(detail(x.address).attributesDiscarded()).isEqualTo(100);

    loop.advance(Duration.ofSeconds(61));
    assertThat(log.lines).hasSize(3);
    assertThat(log.lines.get(2))
        .contains("192.0.2.1")
        .contains("99 more")
        .contains("LOCAL_PREF 599");
    x.announce(x.path(65001).localPref(1).build(), NET); // within a minute of the summary
    assertThat(log.lines).hasSize(3);
    loop.advance(Duration.ofSeconds(61));
    assertThat(log.lines).hasSize(4);
    assertThat(log.lines.get(3)).contains("1 more");
    loop.advance(Duration.ofSeconds(120));
    assertThat(log.lines).hasSize(4); // nothing new, nothing logged
    x.announce(x.path(65001).localPref(2).build(), NET);
    assertThat(log.lines).hasSize(5);
  }

  // ------------------------------------------------------------------ soft reconfiguration

  /** New inbound rules apply through a route refresh, without a session reset. */
  @Test
  void newInboundRulesAskForTheRoutesAgainWithoutAReset() {
    RawPeer x = new RawPeer("192.0.2.1", 65001, true).on();
    up(x);
    int flaps = detail(x.address).flaps();
    Neighbor n = gw.neighbors().isEmpty() ? null : currentNeighbor(x);
    gw.updateNeighbor(n.withInbound(new InboundRules(false, 255, false, 75)));
    loop.runPending();
    assertThat(x.received).anyMatch(m -> m instanceof dev.cairn.bgp.wire.RouteRefresh);
    assertThat(detail(x.address).flaps()).isEqualTo(flaps);
    assertThat(gw.state(x.address)).isEqualTo(SessionState.ESTABLISHED);
  }

  private Neighbor currentNeighbor(RawPeer x) {
    PeerConfig pc = PeerConfig.of(65000, x.asn, GW, x.address, CAPS);
    return new Neighbor(pc, RoutePolicy.ACCEPT_ALL, RoutePolicy.ACCEPT_ALL);
  }

  // ------------------------------------------------------------------ log capture

  static List<String> warnings(LogCapture log, String containing) {
    return log.lines.stream().filter(l -> l.contains(containing)).toList();
  }

  LogCapture capture(Class<?> c) {
    return capture(c.getName());
  }

  LogCapture capture(String logger) {
    LogCapture l = new LogCapture(logger);
    captures.add(l);
    return l;
  }

  /** The lines a class logs (System.Logger goes to java.util.logging in tests). */
  static final class LogCapture extends Handler {
    final Logger logger;
    final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture(String name) {
      logger = Logger.getLogger(name);
      logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
        lines.add(new SimpleFormatter().formatMessage(r));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
