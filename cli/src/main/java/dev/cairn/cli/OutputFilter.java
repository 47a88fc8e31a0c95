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

  public String apply(String text) {
    String out =
        text.lines().filter(l -> l.contains(word) == include).collect(Collectors.joining("\n"));
    return out.isEmpty() ? out : out + "\n";
  }
}
