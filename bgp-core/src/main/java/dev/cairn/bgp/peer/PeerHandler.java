// What a neighbor's session asks of the speaker that owns it (RFC 4271 §8 events, RFC 4724 §4.2).
package dev.cairn.bgp.peer;

import dev.cairn.bgp.export.LocalAddresses;
import dev.cairn.bgp.wire.Update;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;

/** The speaker's side of its neighbors' sessions; every call comes on the speaker's loop. */
public interface PeerHandler {
  /** The next hops this router can give on a session whose local address is {@code self}. */
  LocalAddresses localAddresses(IpAddress self);

  /** {@code p} became Established: computed exports may be out of date (addresses, identifiers). */
  void opened(Peer p);

  /** {@code p} is Established and its stale paths settled: send it the table and End-of-RIB. */
  void sendTable(Peer p);

  void update(Peer p, Update u);

  /** A ROUTE-REFRESH for {@code family} ({@code null}: one not negotiated). */
  void refresh(Peer p, Family family);

  /** Its connection takes more again. */
  void writable(Peer p);

  /** Whether this router keeps a gracefully restarting neighbor's routes (RFC 4724 helper). */
  boolean gracefulRestart();

  /** Marks {@code p}'s paths stale; returns how many. */
  int markStale(Peer p);

  /** Removes {@code p}'s stale paths of {@code family} (null: all of them). */
  void sweepStale(Peer p, Family family);

  /** The session ended for good: {@code p}'s paths go. */
  void dropRoutes(Peer p);
}
