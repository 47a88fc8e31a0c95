package dev.cairn.cli;

/** A command that cannot run: unknown, ambiguous or incomplete, or refused by the daemon. */
public final class CommandException extends Exception {
  private static final long serialVersionUID = 1L;

  public CommandException(String message) {
    super(message);
  }
}
