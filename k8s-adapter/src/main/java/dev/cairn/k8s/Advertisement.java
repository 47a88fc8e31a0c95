package dev.cairn.k8s;

import dev.cairn.net.IpPrefix;
import java.util.List;
import java.util.Objects;

/**
 * One route the adapter wants announced, and why.
 *
 * @param source the object it comes from: {@code node/NAME} or {@code service/NAMESPACE/NAME}
 * @param communities standard communities to attach (from the service's annotation)
 * @param largeCommunities large communities as {@code [global, local1, local2]} triples
 * @param gracefulShutdown this node is draining: attach GRACEFUL_SHUTDOWN (RFC 8326) so that peers
 *     move traffic away before the route is withdrawn
 */
public record Advertisement(
    IpPrefix prefix,
    Kind kind,
    String source,
    List<Integer> communities,
    List<long[]> largeCommunities,
    boolean gracefulShutdown) {

  /** Where the address comes from in the Kubernetes API. */
  public enum Kind {
    POD_CIDR,
    CLUSTER_IP,
    EXTERNAL_IP,
    LOAD_BALANCER_IP
  }

  public Advertisement {
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(kind, "kind");
    communities = List.copyOf(communities);
    largeCommunities = List.copyOf(largeCommunities);
  }

  public Advertisement draining() {
    return new Advertisement(prefix, kind, source, communities, largeCommunities, true);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Advertisement a)) {
      return false;
    }
    if (!prefix.equals(a.prefix)
        || kind != a.kind
        || !Objects.equals(source, a.source)
        || !communities.equals(a.communities)
        || gracefulShutdown != a.gracefulShutdown
        || largeCommunities.size() != a.largeCommunities.size()) {
      return false;
    }
    for (int i = 0; i < largeCommunities.size(); i++) {
      if (!java.util.Arrays.equals(largeCommunities.get(i), a.largeCommunities.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(prefix, kind, source, communities, gracefulShutdown);
  }

  @Override
  public String toString() {
    return prefix
        + " "
        + kind.name().toLowerCase().replace('_', '-')
        + " from "
        + source
        + (communities.isEmpty() ? "" : " communities " + communities.size())
        + (gracefulShutdown ? " graceful-shutdown" : "");
  }
}
