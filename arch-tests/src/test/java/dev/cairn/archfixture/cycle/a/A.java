package dev.cairn.archfixture.cycle.a;

import dev.cairn.archfixture.cycle.b.B;

/** Forbidden on purpose: half of a package cycle. */
public class A {
  public B b;
}
