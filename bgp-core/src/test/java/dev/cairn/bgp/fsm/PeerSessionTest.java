package dev.cairn.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.ErrorCodes;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.Notification;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.WireError;
import dev.cairn.event.VirtualEventLoop;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FSM of RFC 4271 §8 and collision detection (§6.8), on virtual time over MemoryNetwork. */
class PeerSessionTest {
  static final IpAddress A = IpAddress.parse("192.0.2.1");
  static final IpAddress B = IpAddress.parse("192.0.2.2");
  static final List<Capability> CAPS =
      List.of(Capability.Multiprotocol.of(Family.IPV4_UNICAST), new Capability.RouteRefresh());

  final VirtualEventLoop loop = new VirtualEventLoop();
  final MemoryNetwork net = new MemoryNetwork(loop);

  /** A router with one session, recording what its session tells it. */
  final class Router implements PeerListener {
    final PeerSession session;
    final List<String> events = new ArrayList<>();
    final List<BgpMessage> received = new ArrayList<>();
    int downs;

    Router(IpAddress self, long as, IpAddress peer, long peerAs, PeerConfig tweak) {
      PeerConfig cfg =
          tweak != null ? tweak : PeerConfig.of(as, peerAs, (Ipv4Address) self, peer, CAPS);
      session = new PeerSession(loop, cfg, net.transport(self), this);
      net.listen(self, session::accept);
    }

    @Override
    public void stateChanged(SessionState from, SessionState to, String reason) {
      events.add(to.display());
    }

    @Override
    public void message(BgpMessage m) {
      received.add(m);
    }

    @Override
    public void down(String reason, boolean notification) {
      downs++;
    }
  }

  Router a(PeerConfig cfg) {
    return new Router(A, 65001, B, 65002, cfg);
  }

  Router b(PeerConfig cfg) {
    return new Router(B, 65002, A, 65001, cfg);
  }

  static PeerConfig cfgA() {
    return PeerConfig.of(65001, 65002, (Ipv4Address) A, B, CAPS);
  }

  static PeerConfig cfgB() {
    return PeerConfig.of(65002, 65001, (Ipv4Address) B, A, CAPS);
  }

  long count(IpAddress who, Class<?> type) {
    return net.sentBy(who).stream().filter(type::isInstance).count();
  }

  List<Notification> notifications(IpAddress who) {
    return net.sentBy(who).stream()
        .filter(m -> m instanceof Notification)
        .map(m -> (Notification) m)
        .toList();
  }

  @Test
  void twoRoutersEstablishAndKeepTheSessionWithKeepalives() {
    Router a = a(null);
    Router b = b(null);
    a.session.start();
    b.session.start();
    loop.advance(Duration.ofSeconds(1));
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(b.session.state()).isEqualTo(SessionState.ESTABLISHED);
    long before = count(A, Keepalive.class);
    loop.advance(Duration.ofMinutes(10));
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    // hold 90 s → keepalive every 30 s: 20 in 10 minutes
    assertThat(count(A, Keepalive.class) - before).isEqualTo(20);
    assertThat(a.events).containsSubsequence("Connect", "OpenSent", "OpenConfirm", "Established");
  }

  @Test
  void collisionKeepsTheConnectionOpenedByTheHigherIdentifier() {
    Router a = a(null);
    Router b = b(null);
    a.session.start(); // both connect at the same instant: two connections
    b.session.start();
    loop.advance(Duration.ofSeconds(1));
    // B (192.0.2.2) has the higher BGP identifier: the connection B opened survives
    assertThat(b.session.establishedConnection()).get().matches(Connection::outbound);
    assertThat(a.session.establishedConnection()).get().matches(c -> !c.outbound());
    Notification cease =
        new Notification(ErrorCodes.CEASE, ErrorCodes.CONNECTION_COLLISION_RESOLUTION);
    assertThat(
            notifications(A).stream().filter(cease::equals).count()
                + notifications(B).stream().filter(cease::equals).count())
        .as("Cease/7 goes only on the losing connection, from one or both ends")
        .isBetween(1L, 2L);
    assertThat(a.downs + b.downs).isZero();
  }

  @Test
  void collisionWithTheIdentifiersTheOtherWayRound() {
    // give A the higher identifier: now A's outbound connection survives
    PeerConfig ca =
        new PeerConfig(
            65001,
            65002,
            Ipv4Address.parse("203.0.113.1"),
            B,
            null,
            90,
            0,
            Duration.ofSeconds(5),
            false,
            CAPS,
            Duration.ofSeconds(1),
            Duration.ofSeconds(120));
    Router a = a(ca);
    Router b = b(null);
    a.session.start();
    b.session.start();
    loop.advance(Duration.ofSeconds(1));
    assertThat(a.session.establishedConnection()).get().matches(Connection::outbound);
    assertThat(b.session.establishedConnection()).get().matches(c -> !c.outbound());
  }

  @Test
  void passiveNeighborWaitsAndActiveOneConnects() {
    Router a = a(cfgA().withPassive(true));
    Router b = b(null);
    a.session.start();
    loop.advance(Duration.ofSeconds(30));
    assertThat(a.session.state()).isEqualTo(SessionState.ACTIVE);
    b.session.start();
    loop.advance(Duration.ofSeconds(1));
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(a.session.establishedConnection()).get().matches(c -> !c.outbound());
  }

  @Test
  void refusedConnectGoesActiveAndRetriesEveryConnectRetryInterval() {
    Router a = a(null);
    net.refuse(B, true);
    a.session.start();
    loop.runPending();
    assertThat(a.session.state()).isEqualTo(SessionState.ACTIVE);
    assertThat(a.session.lastError()).contains("connection refused");
    loop.advance(Duration.ofSeconds(5));
    assertThat(a.events).containsSubsequence("Connect", "Active", "Connect", "Active");
    Router b = b(cfgB().withPassive(true));
    b.session.start();
    net.refuse(B, false);
    loop.advance(Duration.ofSeconds(5)); // next retry
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
  }

  @Test
  void wrongPeerAsIsRefusedWithBadPeerAsAndRetriedWithBackoff() {
    Router a = a(cfgA().withPeerAs(65003));
    Router b = b(cfgB().withPassive(true));
    b.session.start();
    a.session.start();
    loop.runPending();
    Notification n = notifications(A).get(0);
    assertThat(n.code()).isEqualTo(ErrorCodes.OPEN_MESSAGE_ERROR);
    assertThat(n.subcode()).isEqualTo(ErrorCodes.BAD_PEER_AS);
    assertThat(n.data()).containsExactly(0xfd, 0xea); // B's My AS field: 65002
    assertThat(a.session.state()).isEqualTo(SessionState.IDLE);
    assertThat(b.session.lastError()).contains("Bad Peer AS");
    // automatic restart after 1 s, then 2 s, then 4 s (damped oscillations)
    int opens = (int) count(A, Open.class);
    loop.advance(Duration.ofMillis(1001));
    assertThat(count(A, Open.class)).isEqualTo(opens + 1);
    loop.advance(Duration.ofMillis(2001));
    assertThat(count(A, Open.class)).isEqualTo(opens + 2);
    loop.advance(Duration.ofMillis(3000));
    assertThat(count(A, Open.class)).isEqualTo(opens + 2);
    loop.advance(Duration.ofMillis(1001));
    assertThat(count(A, Open.class)).isEqualTo(opens + 3);
  }

  @Test
  void holdTimerExpiresWhenTheNeighborFreezesAndTheSessionRecovers() {
    Router a = a(null);
    Router b = b(cfgB().withPassive(true));
    b.session.start();
    a.session.start();
    loop.advance(Duration.ofSeconds(1));
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    net.hold(B, true); // B stops answering (SIGSTOP)
    // the last KEEPALIVE from B arrived when the session came up, ~1 s ago: 90 s hold time
    loop.advance(Duration.ofSeconds(85));
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    loop.advance(Duration.ofSeconds(5));
    // down to Idle, and already trying again (automatic restart after the idle hold time)
    assertThat(a.session.state()).isNotEqualTo(SessionState.ESTABLISHED);
    assertThat(a.events).containsSubsequence("Established", "Idle", "Connect");
    assertThat(a.session.lastError()).isEqualTo("hold timer expired");
    assertThat(notifications(A)).contains(new Notification(ErrorCodes.HOLD_TIMER_EXPIRED, 0));
    assertThat(a.downs).isEqualTo(1);
    net.hold(B, false); // SIGCONT
    loop.advance(Duration.ofMinutes(5));
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(b.session.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(a.session.flaps()).isEqualTo(1);
  }

  @Test
  void holdTimeZeroMeansNoKeepalives() {
    Router a = a(cfgA().withHoldTime(0));
    Router b = b(cfgB().withHoldTime(0).withPassive(true));
    b.session.start();
    a.session.start();
    loop.advance(Duration.ofSeconds(1));
    long before = count(A, Keepalive.class) + count(B, Keepalive.class);
    loop.advance(Duration.ofHours(2));
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(count(A, Keepalive.class) + count(B, Keepalive.class)).isEqualTo(before);
  }

  @Test
  void negotiatedHoldTimeIsTheSmallerOne() {
    Router a = a(cfgA().withHoldTime(9));
    Router b = b(cfgB().withPassive(true)); // proposes 90
    b.session.start();
    a.session.start();
    loop.advance(Duration.ofSeconds(1));
    long before = count(B, Keepalive.class);
    loop.advance(Duration.ofSeconds(30));
    assertThat(count(B, Keepalive.class) - before).isEqualTo(10); // every 3 s
  }

  @Test
  void manualStopSendsAdministrativeShutdownWithTheMessageAndStaysDown() {
    Router a = a(null);
    Router b = b(null);
    b.session.start();
    a.session.start();
    loop.advance(Duration.ofSeconds(1));
    a.session.stop("maintenance window");
    loop.runPending();
    Notification n = notifications(A).get(notifications(A).size() - 1);
    assertThat(n.shutdownCommunication()).contains("maintenance window");
    assertThat(b.session.state()).isEqualTo(SessionState.IDLE);
    assertThat(b.downs).isEqualTo(1);
    loop.advance(Duration.ofMinutes(10));
    assertThat(a.session.state()).isEqualTo(SessionState.IDLE);
    // B keeps trying; A refuses while stopped with Cease / Connection Rejected
    assertThat(notifications(A))
        .contains(new Notification(ErrorCodes.CEASE, ErrorCodes.CONNECTION_REJECTED));
  }

  /** A raw neighbor driven by the test. */
  final class Raw implements ConnectionListener {
    Connection conn;
    final List<BgpMessage> got = new ArrayList<>();
    boolean closed;

    Raw() {
      net.listen(
          B,
          c -> {
            conn = c;
            c.listen(this);
          });
    }

    @Override
    public void onMessage(BgpMessage m) {
      got.add(m);
    }

    @Override
    public void onDecodeError(WireError e) {}

    @Override
    public void onClosed(String reason) {
      closed = true;
    }

    Notification lastNotification() {
      for (int i = got.size() - 1; i >= 0; i--) {
        if (got.get(i) instanceof Notification n) {
          return n;
        }
      }
      return null;
    }
  }

  Open openB() {
    return Open.of(65002, 90, (Ipv4Address) B, CAPS);
  }

  @Test
  void unexpectedMessageInOpenSentIsAnFsmError() {
    Raw raw = new Raw();
    Router a = a(null);
    a.session.start();
    loop.runPending();
    raw.conn.send(Keepalive.INSTANCE); // before any OPEN
    loop.runPending();
    assertThat(raw.lastNotification())
        .isEqualTo(new Notification(ErrorCodes.FSM_ERROR, ErrorCodes.FSM_UNEXPECTED_IN_OPENSENT));
    assertThat(a.session.state()).isEqualTo(SessionState.IDLE);
  }

  @Test
  void unexpectedMessageInOpenConfirmIsAnFsmError() {
    Raw raw = new Raw();
    Router a = a(null);
    a.session.start();
    loop.runPending();
    raw.conn.send(openB());
    loop.runPending();
    assertThat(a.session.state()).isEqualTo(SessionState.OPEN_CONFIRM);
    raw.conn.send(openB());
    loop.runPending();
    assertThat(raw.lastNotification())
        .isEqualTo(
            new Notification(ErrorCodes.FSM_ERROR, ErrorCodes.FSM_UNEXPECTED_IN_OPENCONFIRM));
  }

  @Test
  void openInEstablishedIsAnFsmErrorAndNotificationTakesTheSessionDown() {
    Raw raw = new Raw();
    Router a = a(null);
    a.session.start();
    loop.runPending();
    raw.conn.send(openB());
    raw.conn.send(Keepalive.INSTANCE);
    loop.runPending();
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    raw.conn.send(openB());
    loop.runPending();
    assertThat(raw.lastNotification())
        .isEqualTo(
            new Notification(ErrorCodes.FSM_ERROR, ErrorCodes.FSM_UNEXPECTED_IN_ESTABLISHED));
    assertThat(a.downs).isEqualTo(1);
  }

  @Test
  void holdTimerInOpenSentIsFourMinutes() {
    Raw raw = new Raw();
    Router a = a(null);
    a.session.start();
    loop.advance(Duration.ofSeconds(239));
    assertThat(a.session.state()).isEqualTo(SessionState.OPEN_SENT);
    loop.advance(Duration.ofSeconds(2));
    assertThat(raw.lastNotification())
        .isEqualTo(new Notification(ErrorCodes.HOLD_TIMER_EXPIRED, 0));
  }

  @Test
  void notificationFromTheNeighborTakesTheSessionToIdle() {
    Raw raw = new Raw();
    Router a = a(null);
    a.session.start();
    loop.runPending();
    raw.conn.send(openB());
    raw.conn.send(Keepalive.INSTANCE);
    loop.runPending();
    raw.conn.send(Notification.cease(ErrorCodes.ADMINISTRATIVE_RESET, "bye"));
    loop.runPending();
    assertThat(a.session.state()).isEqualTo(SessionState.IDLE);
    assertThat(a.session.lastError()).contains("Administrative Reset").contains("bye");
  }

  @Test
  void tcpFailureInOpenSentGoesToActive() {
    Raw raw = new Raw();
    Router a = a(null);
    a.session.start();
    loop.runPending();
    net.cut(A, B);
    loop.runPending();
    assertThat(a.session.state()).isEqualTo(SessionState.ACTIVE);
    assertThat(raw.closed).isTrue();
  }

  @Test
  void inboundConnectionCollidingWithEstablishedSessionIsClosed() {
    Router a = a(null);
    Router b = b(cfgB().withPassive(true));
    b.session.start();
    a.session.start();
    loop.advance(Duration.ofSeconds(1));
    // a second connection from B while the session is Established
    net.transport(B)
        .connect(
            A,
            null,
            new Transport.ConnectCallback() {
              @Override
              public void connected(Connection c) {
                c.listen(
                    new ConnectionListener() {
                      @Override
                      public void onMessage(BgpMessage m) {}

                      @Override
                      public void onDecodeError(WireError e) {}

                      @Override
                      public void onClosed(String reason) {}
                    });
              }

              @Override
              public void failed(String reason) {}
            });
    loop.runPending();
    assertThat(notifications(A))
        .contains(new Notification(ErrorCodes.CEASE, ErrorCodes.CONNECTION_COLLISION_RESOLUTION));
    assertThat(a.session.state()).isEqualTo(SessionState.ESTABLISHED);
    assertThat(a.downs).isZero();
  }

  @Test
  void badBgpIdentifierOnIbgp() {
    Raw raw = new Raw();
    Router a = new Router(A, 65001, B, 65001, null);
    a.session.start();
    loop.runPending();
    raw.conn.send(Open.of(65001, 90, (Ipv4Address) A, CAPS)); // our own identifier
    loop.runPending();
    assertThat(raw.lastNotification())
        .isEqualTo(new Notification(ErrorCodes.OPEN_MESSAGE_ERROR, ErrorCodes.BAD_BGP_IDENTIFIER));
  }

  @Test
  void openCheckCanRefuseTheNeighbor() {
    Raw raw = new Raw();
    Router a = a(null);
    Notification missing =
        new Notification(ErrorCodes.OPEN_MESSAGE_ERROR, ErrorCodes.UNSUPPORTED_CAPABILITY);
    a.session.setOpenCheck(
        o ->
            o.capability(Capability.ExtendedMessage.class).isPresent()
                ? java.util.Optional.empty()
                : java.util.Optional.of(missing));
    a.session.start();
    loop.runPending();
    raw.conn.send(openB());
    loop.runPending();
    assertThat(raw.lastNotification()).isEqualTo(missing);
  }
}
