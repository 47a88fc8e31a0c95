package dev.cairn.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection to cairnd's control socket. The daemon closes a connection that stays idle (see
 * {@link ControlServer}); the next request then finds it closed before anything was answered and is
 * sent again on a new connection (the daemon never ran it: it closes only between requests).
 */
public final class ControlClient implements AutoCloseable {
  private final Path socket;
  private SocketChannel channel;
  private PushbackInputStream in;
  private OutputStream out;

  private ControlClient(Path socket, SocketChannel channel) {
    this.socket = socket;
    use(channel);
  }

  private void use(SocketChannel ch) {
    this.channel = ch;
    this.in = new PushbackInputStream(new BufferedInputStream(Channels.newInputStream(ch)), 1);
    this.out = Channels.newOutputStream(ch);
  }

  public static ControlClient connect(Path socket) throws IOException {
    return new ControlClient(socket, open(socket));
  }

  private static SocketChannel open(Path socket) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      ch.close();
      throw new IOException(
          "cannot reach cairnd at " + socket + ": " + e.getMessage() + " (is cairnd running?)", e);
    }
    return ch;
  }

  /** Sends a request; copies the reply's output to {@code data} as it comes; returns its end. */
  public synchronized ControlProtocol.Reply call(
      ControlProtocol.Verb verb, String text, OutputStream data) throws IOException {
    if (!sent(verb, text)) {
      reconnect();
      ControlProtocol.writeRequest(out, verb, text);
      if (!answered()) {
        throw new IOException("cairnd closed the connection");
      }
    }
    return ControlProtocol.readReply(in, data);
  }

  /**
   * Sends a request and waits for the first byte of its reply; false when the daemon had closed.
   */
  private boolean sent(ControlProtocol.Verb verb, String text) throws IOException {
    try {
      ControlProtocol.writeRequest(out, verb, text);
    } catch (IOException e) {
      return false; // closed while idle: nothing was sent
    }
    return answered();
  }

  private boolean answered() throws IOException {
    int first;
    try {
      first = in.read();
    } catch (IOException e) {
      return false;
    }
    if (first < 0) {
      return false;
    }
    in.unread(first);
    return true;
  }

  private void reconnect() throws IOException {
    try {
      channel.close();
    } catch (IOException e) {
      // gone already
    }
    use(open(socket));
  }

  /** Sends a request and reads its whole reply into one text. */
  public ControlProtocol.Reply call(ControlProtocol.Verb verb, String text) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    ControlProtocol.Reply end = call(verb, text, data);
    return new ControlProtocol.Reply(end.ok(), data.toString(StandardCharsets.UTF_8) + end.text());
  }

  public ControlProtocol.Reply exec(String line) throws IOException {
    return call(ControlProtocol.Verb.EXEC, line);
  }

  /** Runs {@code line}, its output streamed to {@code data}; returns the reply's end. */
  public ControlProtocol.Reply exec(String line, OutputStream data) throws IOException {
    return call(ControlProtocol.Verb.EXEC, line, data);
  }

  public List<String> complete(String line) throws IOException {
    ControlProtocol.Reply r = call(ControlProtocol.Verb.COMPLETE, line);
    return r.text().isEmpty() ? List.of() : r.text().lines().toList();
  }

  public List<CommandTree.Help> help(String line) throws IOException {
    List<CommandTree.Help> out = new ArrayList<>();
    for (String l : call(ControlProtocol.Verb.HELP, line).text().lines().toList()) {
      int tab = l.indexOf('\t');
      out.add(
          tab < 0
              ? new CommandTree.Help(l, "")
              : new CommandTree.Help(l.substring(0, tab), l.substring(tab + 1)));
    }
    return out;
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
