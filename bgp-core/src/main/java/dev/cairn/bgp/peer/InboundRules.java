// The checks a neighbor's UPDATEs pass before its import policy (RFC 7606, RFC 4271 §6.3, RFC
// 4486).
package dev.cairn.bgp.peer;

/**
 * What a neighbor's routes must satisfy before its import policy sees them, and when its prefix
 * count is worth a warning (DESIGN §9, eBGP trust boundary).
 *
 * @param enforceFirstAs eBGP: the first AS of the AS_PATH must be the neighbor's AS, else the
 *     UPDATE's routes are treated as withdrawn (RFC 4271 §6.3, RFC 7606 §7.2); off for route
 *     servers, which do not prepend their AS (RFC 7947)
 * @param maxAsPathLength longest AS_PATH accepted, counted as the decision process counts it (RFC
 *     4271 §9.1.2.2 a: one per AS of an AS_SEQUENCE, one per AS_SET, confederation segments none);
 *     longer ones are treated as withdrawn; 0: no limit
 * @param dropUnknownAttributes discard optional transitive attributes cairn does not know instead
 *     of passing them on with the Partial bit
 * @param maxPrefixWarningPercent share of the max-prefixes limit (1..100) at which one warning is
 *     logged
 */
public record InboundRules(
    boolean enforceFirstAs,
    int maxAsPathLength,
    boolean dropUnknownAttributes,
    int maxPrefixWarningPercent) {

  /** The default AS_PATH length limit (as FRR and BIRD users commonly set it). */
  public static final int DEFAULT_MAX_AS_PATH_LENGTH = 255;

  /** The default warning threshold, in percent of max-prefixes. */
  public static final int DEFAULT_WARNING_PERCENT = 75;

  public static final InboundRules DEFAULT =
      new InboundRules(true, DEFAULT_MAX_AS_PATH_LENGTH, false, DEFAULT_WARNING_PERCENT);

  public InboundRules {
    if (maxAsPathLength < 0) {
      throw new IllegalArgumentException("max AS_PATH length " + maxAsPathLength);
    }
    if (maxPrefixWarningPercent < 1 || maxPrefixWarningPercent > 100) {
      throw new IllegalArgumentException("warning threshold " + maxPrefixWarningPercent + " %");
    }
  }

  /** Whether routes pass these rules exactly as they pass {@code o} (the warning aside). */
  public boolean sameImport(InboundRules o) {
    return enforceFirstAs == o.enforceFirstAs
        && maxAsPathLength == o.maxAsPathLength
        && dropUnknownAttributes == o.dropUnknownAttributes;
  }
}
