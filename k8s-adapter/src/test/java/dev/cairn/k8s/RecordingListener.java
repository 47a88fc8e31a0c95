package dev.cairn.k8s;

import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Records what the adapter emits: the current route table, every call, the thread, the peers. */
final class RecordingListener implements AdvertisementListener, PeerListener {
  private final Map<IpPrefix, Advertisement> routes = new TreeMap<>();
  private final List<String> calls = new ArrayList<>();
  private final List<Set<IpAddress>> peerHistory = new ArrayList<>();
  private final Set<String> threads = new java.util.TreeSet<>();

  @Override
  public synchronized void advertise(Advertisement a) {
    threads.add(Thread.currentThread().getName());
    routes.put(a.prefix(), a);
    calls.add("+" + a.prefix() + (a.gracefulShutdown() ? " gs" : ""));
  }

  @Override
  public synchronized void withdraw(IpPrefix prefix) {
    threads.add(Thread.currentThread().getName());
    if (routes.remove(prefix) == null) {
      calls.add("!withdraw of unknown " + prefix);
    }
    calls.add("-" + prefix);
  }

  private Map<IpAddress, MeshImport> imports = Map.of();

  @Override
  public synchronized void peersChanged(Set<IpAddress> peers) {
    threads.add(Thread.currentThread().getName());
    peerHistory.add(Set.copyOf(peers));
  }

  @Override
  public synchronized void peersChanged(
      Set<IpAddress> peers, boolean selfReflector, Map<IpAddress, MeshImport> imports) {
    this.imports = Map.copyOf(imports);
    peersChanged(peers, selfReflector);
  }

  /** The mesh import of each current peer. */
  synchronized Map<IpAddress, MeshImport> imports() {
    return imports;
  }

  synchronized Map<IpPrefix, Advertisement> routes() {
    return new TreeMap<>(routes);
  }

  /** Current prefixes mapped to "KIND source" for compact, exact comparisons. */
  synchronized Map<String, String> table() {
    Map<String, String> out = new TreeMap<>();
    routes.forEach(
        (p, a) ->
            out.put(
                p.toString(),
                a.kind()
                    + " "
                    + a.source()
                    + a.nextHop().map(n -> " via " + n).orElse("")
                    + (a.gracefulShutdown() ? " gs" : "")));
    return out;
  }

  synchronized List<String> calls() {
    return new ArrayList<>(calls);
  }

  synchronized Set<IpAddress> peers() {
    return peerHistory.isEmpty() ? null : peerHistory.get(peerHistory.size() - 1);
  }

  synchronized int peerChanges() {
    return peerHistory.size();
  }

  synchronized Set<String> threads() {
    return Set.copyOf(threads);
  }
}
