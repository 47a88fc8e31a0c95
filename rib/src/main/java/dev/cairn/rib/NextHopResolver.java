package dev.cairn.rib;

import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import java.util.function.Consumer;

/**
 * Recursive next-hop tracking as a protocol sees it (RFC 4271 §9.1.2.1: a route whose next hop is
 * unresolvable is not used). The RIB owns the answer and runs on its own loop, so the answers come
 * back as messages: a protocol registers an address and hears its resolution at once and after
 * every change, on the protocol's own loop.
 */
public interface NextHopResolver {

  /**
   * Tracks {@code address}: {@code listener} runs on {@code replyOn} with the current resolution
   * and again whenever it changes. Callable from any thread.
   */
  void track(IpAddress address, EventLoop replyOn, Consumer<Resolution> listener);

  /** Stops the reports to {@code listener}. Callable from any thread. */
  void untrack(IpAddress address, Consumer<Resolution> listener);

  /**
   * How a next hop resolves.
   *
   * @param reachable a route covers the address
   * @param igpMetric the metric of the covering route (the BGP decision's "IGP cost")
   */
  record Resolution(boolean reachable, long igpMetric) {
    public static final Resolution UNREACHABLE = new Resolution(false, Long.MAX_VALUE);
    public static final Resolution CONNECTED = new Resolution(true, 0);
  }
}
