package dev.cairn.kernel;

/**
 * The kernel refused one operation of a batch.
 *
 * @param index the operation's position in the list given to {@link KernelRoutes#apply}
 * @param errno positive errno
 * @param message the kernel's extended-ack text, or null
 */
public record FibError(int index, FibOp op, int errno, String message) {

  @Override
  public String toString() {
    return Errno.name(errno) + (message == null ? "" : " (" + message + ")") + ": " + op;
  }
}
