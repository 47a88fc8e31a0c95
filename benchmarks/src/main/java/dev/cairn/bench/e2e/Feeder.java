package dev.cairn.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast feeder: one session per local address, each pre-encoded before the clock starts.
 * Commands on stdin: {@code go} streams every feeder's announcements (all sessions in parallel) and
 * End-of-RIB, {@code withdraw} withdraws everything, {@code quit} closes. Events: {@code READY},
 * {@code FIRST t}, {@code SENT t bytes}, {@code WFIRST t}, {@code WSENT t}, {@code FAIL ...}.
 *
 * <p>Options: peer, port (179), locals (comma-separated), asn-base (65101: feeder k has asn-base +
 * k), n, mode ({@code distinct}: the feeders split 0..n-1; {@code same}: each sends all n), family
 * (ipv4|ipv6).
 */
final class Feeder {
  /** UPDATEs the DUT sent back to the feeders (only End-of-RIB markers are expected). */
  private static final java.util.concurrent.atomic.AtomicLong RECEIVED =
      new java.util.concurrent.atomic.AtomicLong();

  private Feeder() {}

  static void run(Map<String, String> o) throws Exception {
    String peer = o.get("peer");
    int port = Integer.parseInt(o.getOrDefault("port", "179"));
    String[] locals = o.get("locals").split(",");
    long asnBase = Long.parseLong(o.getOrDefault("asn-base", "65101"));
    int n = Integer.parseInt(o.get("n"));
    boolean same = o.getOrDefault("mode", "distinct").equals("same");
    PrefixSpace space = PrefixSpace.of(o.getOrDefault("family", "ipv4"));
    int f = locals.length;

    long t0 = System.nanoTime();
    byte[][] announce = new byte[f][];
    byte[][] withdraw = new byte[f][];
    long total = 0;
    for (int k = 0; k < f; k++) {
      int from = same ? 0 : (int) ((long) n * k / f);
      int to = same ? n : (int) ((long) n * (k + 1) / f);
      byte[] nh = InetAddress.getByName(locals[k]).getAddress();
      FeedEncoder enc = new FeedEncoder(space, asnBase + k, nh);
      announce[k] = enc.announce(from, to);
      withdraw[k] = enc.withdraw(from, to);
      total += announce[k].length;
    }
    Tool.event("ENCODED " + total + " bytes in " + (System.nanoTime() - t0) / 1_000_000 + " ms");

    long deadline = System.nanoTime() + 120_000_000_000L;
    List<BgpSession> sessions = new ArrayList<>();
    List<Thread> opening = new ArrayList<>();
    String[] errors = new String[f];
    for (int k = 0; k < f; k++) {
      int kk = k;
      sessions.add(null);
      Thread t =
          new Thread(
              () -> {
                try {
                  BgpSession s =
                      BgpSession.connect("feeder" + kk, locals[kk], peer, port, deadline);
                  s.establish(asnBase + kk, new byte[] {(byte) 203, 0, 113, (byte) (10 + kk)});
                  s.startReader(
                      (type, body, len) -> {
                        if (type == Wire.UPDATE) {
                          RECEIVED.incrementAndGet();
                        }
                      });
                  synchronized (sessions) {
                    sessions.set(kk, s);
                  }
                } catch (IOException | InterruptedException e) {
                  errors[kk] = e.toString();
                }
              });
      t.start();
      opening.add(t);
    }
    for (Thread t : opening) {
      t.join();
    }
    for (int k = 0; k < f; k++) {
      if (errors[k] != null) {
        Tool.event("FAIL feeder" + k + " " + errors[k]);
        System.exit(1);
      }
    }
    Tool.event("READY " + f);

    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String cmd;
    while ((cmd = stdin.readLine()) != null) {
      cmd = cmd.trim();
      if (cmd.equals("go")) {
        Tool.event("FIRST " + System.nanoTime());
        streamAll(sessions, announce);
        Tool.event("SENT " + System.nanoTime() + " " + total);
      } else if (cmd.equals("withdraw")) {
        Tool.event("WFIRST " + System.nanoTime());
        streamAll(sessions, withdraw);
        Tool.event("WSENT " + System.nanoTime());
      } else if (cmd.equals("quit")) {
        Tool.event("RECEIVED " + RECEIVED.get() + " UPDATEs from the peer");
        break;
      }
    }
    for (BgpSession s : sessions) {
      s.close();
    }
    System.exit(0);
  }

  private static void streamAll(List<BgpSession> sessions, byte[][] data)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (int k = 0; k < sessions.size(); k++) {
      BgpSession s = sessions.get(k);
      byte[] d = data[k];
      Thread t =
          new Thread(
              () -> {
                try {
                  s.stream(d);
                } catch (IOException e) {
                  Tool.event("FAIL write " + e.getMessage());
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
