package dev.cairn.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A connection to cairnd's control socket. */
public final class ControlClient implements AutoCloseable {
  private final SocketChannel channel;
  private final InputStream in;
  private final OutputStream out;

  private ControlClient(SocketChannel channel) {
    this.channel = channel;
    this.in = new BufferedInputStream(Channels.newInputStream(channel));
    this.out = Channels.newOutputStream(channel);
  }

  public static ControlClient connect(Path socket) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException e) {
      ch.close();
      throw new IOException(
          "cannot reach cairnd at " + socket + ": " + e.getMessage() + " (is cairnd running?)", e);
    }
    return new ControlClient(ch);
  }

  public synchronized ControlProtocol.Reply call(ControlProtocol.Verb verb, String text)
      throws IOException {
    ControlProtocol.writeRequest(out, verb, text);
    return ControlProtocol.readReply(in);
  }

  public ControlProtocol.Reply exec(String line) throws IOException {
    return call(ControlProtocol.Verb.EXEC, line);
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
  public void close() throws IOException {
    channel.close();
  }
}
