package dev.cairn.k8s.archfixture;

import dev.cairn.daemon.component.Reconfig;

/** Forbidden on purpose: a module other than the daemon depending on it. */
public class AdapterReachesIntoTheDaemon {
  public Reconfig answer;
}
