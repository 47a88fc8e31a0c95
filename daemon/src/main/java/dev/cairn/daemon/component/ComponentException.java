package dev.cairn.daemon.component;

/** A component could not start or could not take a new section; the message says why. */
public class ComponentException extends Exception {
  private final String component;

  public ComponentException(String component, String message, Throwable cause) {
    super(component + ": " + message, cause);
    this.component = component;
  }

  public ComponentException(String component, String message) {
    this(component, message, null);
  }

  /** The name of the component that failed. */
  public String component() {
    return component;
  }
}
