package dev.cairn.kernel.archfixture;

import java.util.logging.Logger;

/** Forbidden on purpose: a module logging with java.util.logging and printing to stderr. */
public class KernelPrintsAndUsesJul {
  static final Logger LOG = Logger.getLogger("x");

  public void stopped(Exception e) {
    System.err.println("stopped: " + e);
  }
}
