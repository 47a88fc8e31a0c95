// The UPDATE message (RFC 4271 §4.3; End-of-RIB RFC 4724 §2).
package dev.cairn.bgp.wire;

import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import java.util.List;
import java.util.Objects;

/**
 * UPDATE (RFC 4271 §4.3) with the multiprotocol attributes of RFC 4760 lifted out of the attribute
 * set: classic IPv4 withdrawals and NLRI, the (interned) path attributes, and at most one
 * MP_REACH_NLRI and one MP_UNREACH_NLRI.
 *
 * <p>A received UPDATE that RFC 7606 says to treat as withdraw is decoded into a withdrawal: every
 * prefix it announced is moved to the withdrawn lists, its attributes are dropped, and {@link
 * #errors()} says why. Softer outcomes (attribute discard) leave the route in place and are also
 * listed in {@link #errors()}.
 *
 * @param attributes {@code null} when the UPDATE carries no path attributes besides MP_UNREACH
 */
public record Update(
    NlriList withdrawn,
    PathAttributes attributes,
    NlriList nlri,
    MpReach mpReach,
    MpUnreach mpUnreach,
    List<WireError> errors)
    implements BgpMessage {

  public Update {
    Objects.requireNonNull(withdrawn, "withdrawn");
    Objects.requireNonNull(nlri, "nlri");
    errors = List.copyOf(errors);
    if (withdrawn.afi() != Afi.IPV4 || nlri.afi() != Afi.IPV4) {
      throw new IllegalArgumentException("classic NLRI fields are IPv4");
    }
    if ((!nlri.isEmpty() || (mpReach != null && !mpReach.nlri().isEmpty())) && attributes == null) {
      throw new IllegalArgumentException("reachable NLRI need path attributes");
    }
  }

  /** Announces IPv4 prefixes the classic way. */
  public static Update announce(PathAttributes attrs, NlriList nlri) {
    return new Update(NlriList.EMPTY_V4, attrs, nlri, null, null, List.of());
  }

  /** Announces prefixes of any family in MP_REACH_NLRI. */
  public static Update announce(PathAttributes attrs, MpReach reach) {
    return new Update(NlriList.EMPTY_V4, attrs, NlriList.EMPTY_V4, reach, null, List.of());
  }

  /** Withdraws prefixes: classic for IPv4 unicast, MP_UNREACH_NLRI for the other families. */
  public static Update withdraw(Family family, NlriList prefixes) {
    if (family.equals(Family.IPV4_UNICAST)) {
      return new Update(prefixes, null, NlriList.EMPTY_V4, null, null, List.of());
    }
    return new Update(
        NlriList.EMPTY_V4,
        null,
        NlriList.EMPTY_V4,
        null,
        new MpUnreach(family, prefixes),
        List.of());
  }

  /**
   * The End-of-RIB marker for a family (RFC 4724 §2): an empty UPDATE for IPv4 unicast, an
   * MP_UNREACH_NLRI with no prefixes for the others.
   */
  public static Update endOfRib(Family family) {
    return withdraw(family, NlriList.empty(family.afi()));
  }

  /** The family this UPDATE marks End-of-RIB for, or {@code null} when it is not a marker. */
  public Family endOfRibFamily() {
    if (!withdrawn.isEmpty() || !nlri.isEmpty() || mpReach != null || !errors.isEmpty()) {
      return null;
    }
    if (mpUnreach == null) {
      return attributes == null ? Family.IPV4_UNICAST : null;
    }
    return mpUnreach.withdrawn().isEmpty() && attributes == null ? mpUnreach.family() : null;
  }

  /** True when RFC 7606 treat-as-withdraw turned this UPDATE's announcements into withdrawals. */
  public boolean treatAsWithdraw() {
    for (WireError e : errors) {
      if (e.action() == ErrorAction.TREAT_AS_WITHDRAW) {
        return true;
      }
    }
    return false;
  }

  /** Total number of prefixes announced and withdrawn. */
  public int prefixCount() {
    return withdrawn.size()
        + nlri.size()
        + (mpReach == null ? 0 : mpReach.nlri().size())
        + (mpUnreach == null ? 0 : mpUnreach.withdrawn().size());
  }

  /**
   * The UPDATE that RFC 7606 treat-as-withdraw makes of the given parts: every announced prefix
   * becomes a withdrawn one and the attributes are dropped.
   */
  static Update treatedAsWithdraw(
      NlriList withdrawn, NlriList nlri, MpReach reach, MpUnreach unreach, List<WireError> why) {
    NlriList w4 = withdrawn.concat(nlri);
    if (reach != null) {
      if (reach.family().equals(Family.IPV4_UNICAST)) {
        w4 = w4.concat(reach.nlri());
      } else if (unreach == null) {
        unreach = new MpUnreach(reach.family(), reach.nlri());
      } else if (unreach.family().equals(reach.family())) {
        unreach = new MpUnreach(unreach.family(), unreach.withdrawn().concat(reach.nlri()));
      }
      // a reach and an unreach of two different non-IPv4-unicast families in one UPDATE cannot be
      // expressed as one withdrawal; the session layer treats such an UPDATE as a session reset
    }
    return new Update(w4, null, NlriList.EMPTY_V4, null, unreach, why);
  }

  @Override
  public MessageType type() {
    return MessageType.UPDATE;
  }

  @Override
  public String toString() {
    Family eor = endOfRibFamily();
    if (eor != null) {
      return "UPDATE End-of-RIB " + eor;
    }
    StringBuilder sb = new StringBuilder("UPDATE");
    if (!withdrawn.isEmpty()) {
      sb.append(" withdrawn=").append(withdrawn);
    }
    if (attributes != null) {
      sb.append(' ').append(attributes);
    }
    if (mpReach != null) {
      sb.append(" mp-reach=(").append(mpReach).append(')');
    }
    if (mpUnreach != null) {
      sb.append(" mp-unreach=(").append(mpUnreach).append(')');
    }
    if (!nlri.isEmpty()) {
      sb.append(" nlri=").append(nlri);
    }
    for (WireError e : errors) {
      sb.append(" error=(").append(e).append(')');
    }
    return sb.toString();
  }
}
