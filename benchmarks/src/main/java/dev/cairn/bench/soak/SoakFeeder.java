package dev.cairn.bench.soak;

import dev.cairn.bench.e2e.BgpSession;
import dev.cairn.bench.e2e.FeedEncoder;
import dev.cairn.bench.e2e.PrefixSpace;
import dev.cairn.bench.e2e.Tool;
import dev.cairn.bench.e2e.Wire;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One soak feeder session, driven by numbered commands on stdin, each answered by {@code DONE seq
 * nanos} (or {@code FAIL ...}): {@code seq up} opens the session (retrying while the peer refuses),
 * {@code seq announce FROM TO MEDOFFSET} streams prefixes [FROM, TO) in the e2e feed's UPDATEs with
 * MED offset by MEDOFFSET (other attribute sets for the same prefixes), {@code seq withdraw FROM
 * TO} withdraws them, {@code seq down} sends a Cease NOTIFICATION (administrative shutdown) and
 * closes the connection, {@code quit} ends the process.
 *
 * <p>Options: peer, local, port (179), asn, family (ipv4|ipv6).
 */
public final class SoakFeeder {
  private static final int CEASE = 6;
  private static final int ADMINISTRATIVE_SHUTDOWN = 2;

  private SoakFeeder() {}

  /**
   * Connects and establishes, again while the peer refuses (a NOTIFICATION during the OPEN
   * exchange, as while it holds the previous session's end), for up to five minutes.
   */
  private static BgpSession open(String local, String peer, int port, long asn, byte[] routerId)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 300_000_000_000L;
    while (true) {
      BgpSession s = BgpSession.connect("feeder-" + asn, local, peer, port, deadline);
      try {
        s.establish(asn, routerId);
        s.startReader((type, body, len) -> {});
        return s;
      } catch (IOException e) {
        s.close();
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String peer = o.get("peer");
    String local = o.get("local");
    int port = Integer.parseInt(o.getOrDefault("port", "179"));
    long asn = Long.parseLong(o.get("asn"));
    PrefixSpace space = PrefixSpace.of(o.getOrDefault("family", "ipv4"));
    byte[] nh = InetAddress.getByName(local).getAddress();
    byte[] routerId = {(byte) 203, 0, 113, (byte) (asn % 200 + 20)};
    Map<Long, FeedEncoder> encoders = new HashMap<>();
    BgpSession session = null;
    Tool.event("READY");
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      String[] w = line.trim().split("\\s+");
      if (w[0].equals("quit")) {
        break;
      }
      String seq = w[0];
      try {
        switch (w[1]) {
          case "up" -> {
            if (session != null) {
              session.close();
            }
            session = open(local, peer, port, asn, routerId);
          }
          case "announce" -> {
            long med = Long.parseLong(w[4]);
            FeedEncoder enc =
                encoders.computeIfAbsent(med, m -> new FeedEncoder(space, asn, nh, m));
            session.stream(enc.announce(Integer.parseInt(w[2]), Integer.parseInt(w[3])));
            if (encoders.size() > 4) {
              encoders.clear(); // the churn's offsets change every cycle
            }
          }
          case "withdraw" ->
              session.stream(
                  new FeedEncoder(space, asn, nh, 0)
                      .withdraw(Integer.parseInt(w[2]), Integer.parseInt(w[3])));
          case "down" -> {
            session.closeWith(Wire.notification(CEASE, ADMINISTRATIVE_SHUTDOWN));
            session = null;
          }
          default -> throw new IOException("unknown command " + line);
        }
        if (session != null && session.failure() != null) {
          throw new IOException(session.failure());
        }
        Tool.event("DONE " + seq + " " + System.nanoTime());
      } catch (IOException | RuntimeException e) {
        Tool.event("FAIL " + seq + " " + e);
      }
    }
    if (session != null) {
      session.close();
    }
    System.exit(0);
  }
}
