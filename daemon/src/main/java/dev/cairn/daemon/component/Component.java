package dev.cairn.daemon.component;

import dev.cairn.config.CairnConfig;

/**
 * One part of cairnd with its own lifecycle and its own section of the configuration: BGP, OSPF,
 * the kernel (FIB), Kubernetes, static and connected routes, the control socket, metrics.
 *
 * <p>Modelled on BIRD's protocols and their reconfigure step: asked about a new section, a
 * component first says what taking it would cost ({@link #plan}, no side effects), and a reload
 * applies a section ({@link #apply}) only after planning every one. A section counts as applied
 * only when {@code apply} returned normally; when it throws, the component keeps running on the
 * section it had, and the daemon reports that section as not applied.
 *
 * @param <S> this component's section: an immutable value (usually a record) whose {@code equals}
 *     says whether anything this component uses changed
 */
public interface Component<S> {

  /** The name used in logs, {@code show health}, metrics and reload answers: "bgp", "ospf", ... */
  String name();

  /** The part of a whole configuration that this component uses (pure). */
  S section(CairnConfig config);

  /**
   * {@code config} with this component's part replaced by {@code section} (pure): how the daemon
   * keeps the configuration in force when a reload applies some sections and not others.
   */
  CairnConfig withSection(CairnConfig config, S section);

  /** Starts with {@code section}; throws when the component cannot do its job. */
  void start(S section) throws ComponentException;

  /** What moving from {@code running} to {@code next} takes; pure, nothing changes yet. */
  Reconfig plan(S running, S next);

  /**
   * Moves to {@code next} as {@code plan} said. When this throws, {@code running} stays in force
   * (whatever was changed is put back) and the exception says what failed.
   */
  void apply(S running, S next, Reconfig plan) throws ComponentException;

  /** Stops, releasing sockets and threads; routes in the kernel stay (a restart adopts them). */
  void stop();
}
