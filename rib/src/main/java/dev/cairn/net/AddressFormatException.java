package dev.cairn.net;

/** A textual address or prefix that does not parse; the message says what is wrong with it. */
public final class AddressFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public AddressFormatException(String message) {
    super(message);
  }
}
