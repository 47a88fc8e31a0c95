package dev.cairn.k8s;

import dev.cairn.net.IpPrefix;
import java.util.List;

/**
 * What the node mesh accepts from one other node: prefixes inside that node's own pod CIDRs (every
 * other node's, when the peer is a route reflector, whose job is to pass them on) and inside the
 * configured service ranges ({@code kubernetes.advertise.*-ip-ranges}). Anything else a node
 * announces (another node's pod CIDR, a default route, a public prefix) is refused, so one node
 * cannot steer the others' traffic. A pure value: equal imports mean equal verdicts.
 *
 * @param podCidrs the pod CIDRs this peer may announce (and prefixes inside them)
 * @param serviceRanges the service address ranges any node may announce (and prefixes inside them)
 */
public record MeshImport(List<IpPrefix> podCidrs, List<IpPrefix> serviceRanges) {
  public MeshImport {
    podCidrs = List.copyOf(podCidrs);
    serviceRanges = List.copyOf(serviceRanges);
  }

  /** Whether a route for {@code prefix} from this peer is accepted. */
  public boolean accepts(IpPrefix prefix) {
    return within(podCidrs, prefix) || within(serviceRanges, prefix);
  }

  private static boolean within(List<IpPrefix> ranges, IpPrefix p) {
    for (IpPrefix r : ranges) {
      if (r.contains(p)) {
        return true;
      }
    }
    return false;
  }
}
