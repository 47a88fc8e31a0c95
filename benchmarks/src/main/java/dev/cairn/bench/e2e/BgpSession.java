package dev.cairn.bench.e2e;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A minimal blocking BGP speaker end: OPEN exchange, a reader thread that hands every message to a
 * {@link Handler} and reports NOTIFICATIONs and closes as failures, and a timer that sends
 * KEEPALIVEs at a third of the negotiated hold time while the caller streams UPDATEs.
 */
public final class BgpSession implements AutoCloseable {
  /** Receives each message body (after the 19-octet header). */
  public interface Handler {
    void message(int type, byte[] body, int length);
  }

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "keepalive");
            t.setDaemon(true);
            return t;
          });

  private final String name;
  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final Object writeLock = new Object();
  private volatile boolean closing;
  private volatile String failure;
  private int holdSeconds;
  private java.util.concurrent.ScheduledFuture<?> keepalives;

  private BgpSession(String name, Socket socket) throws IOException {
    this.name = name;
    this.socket = socket;
    socket.setTcpNoDelay(true);
    socket.setReceiveBufferSize(1 << 20);
    socket.setSendBufferSize(1 << 20);
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 20));
  }

  /**
   * Connects from {@code local} to {@code remote}:{@code port}, retrying until {@code deadline}.
   */
  public static BgpSession connect(
      String name, String local, String remote, int port, long deadlineNanos)
      throws IOException, InterruptedException {
    while (true) {
      Socket s = new Socket();
      try {
        if (local != null) {
          s.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
        }
        s.connect(new InetSocketAddress(InetAddress.getByName(remote), port), 2000);
        return new BgpSession(name, s);
      } catch (IOException e) {
        s.close();
        if (System.nanoTime() > deadlineNanos) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  static BgpSession accepted(String name, Socket s) throws IOException {
    return new BgpSession(name, s);
  }

  /** Sends OPEN, waits for the peer's OPEN and KEEPALIVE; then starts the keepalive timer. */
  public void establish(long asn, byte[] routerId) throws IOException {
    write(Wire.open(asn, 180, routerId));
    byte[] body = new byte[Wire.MAX];
    boolean gotOpen = false;
    while (true) {
      int type = readMessage(body);
      if (type == Wire.OPEN) {
        int peerHold = Wire.u16(body, 3);
        holdSeconds = Math.min(180, peerHold);
        write(Wire.keepalive());
        gotOpen = true;
      } else if (type == Wire.KEEPALIVE && gotOpen) {
        break;
      } else if (type == Wire.NOTIFICATION) {
        throw new IOException(name + ": NOTIFICATION during OPEN " + notification(body));
      }
    }
    if (holdSeconds > 0) {
      long every = Math.max(1, holdSeconds / 3);
      keepalives = TIMER.scheduleAtFixedRate(this::keepalive, every, every, TimeUnit.SECONDS);
    }
  }

  private void keepalive() {
    if (closing || failure != null) {
      return;
    }
    try {
      write(Wire.keepalive());
    } catch (IOException e) {
      fail("keepalive write failed: " + e.getMessage());
    }
  }

  /** Reads one message into {@code body}; returns its type. */
  private int readMessage(byte[] body) throws IOException {
    in.readFully(body, 0, Wire.HEADER);
    int len = Wire.u16(body, 16);
    int type = body[18] & 0xff;
    if (len < Wire.HEADER || len > 65535) {
      throw new IOException(name + ": bad message length " + len);
    }
    lastLength = len - Wire.HEADER;
    in.readFully(body, 0, lastLength);
    return type;
  }

  private int lastLength;

  /** Starts the reader thread; messages after Established go to {@code handler}. */
  public void startReader(Handler handler) {
    Thread t =
        new Thread(
            () -> {
              byte[] body = new byte[65536];
              try {
                while (true) {
                  int type = readMessage(body);
                  if (type == Wire.NOTIFICATION) {
                    fail("NOTIFICATION " + notification(body));
                    return;
                  }
                  handler.message(type, body, lastLength);
                }
              } catch (EOFException e) {
                if (!closing) {
                  fail("peer closed the session");
                }
              } catch (IOException e) {
                if (!closing) {
                  fail("read: " + e.getMessage());
                }
              }
            },
            "reader-" + name);
    t.setDaemon(true);
    t.start();
  }

  private static String notification(byte[] body) {
    return "code " + (body[0] & 0xff) + " subcode " + (body[1] & 0xff);
  }

  private void fail(String why) {
    if (failure == null) {
      failure = why;
      Tool.event("FAIL " + name + " " + why);
    }
  }

  /** Why the session failed, or null. */
  public String failure() {
    return failure;
  }

  public void write(byte[] b) throws IOException {
    synchronized (writeLock) {
      out.write(b);
    }
  }

  /** Writes {@code b} in chunks, letting KEEPALIVEs in between chunks. */
  public void stream(byte[] b) throws IOException {
    int chunk = 1 << 16;
    for (int off = 0; off < b.length; off += chunk) {
      synchronized (writeLock) {
        out.write(b, off, Math.min(chunk, b.length - off));
      }
    }
  }

  /**
   * Sends {@code last} (a NOTIFICATION) and closes; the peer closing the connection in reply is not
   * a failure.
   */
  public void closeWith(byte[] last) throws IOException {
    closing = true;
    write(last);
    close();
  }

  @Override
  public void close() throws IOException {
    closing = true;
    if (keepalives != null) {
      keepalives.cancel(false); // a feeder that reconnects many times keeps no dead tasks
    }
    socket.close();
  }
}
