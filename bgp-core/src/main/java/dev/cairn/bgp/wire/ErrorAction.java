// What a receiver does about a malformed message (RFC 7606 §2).
package dev.cairn.bgp.wire;

/**
 * What a receiver does about a malformed message (RFC 7606 §2, in increasing severity order of the
 * RFC's "most severe action wins" rule).
 */
public enum ErrorAction {
  /** Drop the offending attribute, keep the route (RFC 7606 §2 "attribute discard"). */
  ATTRIBUTE_DISCARD,
  /** Treat every NLRI of the UPDATE as withdrawn (RFC 7606 §2 "treat-as-withdraw"). */
  TREAT_AS_WITHDRAW,
  /** Disable the AFI/SAFI on the session (RFC 4760 §7; RFC 7606 §2 "AFI/SAFI disable"). */
  AFI_SAFI_DISABLE,
  /** Send the NOTIFICATION and reset the session (RFC 4271 §6). */
  SESSION_RESET
}
