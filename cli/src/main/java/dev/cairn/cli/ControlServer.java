package dev.cairn.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The daemon's end of the control socket: accepts {@code cairn} connections and answers their
 * requests from a {@link CommandTree}. The socket is made readable and writable by its owner (root
 * or the service user) and the {@code cairn} group only (mode 0660).
 */
public final class ControlServer implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ControlServer.class.getName());

  /** The group whose members may use the shell, besides the daemon's own user. */
  public static final String GROUP = "cairn";

  private final Path path;
  private final CommandTree tree;
  private final ServerSocketChannel server;
  private final ExecutorService clients;

  private ControlServer(Path path, CommandTree tree, ServerSocketChannel server) {
    this.path = path;
    this.tree = tree;
    this.server = server;
    this.clients =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "control-client");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Binds {@code path} (a stale socket file left by a dead daemon is replaced; a live one is an
   * error) and starts accepting.
   */
  public static ControlServer start(Path path, CommandTree tree) throws IOException {
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
    restrict(path);
    ControlServer s = new ControlServer(path, tree, ch);
    Thread t = new Thread(s::acceptLoop, "control");
    t.setDaemon(true);
    t.start();
    return s;
  }

  private static void restrict(Path path) throws IOException {
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
    try {
      GroupPrincipal g =
          path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(GROUP);
      Files.getFileAttributeView(path, PosixFileAttributeView.class).setGroup(g);
    } catch (UserPrincipalNotFoundException e) {
      // no cairn group on this machine: owner only
    } catch (IOException e) {
      LOG.warning("control: cannot give " + path + " to group " + GROUP + ": " + e.getMessage());
    }
  }

  public Path path() {
    return path;
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      try {
        SocketChannel c = server.accept();
        clients.execute(() -> serve(c));
      } catch (IOException e) {
        if (server.isOpen()) {
          LOG.warning("control: accept failed: " + e.getMessage());
        }
      }
    }
  }

  private void serve(SocketChannel c) {
    try (c) {
      InputStream in = new BufferedInputStream(Channels.newInputStream(c));
      OutputStream out = Channels.newOutputStream(c);
      ControlProtocol.Request r;
      while ((r = ControlProtocol.readRequest(in)) != null) {
        answer(r, out);
      }
    } catch (IOException e) {
      LOG.fine("control: client gone: " + e.getMessage());
    }
  }

  private void answer(ControlProtocol.Request r, OutputStream out) throws IOException {
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
      default -> {
        String text;
        boolean ok;
        try {
          text = tree.execute(r.text());
          ok = true;
        } catch (CommandException e) {
          text = e.getMessage() + "\n";
          ok = false;
        } catch (RuntimeException e) {
          LOG.warning("control: '" + r.text() + "' failed: " + e);
          text = "% Internal error: " + e + "\n";
          ok = false;
        }
        ControlProtocol.writeReply(out, ok, text);
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
      Files.deleteIfExists(path);
    } catch (IOException e) {
      LOG.fine("control: close: " + e.getMessage());
    }
    clients.shutdownNow();
  }
}
