package dev.cairn.rib.archfixture;

import dev.cairn.config.CairnConfig;

/** Forbidden on purpose: the RIB depending on something other than the JDK. */
public class RibLeavesTheJdk {
  public CairnConfig config;
}
