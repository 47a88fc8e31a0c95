package dev.cairn.event;

/**
 * How the process ends when a thread that owns state cannot go on (DESIGN §3, "never half-alive").
 * Production halts the JVM at once ({@link #HALT}: no shutdown hooks, which could wait for the dead
 * thread; the kernel keeps its routes and the next start adopts them); tests inject their own to
 * see the call. An {@code Exit} that returns leaves the calling thread to end: its state is no
 * longer trusted.
 */
@FunctionalInterface
public interface Exit {
  /**
   * An {@link Error} (StackOverflowError, LinkageError, an OutOfMemoryError the JVM did not end the
   * process for, ...) ended a loop or a thread that owns state: 70, {@code EX_SOFTWARE} of {@code
   * sysexits.h}. (With {@code -XX:+ExitOnOutOfMemoryError} the JVM itself exits with 3 on the first
   * OutOfMemoryError, before any loop sees it.)
   */
  int THREAD_ERROR = 70;

  /** Ends the process with {@code status}. */
  void exit(int status);

  /** {@link Runtime#halt(int)}. */
  Exit HALT = status -> Runtime.getRuntime().halt(status);
}
