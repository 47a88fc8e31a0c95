package dev.cairn.daemon.component;

import dev.cairn.config.CairnConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * One reload across the daemon's components, as BIRD reconfigures its protocols: every component
 * first plans its move from the section in force to the new one (no side effects), then each that
 * has something to do applies it, in the components' order. A section counts as applied only when
 * its component's {@code apply} returned; the configuration in force afterwards is the old one with
 * the applied sections put in, so a section that failed keeps its old contents there (and in {@code
 * show running-config}).
 */
public final class Reload {
  private static final Logger LOG = Logger.getLogger(Reload.class.getName());

  private Reload() {}

  /** What one component made of the reload; {@code failure} is null when it took effect. */
  public record Outcome(String component, Reconfig plan, String failure) {
    public boolean applied() {
      return failure == null;
    }

    /** The answer's lines for this component: a heading, then what changed, indented. */
    List<String> lines() {
      List<String> out = new ArrayList<>();
      if (plan instanceof Reconfig.Soft s) {
        out.add(component + ": " + (applied() ? "soft" : "FAILED (soft)"));
        s.what().forEach(w -> out.add("  " + w));
      } else if (plan instanceof Reconfig.Restart r) {
        out.add(
            component
                + ": "
                + (applied() ? "restart" : "FAILED (restart)")
                + " of "
                + String.join(", ", r.scope()));
        r.what().forEach(w -> out.add("  " + w));
      } else {
        out.add(component + ": same");
      }
      if (!applied()) {
        out.add("  " + failure + "; the old " + component + " section stays in force");
      }
      return out;
    }
  }

  /** The configuration in force after the reload, and each component's outcome. */
  public record Result(CairnConfig inForce, List<Outcome> outcomes) {
    public Result {
      outcomes = List.copyOf(outcomes);
    }

    /** True when every component said SAME. */
    public boolean unchanged() {
      return outcomes.stream().allMatch(o -> o.plan() instanceof Reconfig.Same);
    }

    /** True when every section that changed took effect. */
    public boolean allApplied() {
      return outcomes.stream().allMatch(Outcome::applied);
    }

    /** The answer of {@code cairn reload}: one heading per component, the changes below it. */
    public List<String> lines() {
      if (unchanged()) {
        return List.of("configuration unchanged");
      }
      List<String> out = new ArrayList<>();
      outcomes.forEach(o -> out.addAll(o.lines()));
      return out;
    }
  }

  /** Moves {@code components} from {@code inForce} to {@code next}, section by section. */
  public static Result run(List<Component<?>> components, CairnConfig inForce, CairnConfig next) {
    List<Planned<?>> plans = new ArrayList<>();
    for (Component<?> c : components) {
      plans.add(plan(c, inForce, next));
    }
    CairnConfig now = inForce;
    List<Outcome> outcomes = new ArrayList<>();
    for (Planned<?> p : plans) {
      String failure = p.plan instanceof Reconfig.Same ? null : p.apply();
      if (failure == null) {
        now = p.into(now);
      } else {
        LOG.warning("reload: " + failure);
      }
      outcomes.add(new Outcome(p.component.name(), p.plan, failure));
    }
    return new Result(now, outcomes);
  }

  private static <S> Planned<S> plan(Component<S> c, CairnConfig inForce, CairnConfig next) {
    S running = c.section(inForce);
    S wanted = c.section(next);
    Reconfig plan = running.equals(wanted) ? Reconfig.SAME : c.plan(running, wanted);
    return new Planned<>(c, running, wanted, plan);
  }

  private record Planned<S>(Component<S> component, S running, S next, Reconfig plan) {
    /** Applies; the failure's message, or null. */
    String apply() {
      try {
        component.apply(running, next, plan);
        return null;
      } catch (ComponentException e) {
        return e.getMessage();
      } catch (RuntimeException e) {
        return component.name() + ": " + e;
      }
    }

    CairnConfig into(CairnConfig c) {
      return component.withSection(c, next);
    }
  }
}
