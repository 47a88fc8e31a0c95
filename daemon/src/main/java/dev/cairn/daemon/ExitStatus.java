package dev.cairn.daemon;

import dev.cairn.event.Exit;

/**
 * cairnd's exit statuses (docs/cli.md, "Health"), chosen so that systemd can tell them apart: the
 * unit restarts cairnd after all of them but {@link #CONFIG} ({@code RestartPreventExitStatus}).
 * Values from {@code sysexits.h} where one fits.
 */
final class ExitStatus {
  private ExitStatus() {}

  /** Stopped on request, or {@code --check} passed. */
  static final int OK = 0;

  /** A start-up failure with no status of its own (control socket, metrics port). */
  static final int START = 1;

  /** A bad command line. */
  static final int USAGE = 2;

  /** Out of memory: set by the JVM itself ({@code -XX:+ExitOnOutOfMemoryError}), not by cairnd. */
  static final int OUT_OF_MEMORY = 3;

  /** An {@link Error} in a thread that owns state ({@code EX_SOFTWARE}). */
  static final int THREAD_ERROR = Exit.THREAD_ERROR;

  /**
   * {@code kernel.enabled} and netlink cannot be opened or the table adopted ({@code EX_OSERR}).
   */
  static final int KERNEL = 71;

  /** The configuration has errors ({@code EX_CONFIG}): restarting would not help. */
  static final int CONFIG = 78;
}
