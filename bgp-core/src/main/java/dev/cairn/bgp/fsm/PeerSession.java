// The BGP finite state machine of one neighbor (RFC 4271 §8, collision detection §6.8, RFC 8203).
package dev.cairn.bgp.fsm;

import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.ErrorCodes;
import dev.cairn.bgp.wire.Keepalive;
import dev.cairn.bgp.wire.Notification;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.RouteRefresh;
import dev.cairn.bgp.wire.Update;
import dev.cairn.bgp.wire.WireError;
import dev.cairn.event.EventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One neighbor's BGP session: the finite state machine of RFC 4271 §8 with connection collision
 * detection (§6.8), running on the owner's {@link EventLoop}. It owns up to two connections at a
 * time (the one it opened and one the neighbor opened); each runs OpenSent → OpenConfirm →
 * Established on its own, and the collision rule decides which one survives. The session's state is
 * the most advanced of its connections', or Idle/Connect/Active when it has none.
 *
 * <p>Not thread-safe: every method must be called on the loop.
 */
public final class PeerSession {
  private static final System.Logger LOG = System.getLogger(PeerSession.class.getName());

  /** RFC 4271 §8.2.2: the hold timer while waiting for the peer's OPEN ("4 minutes"). */
  static final Duration LARGE_HOLD = Duration.ofMinutes(4);

  private final EventLoop loop;
  private final PeerConfig cfg;
  private final Transport transport;
  private final PeerListener listener;
  private Function<Open, Optional<Notification>> openCheck = o -> Optional.empty();
  private BiFunction<Open, Open, CodecContext> negotiate = PeerSession::defaultContext;

  private final List<Link> links = new ArrayList<>(2);
  private SessionState base = SessionState.IDLE;
  private SessionState reported = SessionState.IDLE;
  private boolean enabled;
  private boolean connecting;
  private boolean suspended;
  private EventLoop.Timer connectRetry;
  private EventLoop.Timer idleHold;
  private Duration nextIdleHold;
  private String lastError = "";
  private int flaps;
  private long establishedAt;
  private final MessageCounters counters = new MessageCounters();

  public PeerSession(EventLoop loop, PeerConfig cfg, Transport transport, PeerListener listener) {
    this.loop = loop;
    this.cfg = cfg;
    this.transport = transport;
    this.listener = listener;
    this.nextIdleHold = cfg.idleHoldTime();
  }

  /**
   * An extra check of the neighbor's OPEN (e.g. required capabilities); a NOTIFICATION refuses it.
   */
  public void setOpenCheck(Function<Open, Optional<Notification>> check) {
    this.openCheck = check;
  }

  /** How the codec context follows from the two OPENs (default: 4-octet AS when both have it). */
  public void setNegotiation(BiFunction<Open, Open, CodecContext> f) {
    this.negotiate = f;
  }

  /** The codec context two OPENs negotiate: 4-octet AS numbers when both sides have them. */
  public static CodecContext defaultContext(Open local, Open remote) {
    boolean four =
        local.capability(Capability.FourOctetAs.class).isPresent()
            && remote.capability(Capability.FourOctetAs.class).isPresent();
    return four ? CodecContext.FOUR_OCTET_AS : CodecContext.DEFAULT;
  }

  public PeerConfig config() {
    return cfg;
  }

  public SessionState state() {
    return reported;
  }

  /** Why the session last went down, for {@code show bgp neighbors}. */
  public String lastError() {
    return lastError;
  }

  /** How many times the session left Established. */
  /** Messages in and out over the life of this session object, by type. */
  public MessageCounters counters() {
    return counters;
  }

  public int flaps() {
    return flaps;
  }

  /** Loop time (ns) when the session reached Established. */
  public long establishedAt() {
    return establishedAt;
  }

  /** ManualStart (RFC 4271 §8.1.2 events 1 and 4 for passive neighbors). */
  public void start() {
    if (enabled) {
      return;
    }
    enabled = true;
    nextIdleHold = cfg.idleHoldTime();
    begin();
  }

  /**
   * ManualStop: Cease / Administrative Shutdown with the RFC 8203 text on every connection, then
   * Idle with no automatic restart.
   */
  public void stop(String shutdownCommunication) {
    enabled = false;
    cancel(connectRetry);
    cancel(idleHold);
    boolean wasEstablished = links.stream().anyMatch(l -> l.state == SessionState.ESTABLISHED);
    for (Link l : List.copyOf(links)) {
      l.conn.send(Notification.cease(ErrorCodes.ADMINISTRATIVE_SHUTDOWN, shutdownCommunication));
      l.drop();
    }
    base = SessionState.IDLE;
    lastError = "administratively shut down";
    if (wasEstablished) {
      flaps++;
      listener.down(lastError, true);
    }
    report(lastError);
  }

  /**
   * Ends the session with {@code notification} (e.g. Cease / Maximum Number of Prefixes Reached).
   * With {@code restartAfter} the session starts again after that time; without, it stays down
   * until {@link #start()}.
   */
  public void reset(Notification notification, Duration restartAfter) {
    for (Link l : List.copyOf(links)) {
      if (l.state == SessionState.ESTABLISHED) {
        l.notifyAndFail(notification, "sent " + notification);
      }
    }
    if (restartAfter == null) {
      enabled = false;
      cancel(idleHold);
      cancel(connectRetry);
    } else {
      suspended = true; // refuse the neighbor's connections too until the time is up
      cancel(idleHold);
      idleHold =
          loop.schedule(
              restartAfter,
              () -> {
                suspended = false;
                begin();
              });
    }
  }

  /** An inbound connection from this neighbor (the owner dispatches by remote address). */
  public void accept(Connection c) {
    if (!enabled || suspended) {
      c.send(new Notification(ErrorCodes.CEASE, ErrorCodes.CONNECTION_REJECTED));
      c.close();
      return;
    }
    if (links.stream().anyMatch(l -> l.state == SessionState.ESTABLISHED)) {
      // RFC 4271 §6.8: a collision with an Established session closes the new connection
      c.send(new Notification(ErrorCodes.CEASE, ErrorCodes.CONNECTION_COLLISION_RESOLUTION));
      c.close();
      return;
    }
    addLink(c);
  }

  /** The connection the Established session runs on, if any. */
  public Optional<Connection> establishedConnection() {
    return links.stream()
        .filter(l -> l.state == SessionState.ESTABLISHED)
        .map(l -> l.conn)
        .findFirst();
  }

  /** Sends a message on the Established connection; false when there is none. */
  public boolean send(BgpMessage m) {
    for (Link l : links) {
      if (l.state == SessionState.ESTABLISHED) {
        l.conn.send(m);
        return true;
      }
    }
    return false;
  }

  /** Sends several messages on the Established connection. */
  public boolean sendAll(List<? extends BgpMessage> messages) {
    for (Link l : links) {
      if (l.state == SessionState.ESTABLISHED) {
        l.conn.sendAll(messages);
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the Established connection takes more UPDATEs now (see {@link Connection#writable});
   * false without one. When it said false, {@link PeerListener#writable} follows once it drains.
   */
  public boolean writable() {
    for (Link l : links) {
      if (l.state == SessionState.ESTABLISHED) {
        return l.conn.writable();
      }
    }
    return false;
  }

  /** The OPEN this router sends. */
  public Open localOpen() {
    return Open.of(cfg.localAs(), cfg.holdTime(), cfg.routerId(), cfg.capabilities());
  }

  // ------------------------------------------------------------------ session level

  private void begin() {
    cancel(idleHold);
    if (cfg.passive()) {
      base = SessionState.ACTIVE;
      report("waiting for the neighbor to connect");
      return;
    }
    base = SessionState.CONNECT;
    report("connecting");
    tryConnect();
  }

  private void tryConnect() {
    cancel(connectRetry);
    connectRetry = loop.schedule(cfg.connectRetryTime(), this::connectRetryExpired);
    if (connecting) {
      return;
    }
    connecting = true;
    transport.connect(
        cfg.remoteAddress(),
        cfg.localAddress(),
        new Transport.ConnectCallback() {
          @Override
          public void connected(Connection c) {
            connecting = false;
            if (!enabled || links.stream().anyMatch(l -> l.state == SessionState.ESTABLISHED)) {
              c.close();
              return;
            }
            addLink(c);
          }

          @Override
          public void failed(String reason) {
            connecting = false;
            lastError = "connect failed: " + reason;
            if (base == SessionState.CONNECT) {
              base = SessionState.ACTIVE; // RFC 4271 §8.2.2 Connect state, event 18
              report(lastError);
            }
          }
        });
  }

  private void connectRetryExpired() {
    connectRetry = null;
    if (!enabled || !links.isEmpty() || cfg.passive()) {
      return;
    }
    base = SessionState.CONNECT;
    report("connect retry");
    tryConnect();
  }

  private void addLink(Connection raw) {
    Connection c = MessageCounters.counting(raw, counters);
    Link l = new Link(c);
    links.add(l);
    c.listen(l);
    cancel(connectRetry); // a connection exists: stop retrying (RFC 4271 §8.2.2 event 16/17)
    connectRetry = null;
    c.send(localOpen());
    l.state = SessionState.OPEN_SENT;
    l.restartHold();
    report((c.outbound() ? "connected to " : "connection from ") + c.remoteAddress());
  }

  /** A connection failed or was closed because of an error: Idle, then restart after backoff. */
  private void linkFailed(Link l, String reason, boolean tcpFailureInOpenSent) {
    boolean wasEstablished = l.state == SessionState.ESTABLISHED;
    l.drop();
    lastError = reason;
    if (wasEstablished) {
      flaps++;
      listener.down(reason, l.notified);
    }
    if (!links.isEmpty()) {
      report(reason); // the other connection goes on
      return;
    }
    if (tcpFailureInOpenSent && enabled) {
      base = SessionState.ACTIVE; // RFC 4271 §8.2.2 OpenSent, event 18
      connectRetry = loop.schedule(cfg.connectRetryTime(), this::connectRetryExpired);
      report(reason);
      return;
    }
    base = SessionState.IDLE;
    report(reason);
    if (enabled) {
      Duration wait = nextIdleHold;
      nextIdleHold = min(nextIdleHold.multipliedBy(2), cfg.maxIdleHoldTime());
      cancel(idleHold);
      if (!suspended) {
        idleHold = loop.schedule(wait, this::begin); // automatic restart, damped
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void report(String reason) {
    SessionState now = base;
    for (Link l : links) {
      if (l.state.ordinal() > now.ordinal()) {
        now = l.state;
      }
    }
    if (now != reported) {
      SessionState was = reported;
      reported = now;
      LOG.log(
          System.Logger.Level.INFO,
          "neighbor {0}: {1} -> {2} ({3})",
          cfg.remoteAddress(),
          was.display(),
          now.display(),
          reason);
      listener.stateChanged(was, now, reason);
    }
  }

  private static void cancel(EventLoop.Timer t) {
    if (t != null) {
      t.cancel();
    }
  }

  // ------------------------------------------------------------------ one connection

  /** One connection's own OpenSent → OpenConfirm → Established progress. */
  private final class Link implements ConnectionListener {
    final Connection conn;
    SessionState state = SessionState.OPEN_SENT;
    Open remoteOpen;
    int hold;
    EventLoop.Timer holdTimer;
    EventLoop.Timer keepaliveTimer;
    boolean dropped;
    boolean notified; // a NOTIFICATION went either way before the connection ended

    Link(Connection conn) {
      this.conn = conn;
    }

    @Override
    public void onMessage(BgpMessage m) {
      if (dropped) {
        return;
      }
      if (m instanceof Notification n) {
        notified = true;
        fail("received " + n, false);
        return;
      }
      switch (state) {
        case OPEN_SENT -> {
          if (m instanceof Open o) {
            receivedOpen(o);
          } else {
            fsmError(ErrorCodes.FSM_UNEXPECTED_IN_OPENSENT, m);
          }
        }
        case OPEN_CONFIRM -> {
          if (m instanceof Keepalive) {
            becomeEstablished();
          } else {
            fsmError(ErrorCodes.FSM_UNEXPECTED_IN_OPENCONFIRM, m);
          }
        }
        case ESTABLISHED -> {
          if (m instanceof Keepalive) {
            restartHold();
          } else if (m instanceof Update || m instanceof RouteRefresh) {
            restartHold();
            listener.message(m);
          } else {
            fsmError(ErrorCodes.FSM_UNEXPECTED_IN_ESTABLISHED, m);
          }
        }
        default -> throw new IllegalStateException("connection in " + state);
      }
    }

    @Override
    public void onWritable() {
      if (!dropped && state == SessionState.ESTABLISHED) {
        listener.writable();
      }
    }

    @Override
    public void onDecodeError(WireError e) {
      if (dropped) {
        return;
      }
      notifyAndFail(e.toNotification(), "sent " + e);
    }

    @Override
    public void onClosed(String reason) {
      if (dropped) {
        return;
      }
      fail("connection closed: " + reason, state == SessionState.OPEN_SENT);
    }

    private void receivedOpen(Open o) {
      if (o.asn() != cfg.peerAs()) {
        notifyAndFail(
            new Notification(
                ErrorCodes.OPEN_MESSAGE_ERROR,
                ErrorCodes.BAD_PEER_AS,
                new byte[] {(byte) (o.myAs() >>> 8), (byte) o.myAs()}),
            "neighbor AS " + o.asn() + ", expected " + cfg.peerAs());
        return;
      }
      if (!cfg.ebgp() && o.bgpIdentifier().equals(cfg.routerId())) {
        notifyAndFail(
            new Notification(ErrorCodes.OPEN_MESSAGE_ERROR, ErrorCodes.BAD_BGP_IDENTIFIER),
            "neighbor uses our BGP identifier " + cfg.routerId());
        return;
      }
      Optional<Notification> veto = openCheck.apply(o);
      if (veto.isPresent()) {
        notifyAndFail(veto.get(), "refused OPEN: " + veto.get());
        return;
      }
      if (resolveCollision(o)) {
        return; // this connection lost
      }
      remoteOpen = o;
      hold = Math.min(cfg.holdTime(), o.holdTime());
      conn.setCodecContext(negotiate.apply(localOpen(), o));
      conn.send(Keepalive.INSTANCE);
      state = SessionState.OPEN_CONFIRM;
      restartHold();
      if (hold > 0) {
        int ka = cfg.keepaliveTime() > 0 ? Math.min(cfg.keepaliveTime(), hold / 3) : hold / 3;
        scheduleKeepalive(Duration.ofSeconds(Math.max(1, ka)));
      }
      report("OPEN from " + conn.remoteAddress() + ", hold time " + hold + " s");
    }

    /**
     * RFC 4271 §6.8: another connection that already has the neighbor's OPEN collides with this
     * one. The connection opened by the side with the higher BGP identifier survives; the other is
     * closed with Cease / Connection Collision Resolution.
     *
     * @return true when this connection was the one closed
     */
    private boolean resolveCollision(Open o) {
      for (Link other : List.copyOf(links)) {
        if (other == this || other.remoteOpen == null) {
          continue;
        }
        boolean localWins =
            Integer.compareUnsigned(cfg.routerId().bits(), o.bgpIdentifier().bits()) > 0;
        // keep the connection initiated by the winner
        Link loser = (this.conn.outbound() == localWins) ? other : this;
        if (other.state == SessionState.ESTABLISHED) {
          loser = this;
        }
        loser.conn.send(
            new Notification(ErrorCodes.CEASE, ErrorCodes.CONNECTION_COLLISION_RESOLUTION));
        loser.drop();
        report(
            "connection collision: closed the "
                + (loser.conn.outbound() ? "outbound" : "inbound")
                + " connection");
        return loser == this;
      }
      return false;
    }

    private void becomeEstablished() {
      state = SessionState.ESTABLISHED;
      restartHold();
      nextIdleHold = cfg.idleHoldTime();
      establishedAt = loop.nanoTime();
      for (Link other : List.copyOf(links)) {
        if (other != this) {
          other.conn.send(
              new Notification(ErrorCodes.CEASE, ErrorCodes.CONNECTION_COLLISION_RESOLUTION));
          other.drop();
        }
      }
      report("established");
      listener.established(localOpen(), remoteOpen);
    }

    private void scheduleKeepalive(Duration every) {
      keepaliveTimer =
          loop.schedule(
              every,
              () -> {
                if (!dropped) {
                  conn.send(Keepalive.INSTANCE);
                  scheduleKeepalive(every);
                }
              });
    }

    private long lastHeard;
    private Duration holdDuration;

    /**
     * Something was heard: the hold timer starts over. Every message does this, so the timer is not
     * rescheduled each time: it notes when, and when it fires it re-arms itself for what is left.
     */
    void restartHold() {
      boolean active = state == SessionState.OPEN_SENT || hold > 0;
      lastHeard = loop.nanoTime();
      if (holdTimer != null
          && active
          && (state == SessionState.OPEN_SENT
              ? holdDuration == LARGE_HOLD
              : holdDuration != LARGE_HOLD && holdDuration.getSeconds() == hold)) {
        return; // the common case, every message: nothing built
      }
      Duration d = state == SessionState.OPEN_SENT ? LARGE_HOLD : Duration.ofSeconds(hold);
      cancel(holdTimer);
      holdTimer = null;
      holdDuration = d;
      if (active) {
        holdTimer = loop.schedule(d, this::holdCheck);
      }
    }

    private void holdCheck() {
      long left = holdDuration.toNanos() - (loop.nanoTime() - lastHeard);
      if (left > 0) {
        holdTimer = loop.schedule(Duration.ofNanos(left), this::holdCheck);
        return;
      }
      holdTimer = null;
      holdExpired();
    }

    void holdExpired() {
      if (!dropped) {
        notifyAndFail(new Notification(ErrorCodes.HOLD_TIMER_EXPIRED, 0), "hold timer expired");
      }
    }

    private void fsmError(int subcode, BgpMessage m) {
      notifyAndFail(
          new Notification(ErrorCodes.FSM_ERROR, subcode),
          "unexpected " + m.type() + " in " + state.display());
    }

    private void notifyAndFail(Notification n, String reason) {
      notified = true;
      conn.send(n);
      fail(reason, false);
    }

    private void fail(String reason, boolean tcpFailureInOpenSent) {
      linkFailed(this, reason, tcpFailureInOpenSent);
    }

    void drop() {
      if (dropped) {
        return;
      }
      dropped = true;
      cancel(holdTimer);
      cancel(keepaliveTimer);
      conn.close();
      links.remove(this);
    }
  }
}
