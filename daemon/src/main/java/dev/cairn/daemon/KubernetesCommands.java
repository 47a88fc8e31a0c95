package dev.cairn.daemon;

import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.k8s.Advertisement;
import dev.cairn.k8s.KubernetesAdapter;
import dev.cairn.k8s.KubernetesSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code show kubernetes}: the watched objects and the routes derived from them, from the adapter's
 * snapshot, as a {@link View} rendered to text here and to JSON by {@link Json}.
 */
final class KubernetesCommands {
  private final Supplier<KubernetesAdapter> kubernetes;

  /**
   * @param kubernetes the running adapter, null when Kubernetes is not configured (or could not
   *     start)
   */
  KubernetesCommands(Supplier<KubernetesAdapter> kubernetes) {
    this.kubernetes = kubernetes;
  }

  /** What {@code show kubernetes} shows (kebab-case JSON keys in this order). */
  record View(
      String node,
      String connection,
      SortedMap<String, Integer> objects,
      long watchReconnects,
      boolean draining,
      List<Route> routes,
      List<String> peers) {}

  /** One route the node advertises, the object it comes from and its communities. */
  record Route(
      String prefix,
      String kind,
      String source,
      String nextHop,
      List<String> communities,
      boolean gracefulShutdown) {}

  /** Adds {@code kubernetes} under {@code show}. */
  void show(CommandTree.Node show) {
    show.keyword("kubernetes", "Watched Kubernetes objects and the routes derived from them")
        .jsonAction(inv -> inv.json() ? Json.write(view()) : text(view()));
  }

  View view() throws CommandException {
    KubernetesAdapter a = kubernetes.get();
    if (a == null) {
      throw new CommandException("% Kubernetes is not configured (or could not start)");
    }
    KubernetesSnapshot k;
    try {
      k = a.snapshot().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CommandException("% The Kubernetes adapter did not answer: " + e);
    }
    List<Route> routes = new ArrayList<>();
    for (Advertisement r : k.routes()) {
      routes.add(
          new Route(
              r.prefix().toString(),
              r.kind().name().toLowerCase().replace('_', '-'),
              r.source(),
              r.nextHop().map(Object::toString).orElse(null),
              r.communities().stream().map(c -> (c >>> 16) + ":" + (c & 0xffff)).toList(),
              r.gracefulShutdown()));
    }
    return new View(
        k.nodeName(),
        k.connection().name().toLowerCase(),
        new TreeMap<>(k.watchedObjects()),
        a.watchReconnects(),
        k.draining(),
        routes,
        k.peers().stream().map(Object::toString).sorted().toList());
  }

  static String text(View k) {
    StringBuilder sb = new StringBuilder();
    sb.append("Kubernetes node ")
        .append(k.node())
        .append(", API ")
        .append(k.connection())
        .append(k.draining() ? ", draining" : "")
        .append('\n');
    sb.append("  watched: ").append(k.objects()).append('\n');
    sb.append(String.format("%n%-28s %-18s %s%n", "Route", "Kind", "From"));
    for (Route r : k.routes()) {
      sb.append(
          String.format(
              "%-28s %-18s %s%s%s%n",
              r.prefix(),
              r.kind(),
              r.source(),
              r.nextHop() == null ? "" : " via " + r.nextHop(),
              r.gracefulShutdown() ? " (graceful-shutdown)" : ""));
    }
    if (!k.peers().isEmpty()) {
      sb.append("\nMesh peers: ").append(String.join(", ", k.peers())).append('\n');
    }
    return sb.toString();
  }
}
