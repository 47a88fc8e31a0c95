package dev.cairn.daemon.component;

import java.util.List;

/**
 * A component's answer to a new configuration section (BIRD's "same" or "restart", with a middle
 * step): nothing to do, a change applied in place without disturbing sessions or adjacencies (with
 * what it touches, for the reload answer), or a restart of part of it (with its scope: one
 * neighbor, one interface, the whole component).
 */
public sealed interface Reconfig {

  /** Nothing this component uses changed. */
  record Same() implements Reconfig {}

  /** Applied in place; {@code what} lists the changes in words for the operator. */
  record Soft(List<String> what) implements Reconfig {
    public Soft {
      what = List.copyOf(what);
    }
  }

  /**
   * Applied by restarting {@code scope} (e.g. "neighbor 192.0.2.2", "ospf", "control socket");
   * {@code what} lists the changes applied in place beside it (other neighbors', say).
   */
  record Restart(List<String> scope, List<String> what) implements Reconfig {
    public Restart {
      scope = List.copyOf(scope);
      what = List.copyOf(what);
    }

    public Restart(List<String> scope) {
      this(scope, List.of());
    }
  }

  Reconfig SAME = new Same();
}
