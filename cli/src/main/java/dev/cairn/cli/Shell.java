package dev.cairn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell: a JLine line reader whose completion ({@code TAB}) and help ({@code ?})
 * come from the daemon's command tree, history in {@code ~/.cairn_history}, {@code | include} and
 * {@code | exclude} filters, and a {@code --More--} pager for output longer than the terminal.
 */
final class Shell {
  private final ControlClient client;
  private final Terminal terminal;
  private final LineReader reader;

  Shell(ControlClient client) throws IOException {
    this.client = client;
    this.terminal = TerminalBuilder.builder().system(true).build();
    this.reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("cairn")
            .completer(
                (r, line, candidates) -> {
                  String before = line.line().substring(0, line.cursor());
                  try {
                    for (String s : client.complete(before)) {
                      candidates.add(new Candidate(s, s, null, null, null, null, true));
                    }
                  } catch (IOException e) {
                    // the daemon went away: no completions; the next command reports it
                  }
                })
            .variable(
                LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".cairn_history"))
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .build();
    reader.getWidgets().put("cairn-help", this::help);
    reader.getKeyMaps().get(LineReader.MAIN).bind(new Reference("cairn-help"), "?");
    reader.getKeyMaps().get(LineReader.EMACS).bind(new Reference("cairn-help"), "?");
  }

  /** {@code ?}: lists what may come next at the cursor, with one line of help each. */
  private boolean help() {
    String before = reader.getBuffer().substring(0, reader.getBuffer().cursor());
    StringBuilder sb = new StringBuilder();
    try {
      List<CommandTree.Help> h = client.help(before);
      if (h.isEmpty()) {
        sb.append("% There is no matched command.");
      }
      int width = h.stream().mapToInt(x -> x.word().length()).max().orElse(0);
      for (CommandTree.Help x : h) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append("  ").append(String.format("%-" + width + "s", x.word()));
        if (!x.help().isEmpty()) {
          sb.append("  ").append(x.help());
        }
      }
    } catch (IOException e) {
      sb.append("% ").append(e.getMessage());
    }
    reader.printAbove(sb.toString());
    return true;
  }

  int run() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "cairn";
    }
    String prompt = host + "# ";
    PrintWriter out = terminal.writer();
    while (true) {
      String line;
      try {
        line = reader.readLine(prompt);
      } catch (UserInterruptException e) {
        continue;
      } catch (EndOfFileException e) {
        return 0;
      }
      String cmd = line.trim();
      if (cmd.isEmpty()) {
        continue;
      }
      if (cmd.equals("exit") || cmd.equals("quit") || cmd.equals("end")) {
        return 0;
      }
      try {
        Main.Result r = Main.execute(client, cmd);
        if (r.ok()) {
          page(r.text());
        } else {
          out.print(r.text());
        }
      } catch (CommandException e) {
        out.println(e.getMessage());
      } catch (IOException e) {
        out.println("% " + e.getMessage());
        out.flush();
        return 1;
      }
      out.flush();
    }
  }

  /** Prints {@code text}, a screenful at a time when it is longer than the terminal. */
  private void page(String text) {
    PrintWriter w = terminal.writer();
    List<String> lines = text.lines().toList();
    int height = terminal.getHeight();
    if (height <= 2 || lines.size() < height) {
      w.print(text);
      w.flush();
      return;
    }
    Attributes saved = terminal.enterRawMode();
    try {
      int i = 0;
      int rows = height - 1;
      while (i < lines.size()) {
        int end = Math.min(lines.size(), i + rows);
        for (; i < end; i++) {
          w.print(lines.get(i));
          w.print("\r\n");
        }
        if (i >= lines.size()) {
          break;
        }
        w.print("--More--");
        w.flush();
        int c = terminal.reader().read();
        w.print("\r        \r");
        if (c < 0 || c == 'q' || c == 'Q' || c == KeyMap.ctrl('C').charAt(0)) {
          break;
        }
        rows = c == '\r' || c == '\n' ? 1 : height - 1;
      }
    } catch (IOException e) {
      // the terminal went away
    } finally {
      terminal.setAttributes(saved);
      w.flush();
    }
  }
}
