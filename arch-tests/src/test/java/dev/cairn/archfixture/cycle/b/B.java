package dev.cairn.archfixture.cycle.b;

import dev.cairn.archfixture.cycle.a.A;

/** Forbidden on purpose: the other half of a package cycle. */
public class B {
  public A a;
}
