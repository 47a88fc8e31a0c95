package dev.cairn.cli;

import java.util.stream.Collectors;

/**
 * The pipe at the end of a command line, handled by the shell: {@code | include WORD} keeps the
 * lines that contain WORD, {@code | exclude WORD} drops them ({@code | i}, {@code | e} abbreviate).
 */
public record OutputFilter(boolean include, String word) {

  /** The command part of {@code line} and its filter, if any. */
  public record Split(String command, OutputFilter filter) {}

  public static Split split(String line) throws CommandException {
    int bar = line.indexOf('|');
    if (bar < 0) {
      return new Split(line, null);
    }
    String command = line.substring(0, bar).trim();
    String[] f = line.substring(bar + 1).trim().split("\\s+", 2);
    if (f.length < 2 || f[0].isEmpty() || f[1].isBlank()) {
      throw new CommandException("% Use '| include WORD' or '| exclude WORD'");
    }
    if ("include".startsWith(f[0])) {
      return new Split(command, new OutputFilter(true, f[1].trim()));
    }
    if ("exclude".startsWith(f[0])) {
      return new Split(command, new OutputFilter(false, f[1].trim()));
    }
    throw new CommandException("% Unknown filter '" + f[0] + "': use include or exclude");
  }

  /**
   * {@code out} behind this filter: bytes written are split into lines and the kept ones passed on,
   * as they come; {@link java.io.OutputStream#close} passes an unfinished last line (and does not
   * close {@code out}).
   */
  public java.io.OutputStream stream(java.io.OutputStream out) {
    return new java.io.OutputStream() {
      private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

      @Override
      public void write(int b) throws java.io.IOException {
        if (b == '\n') {
          pass();
        } else {
          line.write(b);
        }
      }

      private void pass() throws java.io.IOException {
        String l = line.toString(java.nio.charset.StandardCharsets.UTF_8);
        line.reset();
        if (l.contains(word) == include) {
          out.write((l + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
      }

      @Override
      public void flush() throws java.io.IOException {
        out.flush();
      }

      @Override
      public void close() throws java.io.IOException {
        if (line.size() > 0) {
          pass();
        }
        out.flush();
      }
    };
  }

  public String apply(String text) {
    String out =
        text.lines().filter(l -> l.contains(word) == include).collect(Collectors.joining("\n"));
    return out.isEmpty() ? out : out + "\n";
  }
}
