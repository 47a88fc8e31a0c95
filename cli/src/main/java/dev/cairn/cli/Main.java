package dev.cairn.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code cairn [--socket PATH] [COMMAND ...]}: with a command, runs it once and exits (status 1
 * when the daemon refuses it); without, opens the interactive shell. The socket defaults to {@code
 * $CAIRN_SOCKET}, else {@code /run/cairn/cairn.sock}.
 */
public final class Main {
  private Main() {}

  /** The answer to one command line, after its filter. */
  record Result(boolean ok, String text) {}

  static Result execute(ControlClient client, String line) throws IOException, CommandException {
    OutputFilter.Split s = OutputFilter.split(line);
    ControlProtocol.Reply r = client.exec(s.command());
    String text = r.ok() && s.filter() != null ? s.filter().apply(r.text()) : r.text();
    return new Result(r.ok(), text);
  }

  /**
   * Runs one command line, its output (through its filter) streamed to {@code out} as it comes, an
   * error's message to {@code err}; returns whether it succeeded.
   */
  static boolean stream(ControlClient client, String line, OutputStream out, PrintStream err)
      throws IOException, CommandException {
    OutputFilter.Split s = OutputFilter.split(line);
    OutputStream sink = s.filter() == null ? out : s.filter().stream(out);
    ControlProtocol.Reply end = client.exec(s.command(), sink);
    if (end.ok()) {
      sink.write(end.text().getBytes(StandardCharsets.UTF_8));
    }
    if (sink != out) {
      sink.close(); // the filter's unfinished last line
    }
    out.flush();
    if (!end.ok()) {
      err.print(end.text());
      err.flush();
    }
    return end.ok();
  }

  public static void main(String[] args) {
    String env = System.getenv("CAIRN_SOCKET");
    Path socket = Path.of(env != null && !env.isEmpty() ? env : "/run/cairn/cairn.sock");
    int i = 0;
    while (i < args.length && args[i].startsWith("-")) {
      switch (args[i]) {
        case "-s", "--socket" -> {
          if (i + 1 >= args.length) {
            usage();
          }
          socket = Path.of(args[++i]);
        }
        case "-h", "--help" -> usage();
        default -> {
          System.err.println("cairn: unknown option " + args[i]);
          usage();
        }
      }
      i++;
    }
    String command = String.join(" ", java.util.Arrays.copyOfRange(args, i, args.length));
    try (ControlClient client = ControlClient.connect(socket)) {
      if (command.isBlank()) {
        System.exit(new Shell(client).run());
      }
      if (!stream(client, command, new FileOutputStream(FileDescriptor.out), System.err)) {
        System.exit(1);
      }
    } catch (CommandException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    } catch (IOException e) {
      System.err.println("cairn: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void usage() {
    System.err.println("usage: cairn [--socket PATH] [COMMAND ...]   (no command: interactive)");
    System.exit(2);
  }
}
