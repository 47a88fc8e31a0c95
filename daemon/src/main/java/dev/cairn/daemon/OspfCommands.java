package dev.cairn.daemon;

import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.OspfConfig;
import dev.cairn.ospf.InterfaceInfo;
import dev.cairn.ospf.NeighborInfo;
import dev.cairn.ospf.OspfInstance;
import dev.cairn.ospf.spf.OspfRoute;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.ospf.wire.LsaHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code show ip ospf neighbor|interface|database|route}: the OSPF instance's state, asked of its
 * loop (the instance answers through futures) and turned into {@link OspfViews}.
 */
final class OspfCommands {
  private final Supplier<OspfInstance> ospf;
  private final Supplier<CairnConfig> config;

  /**
   * @param ospf the running OSPF instance, null when OSPF is not configured (or did not start)
   * @param config the configuration in force (its areas list the databases)
   */
  OspfCommands(Supplier<OspfInstance> ospf, Supplier<CairnConfig> config) {
    this.ospf = ospf;
    this.config = config;
  }

  /** Adds {@code ospf ...} under {@code show ip}. */
  void show(CommandTree.Node ip) {
    CommandTree.Node o = ip.keyword("ospf", "OSPFv2");
    o.keyword("neighbor", "Neighbors: state, DR/BDR")
        .jsonAction(inv -> inv.json() ? Json.write(neighbors()) : OspfText.neighbors(neighbors()));
    o.keyword("interface", "Interfaces: state, DR/BDR, cost")
        .jsonAction(
            inv -> inv.json() ? Json.write(interfaces()) : OspfText.interfaces(interfaces()));
    o.keyword("database", "LSA headers per area")
        .jsonAction(inv -> inv.json() ? Json.write(database()) : OspfText.database(database()));
    o.keyword("route", "OSPF routes with their next hops")
        .jsonAction(inv -> inv.json() ? Json.write(routes()) : OspfText.routes(routes()));
  }

  private OspfInstance instance() throws CommandException {
    OspfInstance r = ospf.get();
    if (r == null) {
      throw new CommandException("% OSPF is not configured");
    }
    return r;
  }

  private static <T> T get(CompletableFuture<T> f) throws CommandException {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CommandException("% OSPF did not answer: " + e);
    }
  }

  private static String ip(Object a) {
    return a == null ? null : a.toString();
  }

  OspfViews.Neighbors neighbors() throws CommandException {
    return neighbors(get(instance().neighbors()));
  }

  static OspfViews.Neighbors neighbors(List<NeighborInfo> ns) {
    List<OspfViews.Neighbor> rows = new ArrayList<>();
    for (NeighborInfo n : ns) {
      rows.add(
          new OspfViews.Neighbor(
              ip(n.routerId()),
              ip(n.address()),
              n.interfaceName(),
              n.priority(),
              n.state().name(),
              ip(n.designatedRouter()),
              ip(n.backupDesignatedRouter()),
              n.retransmissionCount(),
              n.requestCount()));
    }
    return new OspfViews.Neighbors(rows);
  }

  OspfViews.Interfaces interfaces() throws CommandException {
    return interfaces(get(instance().interfaces()));
  }

  static OspfViews.Interfaces interfaces(List<InterfaceInfo> is) {
    List<OspfViews.Interface> rows = new ArrayList<>();
    for (InterfaceInfo i : is) {
      rows.add(
          new OspfViews.Interface(
              i.name(),
              ip(i.area()),
              ip(i.address()) + "/" + i.prefixLength(),
              i.state().name(),
              ip(i.designatedRouter()),
              ip(i.backupDesignatedRouter()),
              i.cost(),
              i.passive(),
              i.neighbors(),
              i.adjacencies(),
              i.droppedPackets()));
    }
    return new OspfViews.Interfaces(rows);
  }

  OspfViews.Database database() throws CommandException {
    OspfInstance r = instance();
    OspfConfig cfg = config.get().ospf().get();
    List<OspfViews.AreaLsas> areas = new ArrayList<>();
    for (OspfConfig.Area a : cfg.areas()) {
      areas.add(new OspfViews.AreaLsas(a.id().toString(), lsas(get(r.database(a.id())))));
    }
    // AS-external LSAs are flooded everywhere (but into stub areas): one list of their own
    List<OspfViews.Lsa> external = lsas(get(r.database(null)));
    return new OspfViews.Database(areas, external, cfg.maxExternalLsas(), r.externalLsasRefused());
  }

  static List<OspfViews.Lsa> lsas(List<LsaHeader> hs) {
    List<OspfViews.Lsa> rows = new ArrayList<>();
    for (LsaHeader h : hs) {
      rows.add(
          new OspfViews.Lsa(
              h.type(),
              Ipv4.str(h.lsId()),
              Ipv4.str(h.advRouter()),
              h.age(),
              String.format("0x%08x", h.seq())));
    }
    return rows;
  }

  OspfViews.Routes routes() throws CommandException {
    return routes(get(instance().routes()));
  }

  static OspfViews.Routes routes(List<OspfRoute> rs) {
    List<OspfViews.Route> rows = new ArrayList<>();
    for (OspfRoute x : rs) {
      List<String> hops = new ArrayList<>();
      x.nextHops().forEach(h -> hops.add(h.toString()));
      rows.add(
          new OspfViews.Route(
              x.prefix().toString(),
              x.pathType().name().toLowerCase().replace('_', '-'),
              x.cost(),
              x.type2Cost(),
              hops,
              x.ribMetric()));
    }
    return new OspfViews.Routes(rows);
  }
}
