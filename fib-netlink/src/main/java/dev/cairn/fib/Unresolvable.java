package dev.cairn.fib;

/** Thrown by the FIB writer's next-hop resolution; becomes a {@link WriterError}. */
final class Unresolvable extends Exception {
  private static final long serialVersionUID = 1L;
  final int errno;

  Unresolvable(int errno, String message) {
    super(message, null, false, false);
    this.errno = errno;
  }
}
