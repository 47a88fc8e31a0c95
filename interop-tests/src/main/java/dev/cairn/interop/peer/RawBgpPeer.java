package dev.cairn.interop.peer;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A BGP speaker made of a plain socket, for tests that must send what no real speaker sends (a
 * LOCAL_PREF over eBGP, 2,000 ASes in a path): it opens the session (OPEN with 4-octet AS and
 * Multiprotocol IPv4 unicast, then KEEPALIVEs every hold time / 3 from a timer), then sends exactly
 * the bytes it is given ({@link Octets} builds them) and records every message it receives. It
 * watches the negotiated hold time itself: a neighbor whose routing loop stalls stops sending
 * KEEPALIVEs, and the peer says so ({@link #holdExpired()}).
 *
 * <p>{@link #main} runs one in a network namespace ({@code ip netns exec NS java ... RawBgpPeer}):
 * commands on stdin ({@code send HEX}, {@code close}), events on stdout, one per line: {@code
 * ESTABLISHED}, {@code RECV TYPE HEX}, {@code SENT LENGTH}, {@code HOLD-EXPIRED}, {@code CLOSED}.
 * {@link RawPeerProcess} is the test's side of that.
 */
public final class RawBgpPeer implements AutoCloseable {
  /** A message received: its type and all its bytes (header included). */
  public record Received(int type, byte[] bytes) {
    @Override
    public String toString() {
      return type + " " + Octets.hex(bytes);
    }
  }

  /** What the peer reports besides recording: one line per event. */
  public interface Events {
    void event(String line);
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "raw-peer-timer");
            t.setDaemon(true);
            return t;
          });
  private final Events events;
  private final int hold;
  private volatile long lastHeard = System.nanoTime();
  private volatile boolean holdExpired;
  private volatile boolean closed;

  private RawBgpPeer(Socket socket, int hold, Events events) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.hold = hold;
    this.events = events;
  }

  /**
   * Connects from {@code local} to {@code remote}:{@code port} and completes the OPEN exchange;
   * fails (IOException) when the neighbor refuses, answers with a NOTIFICATION or closes.
   *
   * @param hold the hold time offered, seconds (3 or more, or 0)
   * @param as4 offer the 4-octet AS capability (else a 2-octet session)
   */
  public static RawBgpPeer connect(
      String local,
      String remote,
      int port,
      long asn,
      int hold,
      String routerId,
      boolean as4,
      Events events)
      throws IOException {
    Socket s = new Socket();
    try {
      s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
      s.connect(new InetSocketAddress(InetAddress.getByName(remote), port), 5000);
      s.setTcpNoDelay(true);
      s.setSoTimeout(30_000);
      RawBgpPeer p0 = new RawBgpPeer(s, hold, events);
      p0.write(Octets.open(asn, hold, routerId, as4));
      byte[] open = p0.readMessage();
      if (open == null || open[18] != Octets.OPEN) {
        throw new IOException("no OPEN from " + remote + ": " + describe(open));
      }
      int theirHold = (open[21] & 0xff) << 8 | (open[22] & 0xff);
      int negotiated = Math.min(hold, theirHold);
      RawBgpPeer p = new RawBgpPeer(s, negotiated, events);
      p.write(Octets.keepalive());
      byte[] ka = p.readMessage();
      if (ka == null || ka[18] != Octets.KEEPALIVE) {
        throw new IOException("no KEEPALIVE from " + remote + ": " + describe(ka));
      }
      s.setSoTimeout(0);
      p.start();
      return p;
    } catch (IOException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private static String describe(byte[] m) {
    if (m == null) {
      return "connection closed";
    }
    if (m[18] == Octets.NOTIFICATION) {
      return "NOTIFICATION " + (m[19] & 0xff) + "/" + (m[20] & 0xff);
    }
    return "message type " + m[18];
  }

  private void start() {
    events.event("ESTABLISHED hold " + hold);
    if (hold > 0) {
      long every = Math.max(1000L * hold / 3, 300);
      timer.scheduleAtFixedRate(this::keepalive, every, every, TimeUnit.MILLISECONDS);
      timer.scheduleAtFixedRate(this::checkHold, 100, 100, TimeUnit.MILLISECONDS);
    }
    Thread reader = new Thread(this::readLoop, "raw-peer-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void keepalive() {
    try {
      write(Octets.keepalive());
    } catch (IOException e) {
      // the reader sees the connection close
    }
  }

  private void checkHold() {
    if (!closed && System.nanoTime() - lastHeard > hold * 1_000_000_000L) {
      holdExpired = true;
      events.event("HOLD-EXPIRED");
      try {
        write(Octets.notification(4, 0, new byte[0]));
      } catch (IOException e) {
        // closing anyway
      }
      close();
    }
  }

  private void readLoop() {
    try {
      byte[] m;
      while ((m = readMessage()) != null) {
        lastHeard = System.nanoTime();
        received.add(new Received(m[18] & 0xff, m));
        if (m[18] != Octets.KEEPALIVE) {
          events.event("RECV " + (m[18] & 0xff) + " " + Octets.hex(m));
        }
      }
    } catch (IOException e) {
      // closed
    }
    close();
  }

  /** The next message, whole, or null at the end of the stream. */
  private byte[] readMessage() throws IOException {
    byte[] header = new byte[19];
    try {
      in.readFully(header);
    } catch (EOFException e) {
      return null;
    }
    int len = (header[16] & 0xff) << 8 | (header[17] & 0xff);
    if (len < 19) {
      throw new IOException("bad length " + len);
    }
    byte[] all = Arrays.copyOf(header, len);
    in.readFully(all, 19, len - 19);
    return all;
  }

  /** Sends {@code bytes} as they are (one or more whole messages, or anything else). */
  public synchronized void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Every message received since the session came up, KEEPALIVEs included. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** True once the neighbor was silent for longer than the hold time. */
  public boolean holdExpired() {
    return holdExpired;
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timer.shutdownNow();
    try {
      socket.close();
    } catch (IOException e) {
      // closed anyway
    }
    events.event("CLOSED");
  }

  /**
   * {@code --local A --remote B --asn N [--port 179] [--hold 90] [--router-id A] [--as4 false]}:
   * connects (retrying every 500 ms for a minute, while the neighbor is not up yet), then reads
   * commands from stdin and reports events on stdout (see the class comment).
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    String local = a.get("local");
    String remote = a.get("remote");
    long asn = Long.parseLong(a.get("asn"));
    int port = Integer.parseInt(a.getOrDefault("port", "179"));
    int hold = Integer.parseInt(a.getOrDefault("hold", "90"));
    String routerId = a.getOrDefault("router-id", local);
    boolean as4 = Boolean.parseBoolean(a.getOrDefault("as4", "true"));
    PrintStream stdout = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Events events =
        line -> {
          synchronized (stdout) {
            stdout.println(line);
          }
        };
    RawBgpPeer peer = null;
    long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (peer == null) {
      try {
        peer = connect(local, remote, port, asn, hold, routerId, as4, events);
      } catch (IOException e) {
        events.event("RETRY " + e.getMessage());
        if (System.nanoTime() > end) {
          events.event("GAVE-UP");
          System.exit(2);
        }
        Thread.sleep(500);
      }
    }
    BufferedReader commands =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = commands.readLine()) != null) {
      if (line.startsWith("send ")) {
        byte[] b = Octets.unhex(line.substring(5).trim());
        try {
          peer.write(b);
          events.event("SENT " + b.length);
        } catch (IOException e) {
          events.event("SEND-FAILED " + e.getMessage());
        }
      } else if (line.equals("close")) {
        break;
      }
    }
    peer.close();
    System.exit(0);
  }
}
