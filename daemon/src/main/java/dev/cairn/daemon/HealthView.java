package dev.cairn.daemon;

import dev.cairn.cli.CommandTree;
import dev.cairn.event.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code show health [json]}: every thread that owns state (routing loops, Netty I/O, link monitor,
 * route watch, OSPF readers, Kubernetes informers) with its state ({@code up}, {@code failing},
 * {@code dead}), since when, and its last error. Read from {@link Health} without asking any loop,
 * so it answers even when a loop is dead or stuck. Schema: {@code schema/health.json}.
 */
final class HealthView {
  private final Health health;

  HealthView(Health health) {
    this.health = health;
  }

  /** The command's answer. */
  String render(CommandTree.Invocation inv) {
    List<Health.Status> all = health.snapshot();
    return inv.json() ? json(all) : text(all);
  }

  static String json(List<Health.Status> all) {
    Map<String, Object> o = new java.util.LinkedHashMap<>();
    o.put("healthy", all.stream().noneMatch(s -> s.state() == Health.State.DEAD));
    List<Object> list = new ArrayList<>();
    for (Health.Status s : all) {
      Map<String, Object> c = new java.util.LinkedHashMap<>();
      c.put("component", s.component());
      c.put("state", state(s.state()));
      c.put("since", s.since().toString());
      c.put("last-error", s.lastError());
      c.put("last-error-time", s.lastErrorAt() == null ? null : s.lastErrorAt().toString());
      list.add(c);
    }
    o.put("components", list);
    return Json.write(o);
  }

  static String text(List<Health.Status> all) {
    int w = Math.max(9, all.stream().mapToInt(s -> s.component().length()).max().orElse(0));
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-" + w + "s  %-7s  %-20s  %s%n", "Component", "State", "Since", "Last error"));
    for (Health.Status s : all) {
      sb.append(
          String.format(
              "%-" + w + "s  %-7s  %-20s  %s%n",
              s.component(),
              state(s.state()),
              seconds(s.since()),
              s.lastError() == null
                  ? "-"
                  : seconds(s.lastErrorAt()) + " " + oneLine(s.lastError())));
    }
    long dead = all.stream().filter(s -> s.state() == Health.State.DEAD).count();
    sb.append(
        dead == 0
            ? "Every component is alive.\n"
            : dead + " dead: the systemd watchdog is not fed and systemd will restart cairnd.\n");
    return sb.toString();
  }

  static String state(Health.State s) {
    return s.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String seconds(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\p{Cntrl}]", " ");
  }
}
