package dev.cairn.daemon;

import dev.cairn.bgp.fsm.MessageCounters;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.config.ConfigPrinter;
import dev.cairn.config.NeighborConfig;
import dev.cairn.net.AddressFormatException;
import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.NextHop;
import dev.cairn.rib.Route;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command tree of {@code cairn}, owned by the daemon so that help and completion always match
 * what it runs. Each {@code show} renders text for people and, with a trailing {@code json}, the
 * documented JSON of {@code docs/cli-json.md} for scripts.
 */
final class Commands {
  static final String VERSION = "0.1.0";

  private final Daemon d;
  private final RouteTables tables;
  private final CommandTree tree = new CommandTree();
  private volatile Metrics metrics;

  Commands(Daemon d) {
    this.d = d;
    this.tables = new RouteTables(d);
    build();
  }

  CommandTree tree() {
    return tree;
  }

  void setMetrics(Metrics m) {
    metrics = m;
  }

  /** One line for systemd's STATUS. */
  String statusLine() {
    if (d.speaker == null) {
      return "no BGP";
    }
    List<BgpSpeaker.NeighborDetail> n = d.onBgp(d.speaker::neighbors);
    long up = n.stream().filter(x -> x.state() == SessionState.ESTABLISHED).count();
    return up + " of " + n.size() + " BGP neighbors established";
  }

  // ------------------------------------------------------------------ grammar

  private void build() {
    CommandTree.Node show = tree.root().keyword("show", "Show running state");
    show.keyword("version", "cairn's version and uptime").jsonAction(this::version);
    show.keyword("health", "Each component's thread: up, failing or dead, and its last error")
        .jsonAction(new HealthView(dev.cairn.event.Health.process())::render);
    show.keyword("running-config", "The configuration in force (passwords hidden)")
        .jsonAction(this::runningConfig);
    show.keyword("interfaces", "Network interfaces and their addresses")
        .jsonAction(inv -> interfaces(inv, null))
        .value("NAME", "One interface", w -> !w.isEmpty(), Commands::interfaceNames)
        .jsonAction(inv -> interfaces(inv, inv.value("NAME")));
    show.keyword("fib", "The kernel's routes of cairn against the RIB, with differences")
        .jsonAction(this::fib);

    show.keyword("kubernetes", "Watched Kubernetes objects and the routes derived from them")
        .jsonAction(this::kubernetes);

    CommandTree.Node bgp = show.keyword("bgp", "BGP information");
    bgp.keyword("summary", "One line per neighbor").jsonAction(this::summary);
    CommandTree.Node nb =
        bgp.keyword("neighbors", "Neighbor details").jsonAction(inv -> neighbors(inv, null));
    CommandTree.Node addr =
        nb.value("ADDR", "Neighbor address", Commands::isAddress, this::neighborAddresses)
            .jsonAction(inv -> neighbors(inv, IpAddress.parse(inv.value("ADDR"))));
    addr.keyword("received-routes", "Routes accepted from the neighbor (after import policy)")
        .jsonStream((inv, out) -> tables.adjRib(inv, true, out));
    addr.keyword("advertised-routes", "Routes sent to the neighbor (after export policy)")
        .jsonStream((inv, out) -> tables.adjRib(inv, false, out));
    for (Afi afi : Afi.values()) {
      String fam = afi == Afi.IPV4 ? "ipv4" : "ipv6";
      CommandTree.Node f =
          bgp.keyword(fam, (afi == Afi.IPV4 ? "IPv4" : "IPv6") + " unicast paths, best marked")
              .jsonStream((inv, out) -> tables.bgp(inv, afi, null, out));
      f.value("PREFIX", "One prefix", w -> isPrefix(w, afi), () -> prefixes(afi))
          .jsonStream((inv, out) -> tables.bgp(inv, afi, IpPrefix.parse(inv.value("PREFIX")), out));
    }

    for (Afi afi : Afi.values()) {
      CommandTree.Node ip =
          show.keyword(
              afi == Afi.IPV4 ? "ip" : "ipv6", afi == Afi.IPV4 ? "IPv4 state" : "IPv6 state");
      CommandTree.Node route =
          ip.keyword("route", "The RIB: every source's route, the selected one marked")
              .jsonStream((inv, out) -> tables.rib(inv, afi, null, out));
      route
          .value("PREFIX", "One prefix", w -> isPrefix(w, afi), () -> prefixes(afi))
          .jsonStream((inv, out) -> tables.rib(inv, afi, IpPrefix.parse(inv.value("PREFIX")), out));
      if (afi == Afi.IPV4) {
        CommandTree.Node ospf = ip.keyword("ospf", "OSPFv2");
        ospf.keyword("neighbor", "Neighbors: state, DR/BDR").jsonAction(this::ospfNeighbors);
        ospf.keyword("interface", "Interfaces: state, DR/BDR, cost")
            .jsonAction(this::ospfInterfaces);
        ospf.keyword("database", "LSA headers per area").jsonAction(this::ospfDatabase);
        ospf.keyword("route", "OSPF routes with their next hops").jsonAction(this::ospfRoutes);
      }
    }

    CommandTree.Node clear = tree.root().keyword("clear", "Reset or refresh");
    CommandTree.Node cb =
        clear
            .keyword("bgp", "BGP sessions")
            .value("ADDR", "Neighbor address", Commands::isAddress, this::neighborAddresses)
            .action(inv -> clear(inv, "hard"));
    CommandTree.Node soft =
        cb.keyword("soft", "Without a reset: refresh both directions")
            .action(inv -> clear(inv, "soft"));
    soft.keyword("in", "Ask the neighbor to send its routes again (ROUTE-REFRESH)")
        .action(inv -> clear(inv, "in"));
    soft.keyword("out", "Send the neighbor its routes again").action(inv -> clear(inv, "out"));

    tree.root()
        .keyword("reload", "Re-read the configuration file and apply the difference")
        .action(inv -> reload());
  }

  static boolean isAddress(String w) {
    try {
      IpAddress.parse(w);
      return true;
    } catch (AddressFormatException e) {
      return false;
    }
  }

  static boolean isPrefix(String w, Afi afi) {
    try {
      return IpPrefix.parse(w).afi() == afi;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private List<String> neighborAddresses() {
    if (d.speaker == null) {
      return List.of();
    }
    return d.onBgp(d.speaker::neighbors).stream().map(n -> n.address().toString()).toList();
  }

  /** Completion candidates: a thousand of the RIB's prefixes. */
  private List<String> prefixes(Afi afi) {
    return d.onRib(() -> d.rib.somePrefixes(afi, 1000)).stream().map(Object::toString).toList();
  }

  // ------------------------------------------------------------------ show version etc.

  private String version(CommandTree.Invocation inv) {
    long up = (System.nanoTime() - d.startedNanos) / 1_000_000_000L;
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("version", VERSION);
      o.put("java", System.getProperty("java.version"));
      o.put("uptime-seconds", up);
      o.put("router-id", d.config().routerId().toString());
      o.put("config-file", d.configPath.toString());
      return Json.write(o);
    }
    return "cairn "
        + VERSION
        + " (Java "
        + System.getProperty("java.version")
        + ")\nrouter-id "
        + d.config().routerId()
        + ", up "
        + duration(up)
        + ", configuration "
        + d.configPath
        + "\n";
  }

  private String runningConfig(CommandTree.Invocation inv) {
    String yaml = ConfigPrinter.printRedacted(d.config());
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("file", d.configPath.toString());
      o.put("yaml", yaml);
      return Json.write(o);
    }
    return yaml.endsWith("\n") ? yaml : yaml + "\n";
  }

  private static List<String> interfaceNames() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .map(NetworkInterface::getName)
          .sorted()
          .toList();
    } catch (SocketException e) {
      return List.of();
    }
  }

  private String interfaces(CommandTree.Invocation inv, String only) throws CommandException {
    List<Map<String, Object>> rows = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-16s %6s %-5s %6s  %s%n", "Interface", "Index", "State", "MTU", "Addresses"));
    try {
      List<NetworkInterface> all = Collections.list(NetworkInterface.getNetworkInterfaces());
      all.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
      if (only != null) {
        all.removeIf(n -> !n.getName().equals(only));
        if (all.isEmpty()) {
          throw new CommandException("% No such interface: " + only);
        }
      }
      for (NetworkInterface nif : all) {
        List<String> addrs = new ArrayList<>();
        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
          addrs.add(
              IpAddress.fromBytes(ia.getAddress().getAddress())
                  + "/"
                  + ia.getNetworkPrefixLength());
        }
        Collections.sort(addrs);
        Map<String, Object> o = Json.object();
        o.put("name", nif.getName());
        o.put("index", nif.getIndex());
        o.put("up", nif.isUp());
        o.put("mtu", nif.getMTU());
        o.put("addresses", addrs);
        rows.add(o);
        sb.append(
            String.format(
                "%-16s %6d %-5s %6d  %s%n",
                nif.getName(),
                nif.getIndex(),
                nif.isUp() ? "up" : "down",
                nif.getMTU(),
                String.join(" ", addrs)));
      }
    } catch (SocketException e) {
      throw new CommandException("% Cannot list interfaces: " + e.getMessage());
    }
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("interfaces", rows);
      return Json.write(o);
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ OSPF

  private dev.cairn.ospf.OspfInstance ospf() throws CommandException {
    if (d.ospf == null) {
      throw new CommandException("% OSPF is not configured");
    }
    return d.ospf.instance;
  }

  private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws CommandException {
    try {
      return f.get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CommandException("% OSPF did not answer: " + e);
    }
  }

  private static String ip(Object a) {
    return a == null ? null : a.toString();
  }

  private String ospfNeighbors(CommandTree.Invocation inv) throws CommandException {
    dev.cairn.ospf.OspfInstance r = ospf();
    List<dev.cairn.ospf.NeighborInfo> ns = get(r.neighbors());
    if (inv.json()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (dev.cairn.ospf.NeighborInfo n : ns) {
        Map<String, Object> o = Json.object();
        o.put("router-id", ip(n.routerId()));
        o.put("address", ip(n.address()));
        o.put("interface", n.interfaceName());
        o.put("priority", n.priority());
        o.put("state", n.state().name());
        o.put("dr", ip(n.designatedRouter()));
        o.put("bdr", ip(n.backupDesignatedRouter()));
        o.put("retransmissions", n.retransmissionCount());
        o.put("requests", n.requestCount());
        rows.add(o);
      }
      Map<String, Object> o = Json.object();
      o.put("neighbors", rows);
      return Json.write(o);
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-15s %3s %-10s %-15s %-12s %-15s %-15s%n",
            "Neighbor ID", "Pri", "State", "Address", "Interface", "DR", "BDR"));
    for (dev.cairn.ospf.NeighborInfo n : ns) {
      sb.append(
          String.format(
              "%-15s %3d %-10s %-15s %-12s %-15s %-15s%n",
              n.routerId(),
              n.priority(),
              n.state(),
              n.address(),
              n.interfaceName(),
              n.designatedRouter(),
              n.backupDesignatedRouter()));
    }
    return sb.toString();
  }

  private String ospfInterfaces(CommandTree.Invocation inv) throws CommandException {
    dev.cairn.ospf.OspfInstance r = ospf();
    List<dev.cairn.ospf.InterfaceInfo> is = get(r.interfaces());
    if (inv.json()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (dev.cairn.ospf.InterfaceInfo i : is) {
        Map<String, Object> o = Json.object();
        o.put("name", i.name());
        o.put("area", ip(i.area()));
        o.put("address", ip(i.address()) + "/" + i.prefixLength());
        o.put("state", i.state().name());
        o.put("dr", ip(i.designatedRouter()));
        o.put("bdr", ip(i.backupDesignatedRouter()));
        o.put("cost", i.cost());
        o.put("passive", i.passive());
        o.put("neighbors", i.neighbors());
        o.put("adjacencies", i.adjacencies());
        o.put("dropped-packets", i.droppedPackets());
        rows.add(o);
      }
      Map<String, Object> o = Json.object();
      o.put("interfaces", rows);
      return Json.write(o);
    }
    StringBuilder sb = new StringBuilder();
    for (dev.cairn.ospf.InterfaceInfo i : is) {
      sb.append(i.name())
          .append(" is ")
          .append(i.state())
          .append(", address ")
          .append(i.address())
          .append('/')
          .append(i.prefixLength())
          .append(", area ")
          .append(i.area())
          .append(", cost ")
          .append(i.cost())
          .append(i.passive() ? ", passive" : "")
          .append('\n');
      sb.append("  DR ")
          .append(i.designatedRouter())
          .append(", BDR ")
          .append(i.backupDesignatedRouter())
          .append(", ")
          .append(i.neighbors())
          .append(" neighbors, ")
          .append(i.adjacencies())
          .append(" adjacent\n");
    }
    return sb.toString();
  }

  private String ospfDatabase(CommandTree.Invocation inv) throws CommandException {
    dev.cairn.ospf.OspfInstance r = ospf();
    List<Map<String, Object>> areas = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (dev.cairn.config.OspfConfig.Area a : d.config().ospf().get().areas()) {
      Map<String, Object> area = Json.object();
      area.put("area", a.id().toString());
      area.put("lsas", lsas(get(r.database(a.id())), sb.append("Area ").append(a.id())));
      areas.add(area);
    }
    // AS-external LSAs are flooded everywhere (but into stub areas): one list of their own
    List<Map<String, Object>> external =
        lsas(
            get(r.database(null)),
            sb.append("AS external (max-external-lsas ")
                .append(d.config().ospf().get().maxExternalLsas())
                .append(", ")
                .append(r.externalLsasRefused())
                .append(" new ones refused)"));
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("areas", areas);
      o.put("external", external);
      return Json.write(o);
    }
    return sb.toString();
  }

  /** One LSDB's headers as JSON rows, and as text lines under the heading {@code sb} ends with. */
  private static List<Map<String, Object>> lsas(
      List<dev.cairn.ospf.wire.LsaHeader> hs, StringBuilder sb) {
    sb.append('\n')
        .append(
            String.format(
                "  %-4s %-15s %-15s %5s %-10s%n", "Type", "Link ID", "ADV Router", "Age", "Seq#"));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (dev.cairn.ospf.wire.LsaHeader h : hs) {
      String id = dev.cairn.ospf.wire.Ipv4.str(h.lsId());
      String adv = dev.cairn.ospf.wire.Ipv4.str(h.advRouter());
      Map<String, Object> o = Json.object();
      o.put("type", h.type());
      o.put("link-state-id", id);
      o.put("advertising-router", adv);
      o.put("age", h.age());
      o.put("sequence", String.format("0x%08x", h.seq()));
      rows.add(o);
      sb.append(
          String.format("  %-4d %-15s %-15s %5d 0x%08x%n", h.type(), id, adv, h.age(), h.seq()));
    }
    return rows;
  }

  private String ospfRoutes(CommandTree.Invocation inv) throws CommandException {
    dev.cairn.ospf.OspfInstance r = ospf();
    List<dev.cairn.ospf.spf.OspfRoute> rs = get(r.routes());
    List<Map<String, Object>> rows = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    for (dev.cairn.ospf.spf.OspfRoute x : rs) {
      Map<String, Object> o = Json.object();
      o.put("prefix", x.prefix().toString());
      o.put("type", x.pathType().name().toLowerCase().replace('_', '-'));
      o.put("cost", x.cost());
      o.put("type2-cost", x.type2Cost());
      List<String> hops = new ArrayList<>();
      x.nextHops().forEach(h -> hops.add(h.toString()));
      o.put("next-hops", hops);
      rows.add(o);
      sb.append(
          String.format(
              "%-20s %-18s %6d  %s%n",
              x.prefix(),
              x.pathType().name().toLowerCase().replace('_', '-'),
              x.ribMetric(),
              String.join(", ", hops)));
    }
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("routes", rows);
      return Json.write(o);
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ Kubernetes

  private String kubernetes(CommandTree.Invocation inv) throws CommandException {
    if (d.kubernetes == null) {
      throw new CommandException("% Kubernetes is not configured (or could not start)");
    }
    dev.cairn.k8s.KubernetesSnapshot k;
    try {
      k = d.kubernetes.snapshot().get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CommandException("% The Kubernetes adapter did not answer: " + e);
    }
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("node", k.nodeName());
      o.put("connection", k.connection().name().toLowerCase());
      o.put("objects", new java.util.TreeMap<>(k.watchedObjects()));
      o.put("watch-reconnects", d.kubernetes.watchReconnects());
      o.put("draining", k.draining());
      List<Map<String, Object>> routes = new ArrayList<>();
      for (dev.cairn.k8s.Advertisement a : k.routes()) {
        Map<String, Object> r = Json.object();
        r.put("prefix", a.prefix().toString());
        r.put("kind", a.kind().name().toLowerCase().replace('_', '-'));
        r.put("source", a.source());
        r.put("next-hop", a.nextHop().map(Object::toString).orElse(null));
        r.put(
            "communities",
            a.communities().stream().map(c -> (c >>> 16) + ":" + (c & 0xffff)).toList());
        r.put("graceful-shutdown", a.gracefulShutdown());
        routes.add(r);
      }
      o.put("routes", routes);
      o.put("peers", k.peers().stream().map(Object::toString).sorted().toList());
      return Json.write(o);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Kubernetes node ")
        .append(k.nodeName())
        .append(", API ")
        .append(k.connection().name().toLowerCase())
        .append(k.draining() ? ", draining" : "")
        .append('\n');
    sb.append("  watched: ").append(new java.util.TreeMap<>(k.watchedObjects())).append('\n');
    sb.append(String.format("%n%-28s %-18s %s%n", "Route", "Kind", "From"));
    for (dev.cairn.k8s.Advertisement a : k.routes()) {
      sb.append(
          String.format(
              "%-28s %-18s %s%s%s%n",
              a.prefix(),
              a.kind().name().toLowerCase().replace('_', '-'),
              a.source(),
              a.nextHop().map(h -> " via " + h).orElse(""),
              a.gracefulShutdown() ? " (graceful-shutdown)" : ""));
    }
    if (!k.peers().isEmpty()) {
      sb.append("\nMesh peers: ")
          .append(String.join(", ", k.peers().stream().map(Object::toString).sorted().toList()))
          .append('\n');
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ BGP

  static BgpSpeaker speaker(Daemon d) throws CommandException {
    if (d.speaker == null) {
      throw new CommandException("% BGP is not configured");
    }
    return d.speaker;
  }

  private BgpSpeaker speaker() throws CommandException {
    return speaker(d);
  }

  private long uptime(BgpSpeaker.NeighborDetail n) {
    return n.establishedAtNanos() == 0
        ? 0
        : (System.nanoTime() - n.establishedAtNanos()) / 1_000_000_000L;
  }

  static String duration(long seconds) {
    long days = seconds / 86400;
    long h = seconds / 3600 % 24;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return days > 0
        ? String.format("%dd%02dh%02dm", days, h, m)
        : String.format("%02d:%02d:%02d", h, m, s);
  }

  static String stateName(SessionState s) {
    return switch (s) {
      case IDLE -> "Idle";
      case CONNECT -> "Connect";
      case ACTIVE -> "Active";
      case OPEN_SENT -> "OpenSent";
      case OPEN_CONFIRM -> "OpenConfirm";
      case ESTABLISHED -> "Established";
    };
  }

  private static long total(long[] counts) {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  private String summary(CommandTree.Invocation inv) throws CommandException {
    BgpSpeaker s = speaker();
    List<BgpSpeaker.NeighborDetail> ns = d.onBgp(s::neighbors);
    long asn = d.config().bgp().get().asn();
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("router-id", d.config().bgpRouterId().toString());
      o.put("local-as", asn);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (BgpSpeaker.NeighborDetail n : ns) {
        Map<String, Object> r = Json.object();
        r.put("address", n.address().toString());
        r.put("remote-as", n.asn());
        r.put("state", stateName(n.state()));
        r.put("uptime-seconds", uptime(n));
        r.put("prefixes-accepted", n.prefixesAccepted());
        r.put("prefixes-advertised", n.prefixesAdvertised());
        r.put("messages-received", total(n.messages().in()));
        r.put("messages-sent", total(n.messages().out()));
        rows.add(r);
      }
      o.put("neighbors", rows);
      return Json.write(o);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("BGP router identifier ")
        .append(d.config().bgpRouterId())
        .append(", local AS number ")
        .append(asn)
        .append("\n\n");
    sb.append(
        String.format(
            "%-39s %10s %8s %8s %9s %-12s %8s%n",
            "Neighbor", "AS", "MsgRcvd", "MsgSent", "Up/Down", "State/PfxRcd", "PfxSnt"));
    for (BgpSpeaker.NeighborDetail n : ns) {
      String st =
          n.state() == SessionState.ESTABLISHED
              ? Integer.toString(n.prefixesAccepted())
              : stateName(n.state());
      sb.append(
          String.format(
              "%-39s %10d %8d %8d %9s %-12s %8d%n",
              n.address(),
              n.asn(),
              total(n.messages().in()),
              total(n.messages().out()),
              n.state() == SessionState.ESTABLISHED ? duration(uptime(n)) : "never",
              st,
              n.prefixesAdvertised()));
    }
    sb.append("\nTotal number of neighbors ").append(ns.size()).append('\n');
    return sb.toString();
  }

  private String neighbors(CommandTree.Invocation inv, IpAddress only) throws CommandException {
    BgpSpeaker s = speaker();
    List<BgpSpeaker.NeighborDetail> ns =
        d.onBgp(s::neighbors).stream()
            .filter(n -> only == null || n.address().equals(only))
            .toList();
    if (only != null && ns.isEmpty()) {
      throw new CommandException("% No such neighbor: " + only);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    java.util.Set<IpAddress> mesh =
        d.kubernetesLink == null ? java.util.Set.of() : d.onBgp(d.kubernetesLink::meshPeers);
    for (BgpSpeaker.NeighborDetail n : ns) {
      NeighborConfig nc =
          d.config()
              .bgp()
              .flatMap(b -> b.neighbor(n.address()))
              .orElse(
                  mesh.contains(n.address())
                      ? KubernetesLink.meshNeighbor(d.config().bgp().get(), n.address(), false)
                      : null);
      Map<String, Object> r = Json.object();
      r.put("address", n.address().toString());
      r.put("remote-as", n.asn());
      r.put("type", n.ebgp() ? "ebgp" : "ibgp");
      r.put("description", nc == null ? null : nc.description().orElse(null));
      r.put("state", stateName(n.state()));
      r.put("uptime-seconds", uptime(n));
      r.put("last-error", n.lastError());
      r.put("flaps", n.flaps());
      r.put("remote-router-id", n.remoteRouterId() == null ? null : n.remoteRouterId().toString());
      r.put("hold-time", n.holdTime());
      r.put("families", n.families().stream().map(Object::toString).toList());
      r.put("route-reflector-client", n.routeReflectorClient());
      r.put("import-policy", nc == null ? null : nc.importPolicy().orElse(null));
      r.put("export-policy", nc == null ? null : nc.exportPolicy().orElse(null));
      Map<String, Object> px = Json.object();
      px.put("accepted", n.prefixesAccepted());
      px.put("advertised", n.prefixesAdvertised());
      px.put("announcements-received", n.announcementsV4() + n.announcementsV6());
      px.put("changes-queued", n.changesQueued());
      if (n.maxPrefixes() > 0) {
        px.put("max", n.maxPrefixes());
        px.put("warning-threshold-percent", n.maxPrefixWarningPercent());
        px.put("warning", n.maxPrefixWarning());
      }
      r.put("prefixes", px);
      Map<String, Object> rfc7606 = Json.object();
      rfc7606.put("treat-as-withdraw", n.treatAsWithdraw());
      rfc7606.put("attribute-discard", n.attributesDiscarded());
      rfc7606.put("unknown-attributes-dropped", n.unknownAttributesDropped());
      r.put("input-errors", rfc7606);
      Map<String, Object> msgs = Json.object();
      Map<String, Object> in = Json.object();
      Map<String, Object> out = Json.object();
      for (MessageCounters.Kind k : MessageCounters.Kind.values()) {
        in.put(k.name().toLowerCase().replace('_', '-'), n.messages().in(k));
        out.put(k.name().toLowerCase().replace('_', '-'), n.messages().out(k));
      }
      msgs.put("received", in);
      msgs.put("sent", out);
      r.put("messages", msgs);
      rows.add(r);

      sb.append("BGP neighbor is ")
          .append(n.address())
          .append(", remote AS ")
          .append(n.asn())
          .append(n.ebgp() ? ", external link" : ", internal link")
          .append('\n');
      if (nc != null && nc.description().isPresent()) {
        sb.append("  Description: ").append(nc.description().get()).append('\n');
      }
      sb.append("  BGP state = ").append(stateName(n.state()));
      if (n.state() == SessionState.ESTABLISHED) {
        sb.append(", up for ").append(duration(uptime(n)));
      }
      sb.append('\n');
      if (n.remoteRouterId() != null) {
        sb.append("  Remote router ID ").append(n.remoteRouterId()).append('\n');
      }
      sb.append("  Hold time ").append(n.holdTime()).append(" s");
      sb.append(", flaps ").append(n.flaps()).append('\n');
      if (!n.families().isEmpty()) {
        sb.append("  Address families: ")
            .append(String.join(", ", n.families().stream().map(Object::toString).toList()))
            .append('\n');
      }
      if (n.routeReflectorClient()) {
        sb.append("  Route-reflector client\n");
      }
      if (nc != null) {
        sb.append("  Import policy ")
            .append(nc.importPolicy().orElse("(none)"))
            .append(", export policy ")
            .append(nc.exportPolicy().orElse("(none)"))
            .append('\n');
      }
      sb.append("  Prefixes: ")
          .append(n.prefixesAccepted())
          .append(" accepted, ")
          .append(n.prefixesAdvertised())
          .append(" advertised\n");
      if (n.maxPrefixes() > 0) {
        sb.append("  Maximum prefixes ")
            .append(n.maxPrefixes())
            .append(", warning at ")
            .append(n.maxPrefixWarningPercent())
            .append(" %")
            .append(n.maxPrefixWarning() ? " (threshold reached)" : "")
            .append('\n');
      }
      if (n.treatAsWithdraw() + n.attributesDiscarded() + n.unknownAttributesDropped() > 0) {
        sb.append("  Input errors: ")
            .append(n.treatAsWithdraw())
            .append(" treated as withdraw, ")
            .append(n.attributesDiscarded())
            .append(" attributes discarded, ")
            .append(n.unknownAttributesDropped())
            .append(" unknown attributes dropped\n");
      }
      if (n.changesQueued() > 0) {
        // a neighbor reading slower than the changes come: they wait here, coalesced
        sb.append("  Changes waiting to be sent: ").append(n.changesQueued()).append('\n');
      }
      sb.append(String.format("  %-14s %10s %10s%n", "Messages", "Received", "Sent"));
      for (MessageCounters.Kind k : MessageCounters.Kind.values()) {
        sb.append(
            String.format(
                "  %-14s %10d %10d%n",
                k.name().toLowerCase().replace('_', '-'), n.messages().in(k), n.messages().out(k)));
      }
      if (!n.lastError().isEmpty()) {
        sb.append("  Last error: ").append(n.lastError()).append('\n');
      }
      sb.append('\n');
    }
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("neighbors", rows);
      return Json.write(o);
    }
    return sb.toString();
  }

  static Map<String, Object> attributes(PathAttributes a) {
    Map<String, Object> o = Json.object();
    o.put(
        "origin",
        a.origin() < 0 ? null : a.origin() == 0 ? "igp" : a.origin() == 1 ? "egp" : "incomplete");
    o.put("as-path", a.asPath() == null ? "" : a.asPath().toString());
    o.put("med", a.med() < 0 ? null : a.med());
    o.put("local-pref", a.localPref() < 0 ? null : a.localPref());
    o.put("communities", list(a.communities()));
    o.put("large-communities", list(a.largeCommunities()));
    o.put("extended-communities", list(a.extendedCommunities()));
    o.put("originator-id", a.originatorId() == null ? null : a.originatorId().toString());
    List<String> cl = new ArrayList<>();
    for (int i = 0; i < a.clusterListLength(); i++) {
      cl.add(new dev.cairn.net.Ipv4Address(a.clusterId(i)).toString());
    }
    o.put("cluster-list", cl);
    return o;
  }

  /** "[a b c]" → [a, b, c]; null → []. */
  private static List<String> list(Object bracketed) {
    if (bracketed == null) {
      return List.of();
    }
    String s = bracketed.toString();
    s = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
    return s.isBlank() ? List.of() : List.of(s.trim().split(" "));
  }

  private String clear(CommandTree.Invocation inv, String how) throws CommandException {
    BgpSpeaker s = speaker();
    IpAddress a = IpAddress.parse(inv.value("ADDR"));
    if (!d.onBgp(() -> s.hasNeighbor(a))) {
      throw new CommandException("% No such neighbor: " + a);
    }
    switch (how) {
      case "hard" -> {
        d.onBgp(() -> s.hardReset(a));
        return "neighbor " + a + ": session reset (Cease / Administrative Reset)\n";
      }
      case "in" -> {
        boolean ok = d.onBgp(() -> s.softIn(a));
        if (!ok) {
          throw new CommandException("% Neighbor " + a + " is not Established");
        }
        return "neighbor " + a + ": route refresh requested\n";
      }
      case "out" -> {
        boolean ok = d.onBgp(() -> s.softOut(a));
        if (!ok) {
          throw new CommandException("% Neighbor " + a + " is not Established");
        }
        return "neighbor " + a + ": routes sent again\n";
      }
      default -> {
        boolean in = d.onBgp(() -> s.softIn(a));
        boolean out = d.onBgp(() -> s.softOut(a));
        if (!in && !out) {
          throw new CommandException("% Neighbor " + a + " is not Established");
        }
        return "neighbor " + a + ": route refresh requested and routes sent again\n";
      }
    }
  }

  private String reload() throws CommandException {
    Daemon.ReloadResult r = d.reload();
    if (!r.ok()) {
      throw new CommandException(r.text().stripTrailing());
    }
    return r.text();
  }

  // ------------------------------------------------------------------ RIB and FIB

  static List<Map<String, Object>> hops(List<NextHop> hops) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (NextHop h : hops) {
      Map<String, Object> o = Json.object();
      o.put("gateway", h.gateway() == null ? null : h.gateway().toString());
      o.put("interface", h.interfaceName());
      out.add(o);
    }
    return out;
  }

  static String hopsText(List<NextHop> hops) {
    if (hops.isEmpty()) {
      return "blackhole";
    }
    List<String> parts = new ArrayList<>();
    for (NextHop h : hops) {
      parts.add(
          h.gateway() == null
              ? "directly connected, " + h.interfaceName()
              : "via " + h.gateway() + (h.interfaceName() == null ? "" : ", " + h.interfaceName()));
    }
    return String.join(", ", parts);
  }

  private String fib(CommandTree.Invocation inv) throws CommandException {
    if (d.kernel == null) {
      throw new CommandException("% The kernel FIB is disabled (kernel.enabled: false)");
    }
    KernelSync.FibView v = Daemon.on(d.kernel.loop(), d.kernel::view);
    Set<IpPrefix> wanted = new TreeSet<>();
    v.desired().forEach(r -> wanted.add(r.prefix()));
    List<String> missing = new ArrayList<>();
    for (IpPrefix p : wanted) {
      if (!v.inKernel().contains(p)) {
        missing.add(p.toString());
      }
    }
    List<String> extra = new ArrayList<>();
    for (IpPrefix p : v.inKernel()) {
      if (!wanted.contains(p) && !v.adopted().contains(p)) {
        extra.add(p.toString());
      }
    }
    List<String> failing = new ArrayList<>();
    v.failing().forEach((p, e) -> failing.add(p + ": " + e));
    if (inv.json()) {
      Map<String, Object> o = Json.object();
      o.put("table", v.table());
      o.put("protocol", v.protocol());
      o.put("nexthop-objects", v.nexthopObjects());
      o.put("routes-wanted", wanted.size());
      o.put("routes-in-kernel", v.inKernel().size());
      o.put("missing", missing);
      o.put("unexpected", extra);
      o.put("adopted", v.adopted().stream().map(Object::toString).sorted().toList());
      o.put("failing", failing);
      o.put("last-repair", lastRepairJson(v.lastRepair()));
      List<Map<String, Object>> routes = new ArrayList<>();
      for (Route r : v.desired()) {
        Map<String, Object> x = Json.object();
        x.put("prefix", r.prefix().toString());
        x.put("protocol", r.protocol().name().toLowerCase().replace('_', '-'));
        x.put("next-hops", hops(r.nextHops()));
        x.put("in-kernel", v.inKernel().contains(r.prefix()));
        routes.add(x);
      }
      o.put("routes", routes);
      return Json.write(o);
    }
    StringBuilder sb = new StringBuilder();
    sb.append("Kernel table ")
        .append(v.table())
        .append(", protocol ")
        .append(v.protocol())
        .append(v.nexthopObjects() ? ", nexthop objects" : ", multipath routes")
        .append('\n');
    sb.append(wanted.size())
        .append(" routes wanted, ")
        .append(v.inKernel().size())
        .append(" in the kernel\n\n");
    for (Route r : v.desired()) {
      sb.append(v.inKernel().contains(r.prefix()) ? "  " : "! ")
          .append(String.format("%-24s %s%n", r.prefix(), hopsText(r.nextHops())));
    }
    if (missing.isEmpty() && extra.isEmpty() && failing.isEmpty()) {
      sb.append("\nThe kernel agrees with the RIB.\n");
    } else {
      sb.append("\nDifferences:\n");
      missing.forEach(p -> sb.append("  missing from the kernel: ").append(p).append('\n'));
      extra.forEach(p -> sb.append("  in the kernel, not in the RIB: ").append(p).append('\n'));
      failing.forEach(p -> sb.append("  failing: ").append(p).append('\n'));
    }
    if (!v.adopted().isEmpty()) {
      sb.append(v.adopted().size())
          .append(" routes adopted from a previous run await reconciliation\n");
    }
    if (v.lastRepair() != null) {
      KernelSync.LastRepair r = v.lastRepair();
      sb.append(String.format("Last repair: %s at %s (%s)%n", r.prefix(), r.time(), r.reason()));
    }
    return sb.toString();
  }

  private static Map<String, Object> lastRepairJson(KernelSync.LastRepair r) {
    if (r == null) {
      return null;
    }
    Map<String, Object> m = Json.object();
    m.put("time", r.time().toString());
    m.put("prefix", r.prefix().toString());
    m.put("reason", r.reason());
    return m;
  }
}
