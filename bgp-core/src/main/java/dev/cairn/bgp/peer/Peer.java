// One neighbor: its session's events turned into the speaker's work, graceful restart on the
// helper side (RFC 4724 §4.2), max-prefixes (RFC 4486 §4), the families negotiated (RFC 4760,
// RFC 5492 §3) and the counters that management reads.
package dev.cairn.bgp.peer;

import dev.cairn.bgp.export.Outbound;
import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.PeerListener;
import dev.cairn.bgp.fsm.PeerSession;
import dev.cairn.bgp.fsm.Transport;
import dev.cairn.bgp.table.PathSource;
import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Capability;
import dev.cairn.bgp.wire.ErrorCodes;
import dev.cairn.bgp.wire.Notification;
import dev.cairn.bgp.wire.Open;
import dev.cairn.bgp.wire.RouteRefresh;
import dev.cairn.bgp.wire.Update;
import dev.cairn.event.EventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Safi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One neighbor's session and what the speaker keeps about it besides the Loc-RIB: its settings, its
 * {@link Outbound} side, the prefixes it gave, its graceful-restart timer. It turns the session's
 * events into calls of its {@link PeerHandler}. Runs on the speaker's loop.
 */
public final class Peer implements PeerListener, PathSource {
  private static final System.Logger LOG = System.getLogger(Peer.class.getName());

  /** How long stale routes may wait for End-of-RIB once the neighbor is back (RFC 4724 §4.2). */
  public static final Duration STALE_PATH_TIME = Duration.ofSeconds(360);

  private final EventLoop loop;
  private final PeerHandler handler;
  private Neighbor cfg;
  private final PeerSession session;
  private final Outbound out;

  /** The neighbor's BGP identifier, kept after the session ends (its stale paths need it). */
  private Ipv4Address remoteId;

  private Open remoteOpen;
  private List<Family> negotiated = List.of(); // cached for negotiatedFor
  private Open negotiatedFor;
  private int received;
  private int receivedV6; // of which IPv6
  private boolean hasStale; // paths marked stale by a graceful restart may remain
  private long announcementsV4; // NLRI announced by the neighbor, before policy, over its life
  private long announcementsV6;

  /** Whether the prefix count is at or above the max-prefixes warning threshold. */
  private boolean prefixWarning;

  /** RFC 7606 findings of its UPDATEs, counted and logged rate-limited. */
  private final InputWarnings warnings;

  /** Graceful restart (helper side): the neighbor's stale routes wait for it on this timer. */
  private EventLoop.Timer gracefulTimer;

  public Peer(EventLoop loop, Neighbor cfg, Transport transport, PeerHandler handler) {
    this.loop = loop;
    this.handler = handler;
    this.cfg = cfg;
    this.warnings = new InputWarnings(loop, cfg.peer().remoteAddress());
    this.session = new PeerSession(loop, cfg.peer(), transport, this);
    this.out = new Outbound(this, session, cfg.exportRules());
    session.setOpenCheck(this::missingFamilies);
  }

  // ------------------------------------------------------------------ what the speaker reads

  public Neighbor cfg() {
    return cfg;
  }

  /** New settings (the session's own did not change); the export side follows. */
  public void cfg(Neighbor n) {
    cfg = n;
    out.rules(n.exportRules());
  }

  public PeerSession session() {
    return session;
  }

  public Outbound out() {
    return out;
  }

  public Open remoteOpen() {
    return remoteOpen;
  }

  public int received() {
    return received;
  }

  public int receivedV6() {
    return receivedV6;
  }

  public long announcementsV4() {
    return announcementsV4;
  }

  public long announcementsV6() {
    return announcementsV6;
  }

  public boolean prefixWarning() {
    return prefixWarning;
  }

  public InputWarnings warnings() {
    return warnings;
  }

  public boolean hasStale() {
    return hasStale;
  }

  @Override
  public boolean ebgp() {
    return cfg.peer().ebgp();
  }

  @Override
  public IpAddress address() {
    return cfg.peer().remoteAddress();
  }

  @Override
  public Ipv4Address remoteId() {
    return remoteId;
  }

  @Override
  public boolean reflectionClient() {
    return cfg.routeReflectorClient();
  }

  // ------------------------------------------------------------------ counting prefixes

  /** NLRI the neighbor announced in one UPDATE, before policy. */
  public void announced(Afi afi, int n) {
    if (afi == Afi.IPV6) {
      announcementsV6 += n;
    } else {
      announcementsV4 += n;
    }
  }

  /** {@code delta} more (or fewer) prefixes accepted from it. */
  public void counted(IpPrefix prefix, int delta) {
    received += delta;
    if (prefix.afi() == Afi.IPV6) {
      receivedV6 += delta;
    }
    checkPrefixWarning();
  }

  /** Logs one warning when the count reaches the threshold, again only after it fell below. */
  public void checkPrefixWarning() {
    long at = cfg.warningAt();
    boolean above = at > 0 && received >= at;
    if (above != prefixWarning) {
      prefixWarning = above;
      if (above) {
        LOG.log(
            System.Logger.Level.WARNING,
            "neighbor {0}: {1} prefixes, {2} % of max-prefixes {3}",
            address(),
            received,
            cfg.inbound().maxPrefixWarningPercent(),
            cfg.maxPrefixes());
      }
    }
  }

  /**
   * Whether it gave more prefixes than its max-prefixes; if so its session is closed with RFC 4486
   * §4 Cease / Maximum Number of Prefixes Reached (data = AFI, SAFI, the limit), {@code last} the
   * prefix that went over.
   */
  public boolean overLimit(IpPrefix last) {
    long max = cfg.maxPrefixes();
    if (max <= 0 || received <= max) {
      return false;
    }
    Family f = last.afi() == Afi.IPV4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
    byte[] data = {
      0,
      (byte) f.afi().code(),
      (byte) f.safi().code(),
      (byte) (max >>> 24),
      (byte) (max >>> 16),
      (byte) (max >>> 8),
      (byte) max
    };
    LOG.log(
        System.Logger.Level.WARNING,
        "neighbor {0}: more than {1} prefixes, closing the session{2}",
        address(),
        max,
        cfg.maxPrefixRestart() == null
            ? " until it is cleared"
            : ", restart in " + cfg.maxPrefixRestart().toSeconds() + " s");
    session.reset(
        new Notification(ErrorCodes.CEASE, ErrorCodes.MAXIMUM_PREFIXES_REACHED, data),
        cfg.maxPrefixRestart());
    return true;
  }

  // ------------------------------------------------------------------ families

  /**
   * RFC 5492 §3 / RFC 4760: a neighbor that offers none of the families configured for it is
   * refused with OPEN Message Error / Unsupported Capability naming what is missing. A neighbor
   * offering some of them gets a session for those (graceful fallback).
   */
  Optional<Notification> missingFamilies(Open remote) {
    List<Capability.Multiprotocol> ours =
        cfg.peer().capabilities().stream()
            .filter(c -> c instanceof Capability.Multiprotocol)
            .map(c -> (Capability.Multiprotocol) c)
            .toList();
    if (ours.isEmpty()) {
      return Optional.empty();
    }
    List<Family> theirs = families(remote);
    if (ours.stream().anyMatch(m -> m.family() != null && theirs.contains(m.family()))) {
      return Optional.empty();
    }
    byte[] data = new byte[6 * ours.size()];
    for (int i = 0; i < ours.size(); i++) {
      Capability.Multiprotocol m = ours.get(i);
      data[6 * i] = Capability.MULTIPROTOCOL;
      data[6 * i + 1] = 4;
      data[6 * i + 2] = (byte) (m.afi() >>> 8);
      data[6 * i + 3] = (byte) m.afi();
      data[6 * i + 5] = (byte) m.safi();
    }
    return Optional.of(
        new Notification(ErrorCodes.OPEN_MESSAGE_ERROR, ErrorCodes.UNSUPPORTED_CAPABILITY, data));
  }

  /** The unicast families both ends of an Established session announced. */
  public List<Family> negotiated() {
    Open remote = remoteOpen;
    if (remote == null) {
      return List.of();
    }
    if (negotiatedFor != remote) {
      List<Family> ours = families(session.localOpen());
      negotiated = families(remote).stream().filter(ours::contains).toList();
      negotiatedFor = remote;
    }
    return negotiated;
  }

  /** The unicast families an OPEN announces (IPv4 alone when it carries no MP capability). */
  static List<Family> families(Open open) {
    List<Family> out = new ArrayList<>();
    boolean anyMp = false;
    for (var c : open.capabilities()) {
      if (c instanceof Capability.Multiprotocol m) {
        anyMp = true;
        Family f = m.family();
        if (f != null && f.safi() == Safi.UNICAST) {
          out.add(f);
        }
      }
    }
    return anyMp ? out : List.of(Family.IPV4_UNICAST);
  }

  // ------------------------------------------------------------------ session events

  @Override
  public void established(Open localOpen, Open remote) {
    remoteOpen = remote;
    remoteId = remote.bgpIdentifier();
    IpAddress self = session.establishedConnection().map(Connection::localAddress).orElse(null);
    out.opened(remote, negotiated(), handler.localAddresses(self));
    handler.opened(this); // originator ids and local addresses may have changed
    if (gracefulTimer != null) {
      // back after a restart: its stale routes stay until its End-of-RIB, or at most this long
      gracefulTimer.cancel();
      gracefulTimer = loop.schedule(STALE_PATH_TIME, () -> handler.sweepStale(this, null));
      if (remote.capability(Capability.GracefulRestart.class).isEmpty()) {
        handler.sweepStale(this, null); // it no longer does graceful restart: nothing to wait for
      }
    }
    LOG.log(System.Logger.Level.INFO, "neighbor {0}: established, sending the table", address());
    handler.sendTable(this);
  }

  @Override
  public void writable() {
    handler.writable(this); // the neighbor has read what it was sent: the next chunks
  }

  @Override
  public void message(BgpMessage m) {
    if (m instanceof Update u) {
      handler.update(this, u);
    } else if (m instanceof RouteRefresh r && r.subtype() == RouteRefresh.NORMAL) {
      handler.refresh(this, r.family());
    }
  }

  @Override
  public void down(String reason, boolean notification) {
    Optional<Capability.GracefulRestart> gr =
        remoteOpen == null
            ? Optional.empty()
            : remoteOpen.capability(Capability.GracefulRestart.class);
    remoteOpen = null;
    out.closed();
    if (!notification && gr.isPresent() && handler.gracefulRestart()) {
      // RFC 4724 §4.2: the TCP session ended without a NOTIFICATION and the neighbor can
      // restart gracefully: keep its routes, marked stale, for its restart time
      hasStale = true;
      int kept = handler.markStale(this);
      LOG.log(
          System.Logger.Level.INFO,
          "neighbor {0}: graceful restart, keeping {1} routes as stale for {2} s",
          address(),
          kept,
          gr.get().restartTime());
      if (gracefulTimer != null) {
        gracefulTimer.cancel();
      }
      gracefulTimer =
          loop.schedule(
              Duration.ofSeconds(gr.get().restartTime()), () -> handler.sweepStale(this, null));
      return;
    }
    cancelGracefulTimer();
    received = 0;
    receivedV6 = 0;
    checkPrefixWarning();
    handler.dropRoutes(this);
  }

  /** The stale paths of every family were swept: nothing left to wait for. */
  public void staleSwept() {
    cancelGracefulTimer();
  }

  /** Stops its timers (the neighbor is being removed). */
  public void cancelTimers() {
    warnings.cancel();
    cancelGracefulTimer();
  }

  private void cancelGracefulTimer() {
    if (gracefulTimer != null) {
      gracefulTimer.cancel();
      gracefulTimer = null;
    }
  }
}
