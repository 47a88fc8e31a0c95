package dev.cairn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The daemon's end of the control socket: accepts {@code cairn} connections and answers their
 * requests from a {@link CommandTree}. The socket file has mode 0660 and the configured group, so
 * the daemon's user and that group may connect. Queries run for anyone connected; a command that
 * changes state runs only when {@link ControlAccess} allows the connecting process, and is logged
 * with who ran it.
 *
 * <p>One thread ({@code control}) accepts connections and waits for their requests with a selector,
 * so an idle shell costs a file descriptor and no thread; a connection idle for {@link
 * Settings#idleTimeout} is closed (the client reconnects when it next needs to). A request that has
 * arrived is run by one of {@link Settings#workers} threads, which streams the reply to the client
 * ({@link ReplyWriter}); a client that stops reading stalls only its own worker, until the idle
 * timeout closes it. At most {@link Settings#maxConnections} connections are open at once.
 */
public final class ControlServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ControlServer.class.getName());

  /** The group whose members may use the shell, besides the daemon's own user (the default). */
  public static final String GROUP = "cairn";

  /**
   * How the server runs: where, for which group, whose commands change state, how many requests at
   * once, how long an idle connection stays, how many connections at most.
   */
  public record Settings(
      Path socket,
      Optional<String> group,
      ControlAccess access,
      int workers,
      Duration idleTimeout,
      int maxConnections) {
    public static final int WORKERS = 8;
    public static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    public static final int MAX_CONNECTIONS = 64;

    /** The defaults for {@code socket}, {@code group} and {@code access}. */
    public static Settings of(Path socket, Optional<String> group, ControlAccess access) {
      return new Settings(socket, group, access, WORKERS, IDLE_TIMEOUT, MAX_CONNECTIONS);
    }
  }

  private final Settings settings;
  private final CommandTree tree;
  private final ServerSocketChannel server;
  private final Selector selector;
  private final ExecutorService workers;
  private final ConcurrentLinkedQueue<Conn> returning = new ConcurrentLinkedQueue<>();
  private final Set<Conn> conns = new HashSet<>(); // the control thread's
  private final Thread thread;
  private volatile ControlAccess access;
  private volatile boolean open = true;

  /** One connection: its channel, its caller, its unread bytes and when it last did something. */
  private final class Conn {
    final SocketChannel ch;
    final ControlAccess.Peer peer;
    final ByteBuffer in = ByteBuffer.allocate(ControlProtocol.MAX_LINE + 1);
    volatile long active = System.nanoTime(); // last request, or last reply frame sent
    boolean busy; // a worker has it (the control thread's)

    Conn(SocketChannel ch, ControlAccess.Peer peer) {
      this.ch = ch;
      this.peer = peer;
    }

    /** The next request line among the bytes read, or null when none is complete. */
    String takeLine() {
      for (int i = 0; i < in.position(); i++) {
        if (in.get(i) == '\n') {
          String line = new String(in.array(), 0, i, StandardCharsets.UTF_8);
          in.flip();
          in.position(i + 1);
          in.compact();
          return line;
        }
      }
      return null;
    }

    boolean hasLine() {
      for (int i = 0; i < in.position(); i++) {
        if (in.get(i) == '\n') {
          return true;
        }
      }
      return false;
    }

    void close() {
      try {
        ch.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.DEBUG, "control: close: " + e.getMessage());
      }
    }
  }

  private ControlServer(
      Settings settings, CommandTree tree, ServerSocketChannel server, Selector selector) {
    this.settings = settings;
    this.tree = tree;
    this.server = server;
    this.selector = selector;
    this.access = settings.access();
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            settings.workers(),
            settings.workers(),
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), // at most one request per connection waits here
            r -> {
              Thread t = new Thread(r, "control-worker-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.thread = new Thread(this::selectLoop, "control");
    thread.setDaemon(true);
  }

  /** As {@link #start(Settings, CommandTree)} with the defaults, group {@code cairn}. */
  public static ControlServer start(Path path, CommandTree tree) throws IOException {
    return start(
        Settings.of(path, Optional.of(GROUP), ControlAccess.forThisProcess(Optional.empty())),
        tree);
  }

  /**
   * Binds the socket (a stale socket file left by a dead daemon is replaced; a live one is an
   * error) and starts accepting.
   */
  public static ControlServer start(Settings settings, CommandTree tree) throws IOException {
    Path path = settings.socket();
    Path dir = path.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    if (Files.exists(path)) {
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        probe.connect(UnixDomainSocketAddress.of(path));
        throw new IOException(path + " is in use by a running cairnd");
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("in use")) {
          throw e;
        }
        Files.delete(path); // nobody listens: a leftover of a daemon that died
      }
    }
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    ch.bind(UnixDomainSocketAddress.of(path));
    restrict(path, settings.group());
    ch.configureBlocking(false);
    Selector selector = Selector.open();
    ch.register(selector, SelectionKey.OP_ACCEPT);
    ControlServer s = new ControlServer(settings, tree, ch, selector);
    s.thread.start();
    return s;
  }

  /** Mode 0660 and {@code group} (when it exists) for the socket file. */
  public static void restrict(Path path, Optional<String> group) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
    if (group.isEmpty()) {
      return;
    }
    try {
      GroupPrincipal g =
          path.getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByGroupName(group.get());
      Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(g);
    } catch (UserPrincipalNotFoundException e) {
      LOG.log(
          System.Logger.Level.INFO,
          "control: no group " + group.get() + " here: the socket is for its owner only");
    } catch (IOException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "control: cannot give " + path + " to group " + group.get() + ": " + e);
    }
  }

  public Path path() {
    return settings.socket();
  }

  /** New rules for commands that change state (a reload that changed the admin group). */
  public void setAccess(ControlAccess a) {
    access = a;
  }

  // ------------------------------------------------------------------ the control thread

  private void selectLoop() {
    long idle = settings.idleTimeout().toNanos();
    long tick = Math.max(10, Math.min(1000, settings.idleTimeout().toMillis() / 4));
    while (open) {
      try {
        selector.select(tick);
        List<Conn> ready = new ArrayList<>();
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
          SelectionKey k = it.next();
          it.remove();
          if (!k.isValid()) {
            continue;
          }
          if (k.isAcceptable()) {
            accept();
          } else if (k.isReadable() && read((Conn) k.attachment())) {
            k.cancel();
            ready.add((Conn) k.attachment());
          }
        }
        Conn back;
        while ((back = returning.poll()) != null) {
          back.busy = false;
          back.active = System.nanoTime();
          if (!back.ch.isOpen()) {
            conns.remove(back);
          } else if (back.hasLine()) {
            ready.add(back); // a request that came along with the last one
          } else {
            back.ch.configureBlocking(false);
            back.ch.register(selector, SelectionKey.OP_READ, back);
          }
        }
        if (!ready.isEmpty()) {
          selector.selectNow(); // deregisters the cancelled keys: the channels may block now
          for (Conn c : ready) {
            dispatch(c);
          }
        }
        sweep(idle);
      } catch (IOException | RuntimeException e) {
        if (open) {
          LOG.log(System.Logger.Level.WARNING, "control: " + e);
        }
      }
    }
  }

  private void accept() throws IOException {
    SocketChannel c;
    while ((c = server.accept()) != null) {
      if (conns.size() >= settings.maxConnections()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "control: " + conns.size() + " connections open, refusing another");
        try (SocketChannel refused = c) {
          refused.write(
              ByteBuffer.wrap(frame(false, "% Too many connections to cairnd; try again later\n")));
        } catch (IOException e) {
          LOG.log(System.Logger.Level.DEBUG, "control: refused: " + e.getMessage());
        }
        continue;
      }
      ControlAccess.Peer peer;
      try {
        peer = ControlAccess.Peer.of(c);
      } catch (IOException | UnsupportedOperationException e) {
        peer = null; // unknown: may run queries only
      }
      c.configureBlocking(false);
      Conn conn = new Conn(c, peer);
      conns.add(conn);
      c.register(selector, SelectionKey.OP_READ, conn);
    }
  }

  /** Reads what {@code c} sent; true when a request line is complete. */
  private boolean read(Conn c) {
    try {
      int n = c.ch.read(c.in);
      if (n < 0) {
        close(c);
        return false;
      }
      if (c.hasLine()) {
        return true;
      }
      if (!c.in.hasRemaining()) {
        c.ch.write(
            ByteBuffer.wrap(
                frame(false, "% Request longer than " + ControlProtocol.MAX_LINE + " bytes\n")));
        close(c);
      }
    } catch (IOException e) {
      close(c);
    }
    return false;
  }

  private void dispatch(Conn c) {
    try {
      c.ch.configureBlocking(true);
    } catch (IOException e) {
      close(c);
      return;
    }
    c.busy = true;
    c.active = System.nanoTime();
    workers.execute(() -> serve(c));
  }

  /** Closes connections idle too long, and those whose client stopped reading a reply. */
  private void sweep(long idle) {
    long now = System.nanoTime();
    for (Iterator<Conn> it = conns.iterator(); it.hasNext(); ) {
      Conn c = it.next();
      if (!c.ch.isOpen()) {
        if (!c.busy) {
          it.remove();
        }
      } else if (now - c.active > idle) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "control: closing a connection " + (c.busy ? "that stopped reading" : "idle"));
        c.close(); // (a busy one's worker fails its next write and hands it back)
        if (!c.busy) {
          it.remove();
        }
      }
    }
  }

  private void close(Conn c) {
    c.close();
    conns.remove(c);
  }

  private static byte[] frame(boolean ok, String text) {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] header = ((ok ? "ok " : "error ") + body.length + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[header.length + body.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(body, 0, out, header.length, body.length);
    return out;
  }

  // ------------------------------------------------------------------ the workers

  /** Answers the requests {@code c} has sent, then hands it back to the control thread. */
  private void serve(Conn c) {
    try {
      OutputStream out = Channels.newOutputStream(c.ch);
      String line;
      while ((line = c.takeLine()) != null) {
        answer(c, ControlProtocol.parseRequest(line), out);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "control: client gone: " + e.getMessage());
      c.close();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "control: " + e);
      c.close();
    } finally {
      returning.add(c);
      selector.wakeup();
    }
  }

  private void answer(Conn c, ControlProtocol.Request r, OutputStream out) throws IOException {
    switch (r.verb()) {
      case COMPLETE ->
          ControlProtocol.writeReply(out, true, String.join("\n", tree.complete(r.text())));
      case HELP ->
          ControlProtocol.writeReply(
              out,
              true,
              tree.help(r.text()).stream()
                  .map(h -> h.word() + "\t" + h.help())
                  .collect(Collectors.joining("\n")));
      default -> exec(c, r.text(), out);
    }
  }

  private void exec(Conn c, String line, OutputStream out) throws IOException {
    CommandTree.Parsed p;
    try {
      p = tree.parse(line);
    } catch (CommandException e) {
      ControlProtocol.writeReply(out, false, e.getMessage() + "\n");
      return;
    }
    ControlAccess a = access;
    if (p.changesState()) {
      ControlAccess.Decision d = a.decide(c.peer);
      if (!d.allowed()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "control: refused '" + p.canonical() + "' from " + a.describe(c.peer));
        ControlProtocol.writeReply(
            out,
            false,
            "% Permission denied: '"
                + p.canonical()
                + "' changes state and needs "
                + a.requirement()
                + "\n");
        return;
      }
      LOG.log(
          System.Logger.Level.INFO,
          "control: " + a.describe(c.peer) + " (" + d.as() + ") runs '" + p.canonical() + "'");
    }
    ReplyWriter w = new ReplyWriter(out, () -> c.active = System.nanoTime());
    try {
      p.run(w);
      w.finish(true, "");
    } catch (CommandException e) {
      w.finish(false, e.getMessage() + "\n");
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "control: '" + p.canonical() + "' failed: " + e);
      w.finish(false, "% Internal error: " + e + "\n");
    }
  }

  @Override
  public void close() {
    open = false;
    try {
      server.close();
      selector.wakeup();
      thread.join(2000);
      for (Conn c : conns) {
        c.close();
      }
      selector.close();
      Files.deleteIfExists(settings.socket());
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "control: close: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdownNow();
  }
}
