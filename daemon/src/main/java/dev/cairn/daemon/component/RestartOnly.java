package dev.cairn.daemon.component;

import dev.cairn.config.CairnConfig;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A section with nothing running behind it that only a restart of cairnd can take (BGP added to a
 * daemon started without it, say): a reload that changes it reports it as not applied, so the
 * configuration in force and {@code show running-config} keep the old one.
 */
public final class RestartOnly<S> implements Component<S> {
  private final String name;
  private final Function<CairnConfig, S> section;
  private final BiFunction<CairnConfig, S, CairnConfig> with;

  public RestartOnly(
      String name, Function<CairnConfig, S> section, BiFunction<CairnConfig, S, CairnConfig> with) {
    this.name = name;
    this.section = section;
    this.with = with;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public S section(CairnConfig config) {
    return section.apply(config);
  }

  @Override
  public CairnConfig withSection(CairnConfig config, S s) {
    return with.apply(config, s);
  }

  @Override
  public void start(S s) {}

  @Override
  public Reconfig plan(S running, S next) {
    return new Reconfig.Restart(List.of("cairnd"), List.of(name + " section changed"));
  }

  @Override
  public void apply(S running, S next, Reconfig plan) throws ComponentException {
    throw new ComponentException(name, "not running: turning it on takes a restart of cairnd");
  }

  @Override
  public void stop() {}
}
