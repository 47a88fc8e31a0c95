package dev.cairn.fib;

import dev.cairn.kernel.Errno;
import dev.cairn.net.IpPrefix;

/**
 * A route the FIB writer could not program (it will retry with backoff until the RIB changes or
 * withdraws the route), or a nexthop object it could not remove.
 *
 * @param prefix the route, or null for a nexthop object clean-up failure
 * @param errno positive errno from the kernel (or ENODEV/EHOSTUNREACH from resolution)
 * @param message the kernel's extended-ack text or cairn's explanation
 * @param attempts how many times this route has failed in a row
 */
public record WriterError(IpPrefix prefix, int errno, String message, int attempts) {

  @Override
  public String toString() {
    return (prefix == null ? "nexthop clean-up" : prefix.toString())
        + ": "
        + Errno.name(errno)
        + (message == null ? "" : " (" + message + ")")
        + (attempts > 1 ? " [attempt " + attempts + "]" : "");
  }
}
