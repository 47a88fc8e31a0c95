// One neighbor's outbound side: its Adj-RIB-Out (RFC 4271 §3.2, §9.2), the changes queued for it
// and the End-of-RIB markers due (RFC 4724 §2).
package dev.cairn.bgp.export;

import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.PeerSession;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.table.PathSource;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.Open;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.PrefixList;
import dev.cairn.net.PrefixTable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What one neighbor holds from this router and is about to be sent. The Adj-RIB-Out keeps only the
 * prefixes: what the neighbor holds for each is the export of the prefix's best path (every change
 * of a best path is sent at once), so the attributes are not stored a second time ({@link
 * Exporter#attributes} computes them again when asked). Owned by the speaker's loop.
 */
public final class Outbound {
  final PathSource source;
  final PeerSession session;
  ExportRules rules;
  LocalAddresses local = LocalAddresses.NONE;
  Open remoteOpen;
  List<Family> families = List.of();

  /** Export attributes computed per (attributes, source) for this neighbor, before policy. */
  ExportCache cache = new ExportCache();

  final PrefixTable<IpPrefix> adjRibOut = PrefixTable.ofPrefixes();
  int advertisedV6; // of adjRibOut, how many IPv6 (kept as it changes: read per scrape)

  /** Changes not sent yet (see {@link UpdateGroups#flush}); insertion ordered. */
  final PendingOut pending = new PendingOut();

  /** Families whose End-of-RIB is due once {@link #pending} has drained; empty when none. */
  final Set<Family> endOfRibDue = new LinkedHashSet<>();

  /** For neighbor {@code source} over {@code session}. */
  public Outbound(PathSource source, PeerSession session, ExportRules rules) {
    this.source = source;
    this.session = session;
    this.rules = rules;
  }

  /** New settings: what was computed under the old ones is forgotten. */
  public void rules(ExportRules r) {
    rules = r;
    cache = new ExportCache();
  }

  public ExportRules rules() {
    return rules;
  }

  /** The cache of computed exports as it is now (to compare old and new settings' exports). */
  public ExportCache cache() {
    return cache;
  }

  /** Forgets every computed export (sessions or settings changed). */
  public void clearCache() {
    cache = new ExportCache();
  }

  /** The session came up with {@code remote}: the families both ends announced, our addresses. */
  public void opened(Open remote, List<Family> negotiated, LocalAddresses addresses) {
    remoteOpen = remote;
    families = negotiated;
    local = addresses;
  }

  /** The session ended: the neighbor holds nothing from us, nothing is due. */
  public void closed() {
    remoteOpen = null;
    families = List.of();
    adjRibOut.clear();
    advertisedV6 = 0;
    pending.clear();
    endOfRibDue.clear();
  }

  public boolean established() {
    return session.state() == SessionState.ESTABLISHED;
  }

  public IpAddress address() {
    return source.address();
  }

  /** Prefixes it holds from us. */
  public int advertised() {
    return adjRibOut.size();
  }

  public int advertisedV6() {
    return advertisedV6;
  }

  /** Changes waiting to be sent (a neighbor that reads slower than they come). */
  public int queued() {
    return pending.size();
  }

  public boolean holds(IpPrefix prefix) {
    return adjRibOut.contains(prefix);
  }

  public PrefixList prefixes(Afi afi) {
    return adjRibOut.prefixes(afi);
  }

  public void forEachHeld(Consumer<IpPrefix> action) {
    adjRibOut.forEach(action);
  }

  /** End-of-RIB for {@code family} once what is queued now has drained. */
  public void endOfRibAfterQueue(Family family) {
    endOfRibDue.add(family);
  }

  /** The session's local address, or {@code null}. */
  IpAddress selfAddress() {
    return session.establishedConnection().map(Connection::localAddress).orElse(null);
  }

  CodecContext context() {
    return PeerSession.defaultContext(session.localOpen(), remoteOpen);
  }

  /** Records whether it holds {@code prefix}, in one probe; returns whether that changed. */
  boolean hold(IpPrefix prefix, boolean holds) {
    boolean changed =
        holds ? adjRibOut.add(prefix) : !adjRibOut.isEmpty() && adjRibOut.remove(prefix) != null;
    if (changed && prefix.afi() == Afi.IPV6) {
      advertisedV6 += holds ? 1 : -1;
    }
    return changed;
  }
}
