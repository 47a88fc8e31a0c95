package dev.cairn.ospf;

import dev.cairn.event.EventLoop.Timer;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.ospf.transport.OspfTransport;
import dev.cairn.ospf.wire.DecodeException;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.OspfPacket;
import dev.cairn.ospf.wire.PacketBody;
import dev.cairn.ospf.wire.PacketBody.DatabaseDescription;
import dev.cairn.ospf.wire.PacketBody.Hello;
import dev.cairn.ospf.wire.PacketBody.LsAck;
import dev.cairn.ospf.wire.PacketBody.LsRequest;
import dev.cairn.ospf.wire.PacketBody.LsUpdate;
import dev.cairn.ospf.wire.PacketCodec;
import dev.cairn.ospf.wire.ReplayGuard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One OSPF interface: the interface state machine (RFC 2328 9.3) for broadcast and point-to-point
 * networks, Hellos (9.5, 10.5), DR/BDR election (9.4), delayed acknowledgments (13.5) and packet
 * authentication.
 */
final class OspfInterface {
  final OspfRouter router;
  final OspfTransport transport;
  InterfaceSettings s; // replaced in place by retune
  final AreaState area;
  final int address;
  final int mask;
  InterfaceState state = InterfaceState.DOWN;
  int dr;
  int bdr;
  final Map<Integer, Neighbor> neighbors = new LinkedHashMap<>();
  private Timer helloTimer;
  private Timer waitTimer;
  private Timer ackTimer;
  private final List<LsaHeader> delayedAcks = new ArrayList<>();
  private final ReplayGuard replay = new ReplayGuard();
  private long cryptoSeq;
  long authFailures;
  private final java.util.Map<String, Integer> dropsLogged = new java.util.HashMap<>();

  OspfInterface(OspfRouter router, OspfTransport transport, InterfaceSettings s, AreaState area) {
    this.router = router;
    this.transport = transport;
    this.s = s;
    this.area = area;
    this.address = transport.address();
    this.mask = Ipv4Prefix.mask(transport.prefixLength());
    this.cryptoSeq = router.cryptoSeqStart;
  }

  String name() {
    return transport.name();
  }

  // --- ISM ---

  void up() {
    if (state != InterfaceState.DOWN) {
      return;
    }
    if (s.passive()) {
      setState(s.pointToPoint() ? InterfaceState.POINT_TO_POINT : InterfaceState.DR_OTHER);
      return;
    }
    transport.setReceiver((src, bytes) -> router.loop.execute(() -> receive(src, bytes)));
    if (s.pointToPoint()) {
      setState(InterfaceState.POINT_TO_POINT);
    } else if (s.priority() == 0) {
      setState(InterfaceState.DR_OTHER);
    } else {
      setState(InterfaceState.WAITING);
      waitTimer = router.loop.schedule(Duration.ofSeconds(s.deadInterval()), this::waitTimer);
    }
    sendHello();
  }

  /**
   * Takes new settings in place: cost, hello and dead intervals, priority, authentication (see
   * {@link Reconfiguration} for why these keep the adjacencies).
   */
  void retune(InterfaceSettings next) {
    InterfaceSettings old = s;
    s = next;
    if (state == InterfaceState.DOWN || s.passive()) {
      return;
    }
    if (next.helloInterval() != old.helloInterval() || next.deadInterval() != old.deadInterval()) {
      if (helloTimer != null) {
        helloTimer.cancel();
      }
      sendHello(); // announces the new intervals and runs on the new period
    }
    if (next.priority() != old.priority()
        && !s.pointToPoint()
        && state.compareTo(InterfaceState.DR_OTHER) >= 0) {
      electDr();
    }
    // the router re-originates its router-LSA (with the cost) after the whole reconfiguration
  }

  void down() {
    for (Neighbor n : new ArrayList<>(neighbors.values())) {
      n.kill();
    }
    for (Timer t : new Timer[] {helloTimer, waitTimer, ackTimer}) {
      if (t != null) {
        t.cancel();
      }
    }
    transport.setReceiver(null);
    transport.setAllDRoutersMember(false);
    dr = bdr = 0;
    setState(InterfaceState.DOWN);
  }

  private void waitTimer() {
    if (state == InterfaceState.WAITING) {
      electDr();
    }
  }

  private void setState(InterfaceState st) {
    InterfaceState old = state;
    if (old == st) {
      return;
    }
    state = st;
    transport.setAllDRoutersMember(st == InterfaceState.DR || st == InterfaceState.BACKUP);
    router.log(name() + " " + old + " -> " + st);
    router.interfaceChanged(this);
  }

  // --- DR election (9.4) ---

  private record Candidate(int rid, int addr, int prio, int dr, int bdr) {}

  void electDr() {
    int oldDr = dr;
    int oldBdr = bdr;
    electOnce();
    boolean wasDr = oldDr == address;
    boolean wasBdr = oldBdr == address;
    if ((dr == address) != wasDr || (bdr == address) != wasBdr) {
      electOnce();
    }
    InterfaceState st =
        dr == address
            ? InterfaceState.DR
            : bdr == address ? InterfaceState.BACKUP : InterfaceState.DR_OTHER;
    if (waitTimer != null) {
      waitTimer.cancel();
      waitTimer = null;
    }
    setState(st);
    if (dr != oldDr || bdr != oldBdr) {
      router.log(name() + " DR " + Ipv4.str(dr) + " BDR " + Ipv4.str(bdr));
      for (Neighbor n : new ArrayList<>(neighbors.values())) {
        if (n.state.compareTo(NeighborState.TWO_WAY) >= 0) {
          n.adjOk();
        }
      }
      router.interfaceChanged(this);
    }
  }

  private void electOnce() {
    List<Candidate> cs = new ArrayList<>();
    if (s.priority() > 0) {
      cs.add(new Candidate(router.routerId, address, s.priority(), dr, bdr));
    }
    for (Neighbor n : neighbors.values()) {
      if (n.state.compareTo(NeighborState.TWO_WAY) >= 0 && n.priority > 0) {
        cs.add(new Candidate(n.routerId, n.address, n.priority, n.declaredDr, n.declaredBdr));
      }
    }
    Candidate newBdr = null;
    boolean anyDeclaredBdr = false;
    for (Candidate c : cs) {
      if (c.dr == c.addr) {
        continue;
      }
      boolean declares = c.bdr == c.addr;
      if (declares && !anyDeclaredBdr) {
        anyDeclaredBdr = true;
        newBdr = c;
      } else if (declares == anyDeclaredBdr && (newBdr == null || better(c, newBdr))) {
        newBdr = c;
      }
    }
    Candidate newDr = null;
    for (Candidate c : cs) {
      if (c.dr == c.addr && (newDr == null || better(c, newDr))) {
        newDr = c;
      }
    }
    if (newDr == null) {
      newDr = newBdr;
    }
    dr = newDr == null ? 0 : newDr.addr;
    bdr = newBdr == null ? 0 : newBdr.addr;
  }

  private static boolean better(Candidate a, Candidate b) {
    if (a.prio != b.prio) {
      return a.prio > b.prio;
    }
    return Integer.compareUnsigned(a.rid, b.rid) > 0;
  }

  /** 10.4: whether an adjacency should be formed with {@code n}. */
  boolean wantsAdjacency(Neighbor n) {
    if (s.pointToPoint()) {
      return true;
    }
    return state == InterfaceState.DR
        || state == InterfaceState.BACKUP
        || n.address == dr
        || n.address == bdr;
  }

  void neighborStateChanged(Neighbor n, NeighborState old, NeighborState now) {
    boolean twoWayChange =
        (old.compareTo(NeighborState.TWO_WAY) >= 0) != (now.compareTo(NeighborState.TWO_WAY) >= 0);
    if (twoWayChange && !s.pointToPoint() && state.compareTo(InterfaceState.DR_OTHER) >= 0) {
      router.loop.execute(this::neighborChange);
    }
    if ((old == NeighborState.FULL) != (now == NeighborState.FULL)) {
      router.adjacencyChanged(this);
    }
    if (now == NeighborState.DOWN) {
      replay.forget(n.routerId);
    }
  }

  private void neighborChange() {
    if (state.compareTo(InterfaceState.DR_OTHER) >= 0 && !s.pointToPoint()) {
      electDr();
    }
  }

  void neighborGone(Neighbor n) {
    neighbors.remove(n.address);
  }

  // --- packets ---

  byte[] encode(PacketBody body) {
    return PacketCodec.encode(
        new OspfPacket(router.routerId, area.id, body), s.auth(), cryptoSeq++);
  }

  byte[] reencode(byte[] packet) {
    try {
      return encode(PacketCodec.decode(packet, s.auth()).packet().body());
    } catch (DecodeException e) {
      return packet;
    }
  }

  void sendHello() {
    if (state == InterfaceState.DOWN || s.passive()) {
      return;
    }
    List<Integer> seen = new ArrayList<>();
    for (Neighbor n : neighbors.values()) {
      if (n.state.compareTo(NeighborState.INIT) >= 0) {
        seen.add(n.routerId);
      }
    }
    Hello h =
        new Hello(
            s.pointToPoint() ? 0 : mask,
            s.helloInterval(),
            area.options(),
            s.priority(),
            s.deadInterval(),
            dr,
            bdr,
            seen);
    transport.send(OspfTransport.ALL_SPF_ROUTERS, encode(h));
    helloTimer = router.loop.schedule(Duration.ofSeconds(s.helloInterval()), this::sendHello);
  }

  /** Where flooded updates and delayed acks go (13.3, 13.5). */
  int floodDestination() {
    return s.pointToPoint() || state == InterfaceState.DR || state == InterfaceState.BACKUP
        ? OspfTransport.ALL_SPF_ROUTERS
        : OspfTransport.ALL_D_ROUTERS;
  }

  void sendUpdate(int destination, List<Lsa> lsas) {
    if (lsas.isEmpty()) {
      return;
    }
    // split so that each packet stays within the MTU
    List<Lsa> chunk = new ArrayList<>();
    int size = 0;
    for (Lsa l : lsas) {
      if (!chunk.isEmpty() && size + l.header().length() > transport.mtu() - 20 - 28 - 64) {
        transport.send(destination, encode(new LsUpdate(chunk)));
        chunk = new ArrayList<>();
        size = 0;
      }
      chunk.add(l);
      size += l.header().length();
    }
    transport.send(destination, encode(new LsUpdate(chunk)));
  }

  void delayedAck(LsaHeader h) {
    delayedAcks.add(h);
    if (ackTimer == null) {
      ackTimer = router.loop.schedule(Duration.ofSeconds(1), this::flushAcks);
    }
  }

  private void flushAcks() {
    ackTimer = null;
    if (delayedAcks.isEmpty() || state == InterfaceState.DOWN) {
      delayedAcks.clear();
      return;
    }
    int max = (transport.mtu() - 20 - 24 - 64) / LsaHeader.SIZE;
    for (int i = 0; i < delayedAcks.size(); i += max) {
      List<LsaHeader> part = delayedAcks.subList(i, Math.min(delayedAcks.size(), i + max));
      transport.send(floodDestination(), encode(new LsAck(new ArrayList<>(part))));
    }
    delayedAcks.clear();
  }

  void directAck(Neighbor n, LsaHeader h) {
    transport.send(n.address, encode(new LsAck(List.of(h))));
  }

  private void receive(int src, byte[] bytes) {
    if (state == InterfaceState.DOWN) {
      return;
    }
    PacketCodec.Decoded d;
    try {
      d = PacketCodec.decode(bytes, s.auth());
      if (d.cryptoSequence() >= 0) {
        replay.check(d.packet().routerId(), d.cryptoSequence());
      }
    } catch (DecodeException e) {
      authFailures++;
      // the first drop of a kind from a source is logged, then one in a hundred: a neighbor
      // with the wrong key sends a packet a second and must not flood the journal
      String why = Ipv4.str(src) + ": " + e.kind();
      int seen = dropsLogged.merge(why, 1, Integer::sum);
      if (seen == 1 || seen % 100 == 0) {
        router.log(
            name()
                + " dropped packet from "
                + Ipv4.str(src)
                + ": "
                + e.getMessage()
                + (seen > 1 ? " (" + seen + " so far)" : ""));
      }
      return;
    }
    OspfPacket p = d.packet();
    if (p.areaId() != area.id || p.routerId() == router.routerId) {
      return;
    }
    if (p.body() instanceof Hello h) {
      receiveHello(src, p.routerId(), h);
      return;
    }
    Neighbor n = neighbors.get(src);
    if (n == null || n.routerId != p.routerId()) {
      return;
    }
    router.packetsIn++;
    if (p.body() instanceof DatabaseDescription dd) {
      n.receiveDd(dd);
    } else if (p.body() instanceof LsRequest r) {
      n.receiveRequest(r);
    } else if (p.body() instanceof LsUpdate u) {
      if (n.state.compareTo(NeighborState.EXCHANGE) >= 0) {
        router.flooding.receiveUpdate(n, u);
      }
    } else if (p.body() instanceof LsAck a) {
      if (n.state.compareTo(NeighborState.EXCHANGE) >= 0) {
        for (LsaHeader h : a.headers()) {
          n.ackReceived(h);
        }
        router.wrap.check();
      }
    }
  }

  private void receiveHello(int src, int rid, Hello h) {
    if (!s.pointToPoint() && h.networkMask() != mask) {
      return;
    }
    if (h.helloInterval() != s.helloInterval()
        || h.deadInterval() != s.deadInterval()
        || (h.options() & 0x02) != area.options()) {
      return;
    }
    Neighbor n = neighbors.get(src);
    if (n == null) {
      n = new Neighbor(this, src, rid);
      neighbors.put(src, n);
    }
    n.routerId = rid;
    int oldPrio = n.priority;
    int oldDr = n.declaredDr;
    int oldBdr = n.declaredBdr;
    n.priority = h.priority();
    n.declaredDr = h.designatedRouter();
    n.declaredBdr = h.backupDesignatedRouter();
    n.helloReceived();
    if (h.neighbors().contains(router.routerId)) {
      n.twoWayReceived();
    } else {
      n.oneWayReceived();
      return;
    }
    if (s.pointToPoint()) {
      return;
    }
    boolean change = oldPrio != n.priority;
    if (state == InterfaceState.WAITING) {
      if ((n.declaredBdr == src) || (n.declaredDr == src && n.declaredBdr == 0)) {
        router.loop.execute(this::backupSeen);
      }
    }
    if ((n.declaredDr == src) != (oldDr == src) || (n.declaredBdr == src) != (oldBdr == src)) {
      change = true;
    }
    if (change) {
      router.loop.execute(this::neighborChange);
    }
  }

  private void backupSeen() {
    if (state == InterfaceState.WAITING) {
      electDr();
    }
  }

  /** Neighbors in state Full. */
  List<Neighbor> fullNeighbors() {
    List<Neighbor> out = new ArrayList<>();
    for (Neighbor n : neighbors.values()) {
      if (n.state == NeighborState.FULL) {
        out.add(n);
      }
    }
    return out;
  }
}
