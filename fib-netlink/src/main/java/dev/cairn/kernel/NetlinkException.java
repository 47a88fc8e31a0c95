package dev.cairn.kernel;

/** A failed system call or an unexpected netlink answer, with the errno when there is one. */
public final class NetlinkException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int errno;

  public NetlinkException(String message, int errno) {
    super(errno == 0 ? message : message + ": " + Errno.describe(errno));
    this.errno = errno;
  }

  /** The positive errno, or 0. */
  public int errno() {
    return errno;
  }

  /** Wraps the errno of the last libc call on this thread. */
  static NetlinkException lastError(String what) {
    return new NetlinkException(what, LibC.errno());
  }
}
