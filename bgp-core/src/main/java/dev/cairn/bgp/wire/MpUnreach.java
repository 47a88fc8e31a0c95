// The MP_UNREACH_NLRI attribute (RFC 4760 §4).
package dev.cairn.bgp.wire;

import dev.cairn.net.Family;
import java.util.Objects;

/** MP_UNREACH_NLRI (RFC 4760 §4): withdrawn prefixes of one family. */
public record MpUnreach(Family family, NlriList withdrawn) {
  public MpUnreach {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(withdrawn, "withdrawn");
    if (withdrawn.afi() != family.afi()) {
      throw new IllegalArgumentException("NLRI of " + withdrawn.afi() + " in " + family);
    }
  }

  @Override
  public String toString() {
    return family + " withdrawn=" + withdrawn;
  }
}
