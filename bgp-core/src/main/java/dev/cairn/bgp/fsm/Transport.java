// How the FSM opens connections to a neighbor (RFC 4271 §8.2.1 ConnectRetry, active open).
package dev.cairn.bgp.fsm;

import dev.cairn.net.IpAddress;

/**
 * How sessions get connections: active connects and inbound connections. Implementations: the Netty
 * TCP transport in the daemon, {@link MemoryNetwork} in tests.
 */
public interface Transport {

  /** Outcome of an outbound connection attempt, delivered on the requester's loop. */
  interface ConnectCallback {
    void connected(Connection c);

    void failed(String reason);
  }

  /** Opens a connection to {@code remote}, from {@code local} when not {@code null}. */
  void connect(IpAddress remote, IpAddress local, ConnectCallback callback);
}
