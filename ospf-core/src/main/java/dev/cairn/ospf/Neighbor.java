package dev.cairn.ospf;

import dev.cairn.event.EventLoop.Timer;
import dev.cairn.ospf.wire.Ipv4;
import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.LsaKey;
import dev.cairn.ospf.wire.LsaType;
import dev.cairn.ospf.wire.PacketBody.DatabaseDescription;
import dev.cairn.ospf.wire.PacketBody.LsRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One neighbor on one interface: the neighbor state machine (RFC 2328 10.3), the database exchange
 * (10.6, 10.8), link state requests (10.9) and its retransmission list (13.3, 13.6).
 */
final class Neighbor {
  static final int RXMT_SECONDS = 5;

  final OspfInterface iface;
  final int address;
  int routerId;
  int priority;
  int declaredDr;
  int declaredBdr;
  int options;
  NeighborState state = NeighborState.DOWN;

  boolean master;
  int ddSeq;
  private boolean lastSentMore;
  private DatabaseDescription lastReceived;
  private byte[] lastSentDd;
  private final ArrayDeque<LsaHeader> summary = new ArrayDeque<>();
  final Map<LsaKey, LsaHeader> requests = new LinkedHashMap<>();
  final Map<LsaKey, Lsa> retransmit = new LinkedHashMap<>();
  private final java.util.Set<LsaKey> batch = new java.util.HashSet<>();

  private Timer inactivity;
  private Timer ddRxmt;
  private Timer lsrRxmt;
  private Timer lsuRxmt;

  Neighbor(OspfInterface iface, int address, int routerId) {
    this.iface = iface;
    this.address = address;
    this.routerId = routerId;
  }

  private OspfRouter router() {
    return iface.router;
  }

  // --- events ---

  void helloReceived() {
    if (inactivity != null) {
      inactivity.cancel();
    }
    inactivity =
        router().loop.schedule(Duration.ofSeconds(iface.s.deadInterval()), this::inactivityTimer);
    if (state == NeighborState.DOWN) {
      setState(NeighborState.INIT);
    }
  }

  void twoWayReceived() {
    if (state != NeighborState.INIT) {
      return;
    }
    if (iface.wantsAdjacency(this)) {
      startExStart();
    } else {
      setState(NeighborState.TWO_WAY);
    }
  }

  void oneWayReceived() {
    if (state.compareTo(NeighborState.TWO_WAY) >= 0) {
      clearLists();
      setState(NeighborState.INIT);
    }
  }

  /** AdjOK? (10.3): start or tear down the adjacency after a DR change. */
  void adjOk() {
    if (state == NeighborState.TWO_WAY && iface.wantsAdjacency(this)) {
      startExStart();
    } else if (state.compareTo(NeighborState.EX_START) >= 0 && !iface.wantsAdjacency(this)) {
      clearLists();
      setState(NeighborState.TWO_WAY);
    }
  }

  void inactivityTimer() {
    kill();
  }

  void kill() {
    clearLists();
    if (inactivity != null) {
      inactivity.cancel();
    }
    setState(NeighborState.DOWN);
    iface.neighborGone(this);
  }

  private void seqNumberMismatch(String why) {
    router().log("neighbor " + Ipv4.str(routerId) + ": SeqNumberMismatch/BadLSReq (" + why + ")");
    clearLists();
    startExStart();
  }

  // --- database exchange ---

  private void startExStart() {
    setState(NeighborState.EX_START);
    ddSeq = ddSeq == 0 ? (int) (router().loop.nanoTime() / 1000) | 1 : ddSeq + 1;
    master = true;
    lastReceived = null;
    sendDd(
        DatabaseDescription.FLAG_I | DatabaseDescription.FLAG_M | DatabaseDescription.FLAG_MS,
        List.of());
  }

  void receiveDd(DatabaseDescription d) {
    if (d.interfaceMtu() > iface.transport.mtu()) {
      return; // 10.6: MTU mismatch, drop
    }
    switch (state) {
      case DOWN, TWO_WAY -> {
        return;
      }
      case INIT -> {
        twoWayReceivedFromDd();
        if (state != NeighborState.EX_START) {
          return;
        }
        exStart(d);
      }
      case EX_START -> exStart(d);
      case EXCHANGE -> exchange(d);
      default -> {
        // Loading/Full: only duplicates are legal
        if (isDuplicate(d)) {
          if (!master) {
            resendLastDd();
          }
        } else {
          seqNumberMismatch("DD in " + state);
        }
      }
    }
  }

  private void twoWayReceivedFromDd() {
    twoWayReceived();
  }

  private void exStart(DatabaseDescription d) {
    int f = d.flags();
    boolean imms =
        (f & 7) == 7
            && d.headers().isEmpty()
            && Integer.compareUnsigned(routerId, router().routerId) > 0;
    boolean slaveAck =
        (f & (DatabaseDescription.FLAG_I | DatabaseDescription.FLAG_MS)) == 0
            && d.ddSequence() == ddSeq
            && Integer.compareUnsigned(routerId, router().routerId) < 0;
    if (imms) {
      master = false;
      ddSeq = d.ddSequence();
    } else if (slaveAck) {
      master = true;
    } else {
      return;
    }
    options = d.options();
    negotiationDone();
    if (master) {
      // the slave's packet acknowledges our initial DD and may carry headers
      exchangeAsMaster(d);
    } else {
      lastReceived = d;
      sendNextDd();
    }
  }

  private void negotiationDone() {
    setState(NeighborState.EXCHANGE);
    summary.clear();
    long now = router().loop.nanoTime();
    for (Lsdb db : router().scopesFor(iface.area)) {
      for (Lsdb.Entry e : db.entries()) {
        Lsa l = e.current(now);
        if (l.header().age() >= LsaHeader.MAX_AGE) {
          addRetransmit(l); // 10.3 NegotiationDone: MaxAge LSAs go on the retransmission list
        } else {
          summary.add(l.header());
        }
      }
    }
  }

  private boolean isDuplicate(DatabaseDescription d) {
    DatabaseDescription p = lastReceived;
    return p != null
        && p.ddSequence() == d.ddSequence()
        && p.flags() == d.flags()
        && p.options() == d.options();
  }

  private void exchange(DatabaseDescription d) {
    if (isDuplicate(d)) {
      if (!master) {
        resendLastDd();
      }
      return;
    }
    boolean ms = (d.flags() & DatabaseDescription.FLAG_MS) != 0;
    if (ms == master || (d.flags() & DatabaseDescription.FLAG_I) != 0) {
      seqNumberMismatch("MS/I bits");
      return;
    }
    if (lastReceived != null && d.options() != lastReceived.options()) {
      seqNumberMismatch("options changed");
      return;
    }
    if (master) {
      if (d.ddSequence() != ddSeq) {
        seqNumberMismatch("sequence " + d.ddSequence() + " != " + ddSeq);
        return;
      }
      exchangeAsMaster(d);
    } else {
      if (d.ddSequence() != ddSeq + 1) {
        seqNumberMismatch("sequence");
        return;
      }
      ddSeq = d.ddSequence();
      if (!takeHeaders(d)) {
        return;
      }
      lastReceived = d;
      sendNextDd();
      if ((d.flags() & DatabaseDescription.FLAG_M) == 0 && !lastSentMore) {
        exchangeDone();
      }
    }
  }

  private void exchangeAsMaster(DatabaseDescription d) {
    if (!takeHeaders(d)) {
      return;
    }
    lastReceived = d;
    if (ddRxmt != null) {
      ddRxmt.cancel();
    }
    boolean sentAll = lastSentDd != null && !lastSentMore && state == NeighborState.EXCHANGE;
    boolean first = (lastSentFlags & DatabaseDescription.FLAG_I) != 0;
    ddSeq++;
    if (!first && sentAll && (d.flags() & DatabaseDescription.FLAG_M) == 0) {
      exchangeDone();
    } else {
      sendNextDd();
    }
  }

  private int lastSentFlags;

  /** Adds to the request list what the neighbor has and we lack; false on a bad LSA type. */
  private boolean takeHeaders(DatabaseDescription d) {
    for (LsaHeader h : d.headers()) {
      if (h.type() < LsaType.ROUTER || h.type() > LsaType.AS_EXTERNAL) {
        seqNumberMismatch("LS type " + h.type());
        return false;
      }
      if (h.type() == LsaType.AS_EXTERNAL && iface.area.stub) {
        seqNumberMismatch("AS-external in a stub area");
        return false;
      }
      if (SequenceWrap.reserved(h)) {
        continue; // 12.1.6: the reserved sequence number, not requested
      }
      Lsdb.Entry e = router().scope(iface.area, h.type()).get(h.key());
      if (e == null
          && h.type() == LsaType.AS_EXTERNAL
          && h.advRouter() != router().routerId
          && !router().externalLimit.admitNew()) {
        continue; // over max-external-lsas: not requested (ExternalLimit)
      }
      if (e == null
          || h.compareInstance(e.lsa().header().withAge(e.age(router().loop.nanoTime()))) > 0) {
        requests.put(h.key(), h);
      }
    }
    return true;
  }

  private void sendNextDd() {
    int max = Math.max(1, (iface.transport.mtu() - 20 - 24 - 8 - 64) / LsaHeader.SIZE);
    List<LsaHeader> hs = new ArrayList<>();
    long now = router().loop.nanoTime();
    while (!summary.isEmpty() && hs.size() < max) {
      LsaHeader h = summary.poll();
      Lsdb.Entry e = router().scope(iface.area, h.type()).get(h.key());
      if (e != null) {
        hs.add(e.current(now).header());
      }
    }
    boolean more = !summary.isEmpty();
    int flags =
        (more ? DatabaseDescription.FLAG_M : 0) | (master ? DatabaseDescription.FLAG_MS : 0);
    sendDd(flags, hs);
  }

  private void sendDd(int flags, List<LsaHeader> hs) {
    lastSentFlags = flags;
    lastSentMore = (flags & DatabaseDescription.FLAG_M) != 0;
    DatabaseDescription dd =
        new DatabaseDescription(iface.transport.mtu(), iface.area.options(), flags, ddSeq, hs);
    lastSentDd = iface.encode(dd);
    iface.transport.send(address, lastSentDd);
    if (ddRxmt != null) {
      ddRxmt.cancel();
      ddRxmt = null;
    }
    if (master) {
      ddRxmt = router().loop.schedule(Duration.ofSeconds(RXMT_SECONDS), this::ddRetransmit);
    }
  }

  private void ddRetransmit() {
    ddRxmt = null;
    if (master && (state == NeighborState.EX_START || state == NeighborState.EXCHANGE)) {
      resendLastDd();
      ddRxmt = router().loop.schedule(Duration.ofSeconds(RXMT_SECONDS), this::ddRetransmit);
    }
  }

  private void resendLastDd() {
    if (lastSentDd != null) {
      // re-encode to refresh the cryptographic sequence number
      iface.transport.send(address, iface.reencode(lastSentDd));
    }
  }

  private void exchangeDone() {
    if (ddRxmt != null) {
      ddRxmt.cancel();
      ddRxmt = null;
    }
    if (requests.isEmpty()) {
      setState(NeighborState.FULL);
    } else {
      setState(NeighborState.LOADING);
      sendRequests();
    }
  }

  // --- requests ---

  private void sendRequests() {
    if (lsrRxmt != null) {
      lsrRxmt.cancel();
      lsrRxmt = null;
    }
    if (requests.isEmpty()) {
      return;
    }
    int max = Math.max(1, (iface.transport.mtu() - 20 - 24 - 64) / 12);
    List<LsaKey> ks = new ArrayList<>();
    batch.clear();
    for (LsaKey k : requests.keySet()) {
      if (ks.size() >= max) {
        break;
      }
      ks.add(k);
      batch.add(k);
    }
    iface.transport.send(address, iface.encode(new LsRequest(ks)));
    lsrRxmt = router().loop.schedule(Duration.ofSeconds(RXMT_SECONDS), this::sendRequests);
  }

  void receiveRequest(LsRequest r) {
    if (state.compareTo(NeighborState.EXCHANGE) < 0) {
      return;
    }
    List<Lsa> out = new ArrayList<>();
    long now = router().loop.nanoTime();
    for (LsaKey k : r.requests()) {
      Lsdb.Entry e = router().scope(iface.area, k.type()).get(k);
      if (e == null) {
        seqNumberMismatch("BadLSReq " + k);
        return;
      }
      out.add(Flooding.aged(e.current(now)));
    }
    iface.sendUpdate(address, out);
  }

  /** A received LSA instance answers a request: drop it, and finish Loading when none is left. */
  void requestSatisfied(LsaKey key) {
    if (requests.remove(key) == null) {
      return;
    }
    if (requests.isEmpty()) {
      batch.clear();
      if (lsrRxmt != null) {
        lsrRxmt.cancel();
        lsrRxmt = null;
      }
      if (state == NeighborState.LOADING) {
        setState(NeighborState.FULL);
      }
      return;
    }
    if (batch.remove(key) && batch.isEmpty() && !requests.isEmpty()) {
      sendRequests(); // the outstanding batch is answered: ask for the next one
    }
  }

  // --- retransmission ---

  void addRetransmit(Lsa lsa) {
    retransmit.put(lsa.key(), lsa);
    if (lsuRxmt == null) {
      lsuRxmt = router().loop.schedule(Duration.ofSeconds(RXMT_SECONDS), this::retransmitLsas);
    }
  }

  void ackReceived(LsaHeader h) {
    Lsa l = retransmit.get(h.key());
    if (l != null && l.header().compareInstance(h) == 0) {
      retransmit.remove(h.key());
    } else if (l != null && l.header().seq() == h.seq() && l.header().checksum() == h.checksum()) {
      retransmit.remove(h.key());
    }
  }

  private void retransmitLsas() {
    lsuRxmt = null;
    if (retransmit.isEmpty() || state.compareTo(NeighborState.EXCHANGE) < 0) {
      return;
    }
    List<Lsa> out = new ArrayList<>();
    long now = router().loop.nanoTime();
    int bytes = 0;
    for (Lsa l : retransmit.values()) {
      Lsdb.Entry e = router().scope(iface.area, l.header().type()).get(l.key());
      Lsa cur = e != null && e.lsa().header().compareInstance(l.header()) == 0 ? e.current(now) : l;
      out.add(Flooding.aged(cur));
      bytes += l.header().length();
      if (bytes > iface.transport.mtu() - 200) {
        break;
      }
    }
    iface.sendUpdate(address, out);
    lsuRxmt = router().loop.schedule(Duration.ofSeconds(RXMT_SECONDS), this::retransmitLsas);
  }

  // --- helpers ---

  private void clearLists() {
    summary.clear();
    requests.clear();
    retransmit.clear();
    batch.clear();
    lastReceived = null;
    for (Timer t : new Timer[] {ddRxmt, lsrRxmt, lsuRxmt}) {
      if (t != null) {
        t.cancel();
      }
    }
    ddRxmt = lsrRxmt = lsuRxmt = null;
  }

  private void setState(NeighborState s) {
    NeighborState old = state;
    if (old == s) {
      return;
    }
    state = s;
    router().log(iface.name() + " neighbor " + Ipv4.str(routerId) + " " + old + " -> " + s);
    iface.neighborStateChanged(this, old, s);
  }
}
