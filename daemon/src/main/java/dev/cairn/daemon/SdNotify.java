package dev.cairn.daemon;

import dev.cairn.event.Health;
import dev.cairn.kernel.LibC;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The systemd notification protocol ({@code sd_notify(3)}): datagrams such as {@code READY=1} to
 * the Unix socket named by {@code $NOTIFY_SOCKET} (a path, or {@code @name} in the abstract
 * namespace). Without that variable every call does nothing, so cairnd runs the same outside
 * systemd. The JDK has no Unix datagram sockets, so it uses fib-netlink's libc binding (jnr-ffi).
 *
 * <p>The watchdog ({@link #beat}) is fed only while every component in {@link Health} is alive and
 * the routing loops answer; a dead component stops it and is named in {@code STATUS=}.
 */
final class SdNotify {
  private static final Logger LOG = Logger.getLogger(SdNotify.class.getName());
  static final int AF_UNIX = 1;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;

  static LibC libc() {
    return LibC.get();
  }

  /** Where notifications go: the socket, or (in tests) anything that records them. */
  interface Sender {
    /** Sends one notification; false when sending failed. */
    boolean send(String state);
  }

  private final String socket;
  private final Sender sender;
  private Thread watchdog;
  private String unhealthy; // the STATUS= last sent for dead components (the watchdog thread's)

  SdNotify(String socket) {
    this.socket = socket;
    this.sender = socket == null ? null : this::sendToSocket;
  }

  /** Notifications to {@code sender} instead of a socket. */
  SdNotify(Sender sender) {
    this.socket = "(sender)";
    this.sender = sender;
  }

  static SdNotify fromEnvironment() {
    String s = System.getenv("NOTIFY_SOCKET");
    return new SdNotify(s == null || s.isEmpty() ? null : s);
  }

  /**
   * A {@code struct sockaddr_un} for {@code path} ({@code @name}: abstract namespace), exactly as
   * long as it needs to be.
   */
  static byte[] address(String path) {
    byte[] name = path.getBytes(StandardCharsets.UTF_8);
    boolean abstractName = path.startsWith("@");
    if (name.length > 107) {
      throw new IllegalArgumentException("socket path too long: " + path);
    }
    ByteBuffer a = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
    a.putShort((short) AF_UNIX);
    if (abstractName) {
      a.put((byte) 0).put(name, 1, name.length - 1);
    } else {
      a.put(name).put((byte) 0);
    }
    return java.util.Arrays.copyOf(a.array(), a.position());
  }

  /** Sends one notification; false when there is no socket or sending failed. */
  boolean send(String state) {
    return sender != null && sender.send(state);
  }

  private boolean sendToSocket(String state) {
    LibC c = libc();
    int fd = c.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      LOG.warning("systemd: cannot open a notification socket");
      return false;
    }
    try {
      byte[] msg = state.getBytes(StandardCharsets.UTF_8);
      byte[] addr = address(socket);
      long n = c.sendto(fd, msg, msg.length, 0, addr, addr.length);
      if (n != msg.length) {
        LOG.warning("systemd: notification to " + socket + " failed");
        return false;
      }
      return true;
    } finally {
      c.close(fd);
    }
  }

  void ready(String status) {
    send("READY=1\nSTATUS=" + status + "\nMAINPID=" + ProcessHandle.current().pid());
  }

  void reloading() {
    send(
        "RELOADING=1\nMONOTONIC_USEC="
            + (System.nanoTime() / 1000)
            + "\nSTATUS=reloading the configuration");
  }

  void stopping() {
    if (watchdog != null) {
      watchdog.interrupt();
    }
    send("STOPPING=1\nSTATUS=sending Cease to every neighbor");
  }

  /**
   * One watchdog beat: {@code WATCHDOG=1} only when no component of {@code health} is dead and
   * {@code probe} (the routing loops answering) returned. With a dead component nothing is fed, and
   * {@code STATUS=} names it (sent again only when the list changes); systemd then ends the service
   * after {@code WatchdogSec} and restarts it. Returns whether the watchdog was fed.
   */
  boolean beat(Health health, Runnable probe) {
    java.util.List<Health.Status> dead = health.dead();
    if (!dead.isEmpty()) {
      String status =
          "STATUS=dead: "
              + String.join(
                  ", ",
                  dead.stream()
                      .map(
                          s ->
                              s.component()
                                  + " since "
                                  + s.since()
                                  + (s.lastError() == null ? "" : " (" + s.lastError() + ")"))
                      .toList())
              + "; watchdog not fed";
      if (!status.equals(unhealthy)) {
        unhealthy = status;
        LOG.severe("systemd: " + status.substring("STATUS=".length()));
        send(status);
      }
      return false;
    }
    probe.run();
    if (unhealthy != null) {
      unhealthy = null;
      send("STATUS=running: every component alive again");
    }
    return send("WATCHDOG=1");
  }

  /**
   * With {@code $WATCHDOG_USEC} set (and {@code $WATCHDOG_PID} unset or ours), calls {@link #beat}
   * twice per interval, so a dead component or a stuck loop makes systemd restart the service.
   */
  void startWatchdog(Daemon d) {
    String usec = System.getenv("WATCHDOG_USEC");
    String pid = System.getenv("WATCHDOG_PID");
    if (socket == null || usec == null || usec.isEmpty()) {
      return;
    }
    if (pid != null
        && !pid.isEmpty()
        && !pid.equals(Long.toString(ProcessHandle.current().pid()))) {
      return;
    }
    Duration every = Duration.ofNanos(Long.parseLong(usec) * 1000 / 2);
    watchdog =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  Thread.sleep(every.toMillis());
                  beat(
                      Health.process(),
                      () -> {
                        d.onRib(() -> null);
                        d.onBgp(() -> null);
                      });
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  LOG.warning("systemd: watchdog not fed: " + e.getMessage());
                }
              }
            },
            "watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
