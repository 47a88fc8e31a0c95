// A message that must reset the session, with its NOTIFICATION (RFC 4271 §6, RFC 7606).
package dev.cairn.bgp.wire;

/**
 * The only exception a decoder throws: the message cannot be used and the session must answer with
 * the carried {@link WireError} (always {@link ErrorAction#SESSION_RESET} or {@link
 * ErrorAction#AFI_SAFI_DISABLE}; softer RFC 7606 outcomes are reported inside the decoded {@link
 * Update} instead).
 */
public final class BgpDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient WireError error;

  public BgpDecodeException(WireError error) {
    super(error.toString(), null, false, false);
    this.error = error;
  }

  public BgpDecodeException(int code, int subcode, byte[] data, String detail) {
    this(WireError.reset(code, subcode, data, detail));
  }

  public WireError error() {
    return error;
  }
}
