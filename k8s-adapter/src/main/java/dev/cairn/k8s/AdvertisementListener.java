package dev.cairn.k8s;

import dev.cairn.net.IpPrefix;

/**
 * Receives route changes from the {@link KubernetesAdapter}. All calls come from the adapter's
 * single event thread (named {@code cairn-k8s-<node>}), in order; implementations should post them
 * to their own loop and return quickly.
 */
public interface AdvertisementListener {
  /** Announce {@code a}, replacing any earlier advertisement of the same prefix. */
  void advertise(Advertisement a);

  /** Withdraw the prefix announced earlier. */
  void withdraw(IpPrefix prefix);
}
