package dev.cairn.daemon;

import dev.cairn.bgp.decision.DecisionOptions;
import dev.cairn.bgp.fsm.Connection;
import dev.cairn.bgp.fsm.Transport;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.transport.NettyTransport;
import dev.cairn.bgp.transport.TtlPolicy;
import dev.cairn.config.BgpConfig;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigDiff;
import dev.cairn.config.ControlConfig;
import dev.cairn.config.KernelConfig;
import dev.cairn.config.NeighborConfig;
import dev.cairn.config.Policy;
import dev.cairn.daemon.component.Component;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.daemon.component.OnLoop;
import dev.cairn.daemon.component.Reconfig;
import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import dev.cairn.rib.Channel;
import dev.cairn.rib.Rib;
import dev.cairn.rib.Source;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * BGP as a component of cairnd: the speaker on its loop, its neighbors, announcements and
 * redistribution ({@link BgpRedistribution}). Everything that touches the speaker runs on the BGP
 * loop, start-up included (neighbors are added there, not from the main thread while the loop
 * already runs). What a neighbor's change costs is decided once, in {@link ConfigDiff} (reset, soft
 * in/out, or in place), and applied here as decided; the speaker refuses an in-place change of a
 * session setting it cannot take. Changes of the speaker itself (AS number, BGP identifier, listen
 * address, decision and multipath options, BGP on or off) take a restart of cairnd: a reload
 * reports them as not applied and keeps the old section in force.
 */
final class BgpComponent implements Component<BgpComponent.Section> {
  private static final Logger LOG = Logger.getLogger(BgpComponent.class.getName());

  /** How long a reload waits for the BGP loop to take a change (then nothing changes). */
  static final Duration APPLY_TIMEOUT = Duration.ofSeconds(10);

  /**
   * What BGP uses of a configuration: the {@code bgp} section, the global router id (the BGP
   * identifier unless {@code bgp.router-id}) and the policies its neighbors name.
   */
  record Section(Ipv4Address routerId, Optional<BgpConfig> bgp, Map<String, Policy> policies) {
    Ipv4Address bgpRouterId() {
      return bgp.flatMap(BgpConfig::routerId).orElse(routerId);
    }

    /** A configuration holding only this section (for {@link ConfigDiff}). */
    CairnConfig asConfig() {
      return new CairnConfig(
          routerId,
          ControlConfig.DEFAULT,
          CairnConfig.DEFAULT_METRICS_LISTEN,
          KernelConfig.DEFAULT,
          List.of(),
          bgp,
          Optional.empty(),
          Optional.empty(),
          policies);
    }
  }

  /** The sockets under the speaker: Netty in cairnd, an in-memory network in tests. */
  interface Wire {
    Transport transport();

    void password(IpAddress neighbor, String password);

    void ttl(IpAddress neighbor, TtlPolicy ttl);

    void listen(IpAddress address, Consumer<Connection> acceptor) throws InterruptedException;

    void close();
  }

  /** The Netty transport of cairnd on {@code loop}. */
  static Wire netty(EventLoop loop, int port) {
    NettyTransport t = new NettyTransport(loop, port);
    return new Wire() {
      @Override
      public Transport transport() {
        return t;
      }

      @Override
      public void password(IpAddress neighbor, String password) {
        t.setPassword(neighbor, password);
      }

      @Override
      public void ttl(IpAddress neighbor, TtlPolicy ttl) {
        t.setTtl(neighbor, ttl);
      }

      @Override
      public void listen(IpAddress address, Consumer<Connection> acceptor)
          throws InterruptedException {
        t.listen(address, acceptor);
      }

      @Override
      public void close() {
        t.close();
      }
    };
  }

  final EventLoop loop;
  final BgpSpeaker speaker;
  private final Wire wire;
  private final BgpRedistribution redistribution;
  private volatile Section running;
  private final Neighbors neighbors;

  /**
   * BGP from {@code first} (which has a {@code bgp} section) on {@code loop}, offering its routes
   * to {@code rib}; not started.
   */
  BgpComponent(EventLoop loop, Wire wire, Rib rib, Section first) {
    BgpConfig b = first.bgp().orElseThrow();
    this.loop = loop;
    this.wire = wire;
    this.running = first;
    DecisionOptions decision =
        new DecisionOptions(
            b.decision().alwaysCompareMed(),
            b.decision().deterministicMed(),
            b.multipath().ebgp(),
            b.multipath().ibgp(),
            b.multipath().asPathRelax());
    // BGP meets the RIB through its channel: its routes go in there, and the channel's export
    // filter (bgp.redistribute) brings other sources' routes out to the export policies
    Channel channel = rib.channel(Source.BGP, Channel.Import.ALL);
    this.speaker =
        new BgpSpeaker(loop, b.asn(), first.bgpRouterId(), wire.transport(), channel, decision);
    this.redistribution = new BgpRedistribution(speaker, rib, channel, loop);
    this.neighbors = new Neighbors(speaker, wire);
  }

  @Override
  public String name() {
    return "bgp";
  }

  @Override
  public Section section(CairnConfig c) {
    return new Section(c.routerId(), c.bgp(), c.policies());
  }

  @Override
  public CairnConfig withSection(CairnConfig c, Section s) {
    return c.withRouterId(s.routerId()).withBgp(s.bgp()).withPolicies(s.policies());
  }

  /** The section in force (any thread). */
  Section running() {
    return running;
  }

  BgpRedistribution redistribution() {
    return redistribution;
  }

  @Override
  public void start(Section s) throws ComponentException {
    BgpConfig b = s.bgp().orElseThrow();
    Map<String, RoutePolicy> policies = Neighbors.compile(s.policies());
    OnLoop.call(
        name(),
        loop,
        APPLY_TIMEOUT,
        () -> {
          speaker.setResolver(redistribution.rib());
          b.clusterId().ifPresent(speaker::setClusterId);
          speaker.setGracefulRestart(b.gracefulRestart().enabled());
          redistribution.start(b);
          neighbors.setPolicies(policies);
          for (NeighborConfig n : b.neighbors()) {
            neighbors.add(b, s.bgpRouterId(), n, false);
            LOG.info(
                "neighbor "
                    + n.address()
                    + " AS "
                    + n.asn()
                    + (n.importPolicy().isEmpty() && n.asn() != b.asn()
                        ? " (no import/export policy: no routes exchanged, RFC 8212)"
                        : ""));
          }
          speaker.start();
          for (NeighborConfig n : b.neighbors()) {
            if (n.shutdown()) {
              speaker.shutdown(n.address(), n.shutdownMessage().orElse("administratively down"));
            }
          }
          b.announce().forEach(speaker::announce);
          return null;
        });
    try {
      wire.listen(b.listen().address(), speaker::accept);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentException(name(), "interrupted while binding the BGP port");
    } catch (RuntimeException e) {
      throw new ComponentException(
          name(), "cannot listen on " + b.listen() + ": " + e.getMessage(), e);
    }
    LOG.info(
        "BGP AS "
            + b.asn()
            + " router-id "
            + s.bgpRouterId()
            + " listening on "
            + b.listen().address()
            + " port "
            + b.listen().port());
  }

  @Override
  public Reconfig plan(Section from, Section to) {
    List<String> restart = needsRestart(from, to);
    if (!restart.isEmpty()) {
      return new Reconfig.Restart(List.of("cairnd"), restart);
    }
    ConfigDiff diff = ConfigDiff.between(from.asConfig(), to.asConfig());
    List<String> resets = new ArrayList<>();
    List<String> soft = new ArrayList<>();
    Set<String> wanted = BgpRedistribution.protocols(to.bgp().get());
    if (!wanted.equals(BgpRedistribution.protocols(from.bgp().get()))) {
      soft.add("bgp redistribute " + wanted);
    }
    diff.policiesAdded().forEach(p -> soft.add("policy " + p + " added"));
    diff.policiesRemoved().forEach(p -> soft.add("policy " + p + " removed"));
    diff.policiesChanged().forEach(p -> soft.add("policy " + p + " changed"));
    for (ConfigDiff.NeighborChange c : diff.neighbors()) {
      switch (c.kind()) {
        case ADDED -> soft.add("neighbor " + c.address() + " added");
        case REMOVED -> soft.add("neighbor " + c.address() + " removed");
        default -> {
          if (c.reset()) {
            resets.add(
                "neighbor " + c.address() + " reset (" + String.join(", ", c.reasons()) + ")");
          } else {
            soft.add(
                "neighbor "
                    + c.address()
                    + " updated in place ("
                    + String.join(", ", c.reasons())
                    + ")"
                    + (c.softIn() ? ", route refresh requested" : "")
                    + (c.softOut() ? ", advertisements re-evaluated" : ""));
          }
        }
      }
    }
    diff.announceRemoved().forEach(p -> soft.add("announce " + p + " withdrawn"));
    diff.announceAdded().forEach(p -> soft.add("announce " + p + " originated"));
    return resets.isEmpty() ? new Reconfig.Soft(soft) : new Reconfig.Restart(resets, soft);
  }

  /** What in the move takes a restart of cairnd (the speaker's own settings); empty: nothing. */
  static List<String> needsRestart(Section from, Section to) {
    List<String> out = new ArrayList<>();
    if (from.bgp().isPresent() != to.bgp().isPresent()) {
      out.add("BGP " + (to.bgp().isPresent() ? "turned on" : "turned off"));
      return out;
    }
    if (from.bgp().isEmpty()) {
      return out;
    }
    BgpConfig a = from.bgp().get();
    BgpConfig b = to.bgp().get();
    check(a.asn() != b.asn(), "bgp.asn", out);
    check(!from.bgpRouterId().equals(to.bgpRouterId()), "the BGP identifier (router-id)", out);
    check(!a.listen().equals(b.listen()), "bgp.listen", out);
    check(!a.multipath().equals(b.multipath()), "bgp.multipath", out);
    check(!a.decision().equals(b.decision()), "bgp.decision", out);
    return out;
  }

  private static void check(boolean changed, String what, List<String> into) {
    if (changed) {
      into.add(what + " changed: takes a restart of cairnd");
    }
  }

  @Override
  public void apply(Section from, Section to, Reconfig plan) throws ComponentException {
    List<String> restart = needsRestart(from, to);
    if (!restart.isEmpty()) {
      throw new ComponentException(name(), String.join("; ", restart));
    }
    if (to.bgp().isEmpty()) {
      running = to;
      return;
    }
    Map<String, RoutePolicy> policies = Neighbors.compile(to.policies()); // (before any change)
    ConfigDiff diff = ConfigDiff.between(from.asConfig(), to.asConfig());
    OnLoop.call(
        name(),
        loop,
        APPLY_TIMEOUT,
        () -> {
          applyOnLoop(diff, to, policies);
          return null;
        });
    running = to;
  }

  /** The BGP part of a reload, on the BGP loop, as {@link ConfigDiff} decided it. */
  private void applyOnLoop(ConfigDiff diff, Section to, Map<String, RoutePolicy> policies) {
    BgpConfig b = to.bgp().get();
    neighbors.setPolicies(policies);
    redistribution.setProtocols(b);
    BgpConfig old = running.bgp().get();
    if (!old.clusterId().equals(b.clusterId())) {
      speaker.setClusterId(b.clusterId().orElse(to.bgpRouterId()));
    }
    if (!old.gracefulRestart().equals(b.gracefulRestart())) {
      speaker.setGracefulRestart(b.gracefulRestart().enabled());
    }
    for (ConfigDiff.NeighborChange c : diff.neighbors()) {
      switch (c.kind()) {
        case ADDED -> neighbors.add(b, to.bgpRouterId(), c.after().get(), true);
        case REMOVED -> neighbors.remove(c.address());
        default -> {
          NeighborConfig n = c.after().get();
          if (c.reset()) {
            neighbors.remove(c.address());
            neighbors.add(b, to.bgpRouterId(), n, true);
          } else {
            neighbors.update(b, to.bgpRouterId(), c.before().get(), n);
          }
        }
      }
    }
    diff.announceRemoved().forEach(speaker::withdraw);
    diff.announceAdded().forEach(speaker::announce);
  }

  /** A neighbor found at run time (the Kubernetes node mesh), on the BGP loop. */
  void addDynamicNeighbor(NeighborConfig n, RoutePolicy importPolicy) {
    Section s = running;
    neighbors.addDynamic(s.bgp().get(), s.bgpRouterId(), n, importPolicy);
  }

  /** New settings for a neighbor found at run time, without a session reset (on the BGP loop). */
  void updateDynamicNeighbor(NeighborConfig n, RoutePolicy importPolicy) {
    Section s = running;
    speaker.updateNeighbor(
        neighbors.neighbor(s.bgp().get(), s.bgpRouterId(), n).withImportPolicy(importPolicy));
  }

  /** Stops BGP with Cease to every neighbor and closes the sockets. */
  @Override
  public void stop() {
    LOG.info("stopping: Cease to every neighbor");
    try {
      OnLoop.call(
          name(),
          loop,
          APPLY_TIMEOUT,
          () -> {
            speaker.stop("cairnd is shutting down");
            return null;
          });
    } catch (ComponentException e) {
      LOG.warning("stopping: " + e.getMessage());
    }
    // the NOTIFICATIONs are queued on the I/O thread now; its graceful shutdown in
    // wire.close() writes them before the sockets close
    wire.close();
  }

  /** The protocols whose routes BGP takes from the RIB now (on the BGP loop). */
  Set<String> redistributed() {
    return new HashSet<>(redistribution.protocols());
  }
}
