package dev.cairn.kernel;

/**
 * Receives interface and address changes from a {@link LinkMonitor}. Every call is made on the
 * monitor's own thread (named {@code cairn-link-monitor[-NETNS]}), one at a time, in kernel order;
 * implementations should hand the event to their own loop and return quickly. Events carry
 * immutable values and are deduplicated: a call means something changed.
 */
public interface InterfaceListener {
  /** A link appeared or one of its name, flags or MTU changed. */
  void linkChanged(Link link);

  /** A link is gone; its addresses were reported removed just before. */
  void linkRemoved(int ifindex, String name);

  /** An address appeared (link-local IPv6 ones too). */
  void addressAdded(Address address);

  /** An address is gone. */
  void addressRemoved(Address address);
}
