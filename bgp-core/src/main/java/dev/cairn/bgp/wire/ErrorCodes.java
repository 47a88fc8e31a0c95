// NOTIFICATION error codes and subcodes (RFC 4271 §4.5, §6; RFC 4486; RFC 5492).
package dev.cairn.bgp.wire;

/**
 * NOTIFICATION error codes and subcodes: RFC 4271 §4.5 and §6, RFC 4486 (Cease subcodes), RFC
 * 8203/9003 (shutdown communication), RFC 7313 (ROUTE-REFRESH message error), RFC 5492.
 */
public final class ErrorCodes {
  private ErrorCodes() {}

  public static final int MESSAGE_HEADER_ERROR = 1;
  public static final int OPEN_MESSAGE_ERROR = 2;
  public static final int UPDATE_MESSAGE_ERROR = 3;
  public static final int HOLD_TIMER_EXPIRED = 4;
  public static final int FSM_ERROR = 5;
  public static final int CEASE = 6;
  public static final int ROUTE_REFRESH_MESSAGE_ERROR = 7;

  // Message Header Error subcodes
  public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
  public static final int BAD_MESSAGE_LENGTH = 2;
  public static final int BAD_MESSAGE_TYPE = 3;

  // OPEN Message Error subcodes
  public static final int UNSUPPORTED_VERSION_NUMBER = 1;
  public static final int BAD_PEER_AS = 2;
  public static final int BAD_BGP_IDENTIFIER = 3;
  public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
  public static final int UNACCEPTABLE_HOLD_TIME = 6;
  public static final int UNSUPPORTED_CAPABILITY = 7;
  public static final int ROLE_MISMATCH = 11;

  // UPDATE Message Error subcodes
  public static final int MALFORMED_ATTRIBUTE_LIST = 1;
  public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
  public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
  public static final int ATTRIBUTE_FLAGS_ERROR = 4;
  public static final int ATTRIBUTE_LENGTH_ERROR = 5;
  public static final int INVALID_ORIGIN_ATTRIBUTE = 6;
  public static final int INVALID_NEXT_HOP_ATTRIBUTE = 8;
  public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
  public static final int INVALID_NETWORK_FIELD = 10;
  public static final int MALFORMED_AS_PATH = 11;

  // FSM Error subcodes (RFC 6608)
  public static final int FSM_UNSPECIFIED = 0;
  public static final int FSM_UNEXPECTED_IN_OPENSENT = 1;
  public static final int FSM_UNEXPECTED_IN_OPENCONFIRM = 2;
  public static final int FSM_UNEXPECTED_IN_ESTABLISHED = 3;

  // Cease subcodes (RFC 4486, RFC 8203)
  public static final int MAXIMUM_PREFIXES_REACHED = 1;
  public static final int ADMINISTRATIVE_SHUTDOWN = 2;
  public static final int PEER_DE_CONFIGURED = 3;
  public static final int ADMINISTRATIVE_RESET = 4;
  public static final int CONNECTION_REJECTED = 5;
  public static final int OTHER_CONFIGURATION_CHANGE = 6;
  public static final int CONNECTION_COLLISION_RESOLUTION = 7;
  public static final int OUT_OF_RESOURCES = 8;
  public static final int HARD_RESET = 9;
  public static final int BFD_DOWN = 10;

  // ROUTE-REFRESH Message Error subcodes (RFC 7313)
  public static final int INVALID_MESSAGE_LENGTH = 1;

  private static final String[] CODES = {
    "Unknown",
    "Message Header Error",
    "OPEN Message Error",
    "UPDATE Message Error",
    "Hold Timer Expired",
    "Finite State Machine Error",
    "Cease",
    "ROUTE-REFRESH Message Error"
  };

  private static final String[][] SUBCODES = {
    {},
    {"Unspecific", "Connection Not Synchronized", "Bad Message Length", "Bad Message Type"},
    {
      "Unspecific",
      "Unsupported Version Number",
      "Bad Peer AS",
      "Bad BGP Identifier",
      "Unsupported Optional Parameter",
      "Deprecated (Authentication Failure)",
      "Unacceptable Hold Time",
      "Unsupported Capability",
      "Deprecated",
      "Deprecated",
      "Deprecated",
      "Role Mismatch"
    },
    {
      "Unspecific",
      "Malformed Attribute List",
      "Unrecognized Well-known Attribute",
      "Missing Well-known Attribute",
      "Attribute Flags Error",
      "Attribute Length Error",
      "Invalid ORIGIN Attribute",
      "Deprecated (AS Routing Loop)",
      "Invalid NEXT_HOP Attribute",
      "Optional Attribute Error",
      "Invalid Network Field",
      "Malformed AS_PATH"
    },
    {"Unspecific"},
    {
      "Unspecified Error",
      "Receive Unexpected Message in OpenSent State",
      "Receive Unexpected Message in OpenConfirm State",
      "Receive Unexpected Message in Established State"
    },
    {
      "Unspecific",
      "Maximum Number of Prefixes Reached",
      "Administrative Shutdown",
      "Peer De-configured",
      "Administrative Reset",
      "Connection Rejected",
      "Other Configuration Change",
      "Connection Collision Resolution",
      "Out of Resources",
      "Hard Reset",
      "BFD Down"
    },
    {"Reserved", "Invalid Message Length"}
  };

  /** Human text for a code/subcode pair, e.g. "Cease / Administrative Shutdown". */
  public static String describe(int code, int subcode) {
    String c = code >= 0 && code < CODES.length ? CODES[code] : "Unknown error code " + code;
    if (code < 0 || code >= SUBCODES.length) {
      return c + " / subcode " + subcode;
    }
    String[] subs = SUBCODES[code];
    String s = subcode >= 0 && subcode < subs.length ? subs[subcode] : "subcode " + subcode;
    return c + " / " + s;
  }
}
