package dev.cairn.bench.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.BitSet;
import java.util.Map;

/**
 * The counting receiver: decodes every UPDATE (IPv4 NLRI and withdrawn routes, MP_REACH_NLRI and
 * MP_UNREACH_NLRI) into a bit per benchmark prefix and reports {@code FULL t} when it holds all
 * {@code n}, {@code EMPTY t} when it holds none again afterwards, and every 200 ms (when anything
 * changed) {@code P count updates lastUpdateNanos}. Active ({@code receive}: connects to peer) or
 * passive ({@code sink}: accepts any number of sessions on port, for the feeder's ceiling).
 *
 * <p>Options: peer, local, port (179), asn (65200), n, family (ipv4|ipv6).
 */
final class Receiver {
  private final PrefixSpace space;
  private final int target;
  private final BitSet held = new BitSet();
  private int count;
  private long updates;
  private volatile long lastUpdate;
  private boolean full;
  private boolean empty;

  Receiver(PrefixSpace space, int target) {
    this.space = space;
    this.target = target;
  }

  static void run(Map<String, String> o, boolean sink) throws Exception {
    PrefixSpace space = PrefixSpace.of(o.getOrDefault("family", "ipv4"));
    int n = Integer.parseInt(o.get("n"));
    long asn = Long.parseLong(o.getOrDefault("asn", "65200"));
    int port = Integer.parseInt(o.getOrDefault("port", "179"));
    byte[] rid = {(byte) 203, 0, 113, 2};
    Receiver r = new Receiver(space, n);
    Thread reporter = new Thread(r::report, "reporter");
    reporter.setDaemon(true);
    reporter.start();
    if (sink) {
      ServerSocket server = new ServerSocket();
      server.bind(
          new InetSocketAddress(InetAddress.getByName(o.getOrDefault("local", "::")), port));
      Tool.event("LISTENING " + port);
      int i = 0;
      while (true) {
        Socket s = server.accept();
        BgpSession session = BgpSession.accepted("sink" + i++, s);
        new Thread(
                () -> {
                  try {
                    session.establish(asn, rid);
                    session.startReader(r::message);
                    Tool.event("ESTABLISHED " + session);
                  } catch (Exception e) {
                    Tool.event("FAIL sink " + e);
                  }
                })
            .start();
      }
    }
    long deadline = System.nanoTime() + 120_000_000_000L;
    BgpSession s = BgpSession.connect("receiver", o.get("local"), o.get("peer"), port, deadline);
    s.establish(asn, rid);
    s.startReader(r::message);
    Tool.event("ESTABLISHED");
    Thread.currentThread().join(); // runs until killed
  }

  /** Prefixes held now. */
  synchronized int count() {
    return count;
  }

  synchronized void message(int type, byte[] b, int len) {
    if (type != Wire.UPDATE) {
      return;
    }
    updates++;
    lastUpdate = System.nanoTime();
    int wlen = Wire.u16(b, 0);
    walk(b, 2, 2 + wlen, PrefixSpace.IPV4, false);
    int aoff = 2 + wlen + 2;
    int aend = aoff + Wire.u16(b, 2 + wlen);
    int p = aoff;
    while (p < aend) {
      int flags = b[p] & 0xff;
      int code = b[p + 1] & 0xff;
      int alen;
      int v;
      if ((flags & 0x10) != 0) {
        alen = Wire.u16(b, p + 2);
        v = p + 4;
      } else {
        alen = b[p + 2] & 0xff;
        v = p + 3;
      }
      if (code == 14) { // MP_REACH_NLRI: afi, safi, nh len, nh, reserved, nlri
        int afi = Wire.u16(b, v);
        int nhlen = b[v + 3] & 0xff;
        walk(b, v + 4 + nhlen + 1, v + alen, afi == 2 ? PrefixSpace.IPV6 : PrefixSpace.IPV4, true);
      } else if (code == 15) { // MP_UNREACH_NLRI: afi, safi, withdrawn
        int afi = Wire.u16(b, v);
        walk(b, v + 3, v + alen, afi == 2 ? PrefixSpace.IPV6 : PrefixSpace.IPV4, false);
      }
      p = v + alen;
    }
    walk(b, aend, len, PrefixSpace.IPV4, true);
    if (!full && count == target) {
      full = true;
      Tool.event("FULL " + lastUpdate);
    } else if (full && !empty && count == 0) {
      empty = true;
      Tool.event("EMPTY " + lastUpdate);
    }
  }

  private void walk(byte[] b, int p, int end, PrefixSpace family, boolean add) {
    while (p < end) {
      int plen = b[p] & 0xff;
      int nbytes = (plen + 7) >>> 3;
      if (family == space) {
        int i = space.index(b, p + 1, plen);
        if (i >= 0) {
          if (add) {
            if (!held.get(i)) {
              held.set(i);
              count++;
            }
          } else if (held.get(i)) {
            held.clear(i);
            count--;
          }
        }
      }
      p += 1 + nbytes;
    }
  }

  private void report() {
    long lastSeen = -1;
    long lastCount = -1;
    while (true) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
      long u;
      int c;
      synchronized (this) {
        u = updates;
        c = count;
      }
      if (u != lastSeen || c != lastCount) {
        lastSeen = u;
        lastCount = c;
        Tool.event("P " + c + " " + u + " " + lastUpdate);
      }
    }
  }
}
