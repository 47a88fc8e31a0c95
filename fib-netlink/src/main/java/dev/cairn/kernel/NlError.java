package dev.cairn.kernel;

/**
 * An {@code NLMSG_ERROR} answer: errno 0 is an acknowledgement. {@code seq} is the sequence number
 * of the request it answers; {@code message} is the extended-ack text ({@code NLMSGERR_ATTR_MSG})
 * when the kernel gave one.
 *
 * @param errno positive errno (the kernel sends it negated), 0 for an ACK
 * @param requestType the type of the request that failed
 */
public record NlError(int seq, int errno, int requestType, String message) {

  public boolean isAck() {
    return errno == 0;
  }

  /** Decodes an {@code NLMSG_ERROR} message (capped or not, with or without TLVs). */
  public static NlError decode(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    int err = b.getInt(p);
    // the original request header follows the error code
    int reqLen = b.getInt(p + 4);
    int reqType = b.getShort(p + 8) & 0xffff;
    int reqSeq = b.getInt(p + 12);
    String text = null;
    if ((m.flags() & Rtnl.NLM_F_ACK_TLVS) != 0) {
      int tlvStart =
          (m.flags() & Rtnl.NLM_F_CAPPED) != 0
              ? p + 4 + Rtnl.NLMSG_HDRLEN
              : p + 4 + Rtnl.align(reqLen);
      text = NlAttrs.parse(b, tlvStart, m.end()).string(Rtnl.NLMSGERR_ATTR_MSG);
    }
    return new NlError(reqSeq != 0 ? reqSeq : m.seq(), -err, reqType, text);
  }

  @Override
  public String toString() {
    return errno == 0
        ? "ack seq " + seq
        : Errno.name(errno) + (message == null ? "" : " (" + message + ")") + " seq " + seq;
  }
}
