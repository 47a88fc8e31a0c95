package dev.cairn.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The grammar of the shell: a tree of keywords and typed values, each with one line of help, some
 * of them executable. Words may be abbreviated to any unique prefix ({@code sh b s} is {@code show
 * bgp summary}); a value's completions come from a live supplier (neighbor addresses, interface
 * names), so the daemon, which owns the tree, always completes with its own state.
 *
 * <p>An executable node is either a query ({@link Node#jsonAction}, {@link Node#jsonStream}: it has
 * a JSON form and changes nothing) or a command that changes state ({@link Node#action}: {@code
 * clear}, {@code reload}), which the control socket runs only for an administrator ({@link
 * ControlAccess}). A new command is thus restricted unless it is declared a query.
 */
public final class CommandTree {

  /** What an executable node does; it returns the text to print. */
  @FunctionalInterface
  public interface Action {
    String run(Invocation inv) throws CommandException;
  }

  /**
   * What an executable node with a long output does: it writes the text to {@code out} as it goes
   * (over the control socket, in frames as it is written).
   */
  @FunctionalInterface
  public interface StreamAction {
    void run(Invocation inv, Appendable out) throws CommandException, IOException;
  }

  /** A parsed command line, ready to run. */
  public static final class Parsed {
    private final Node node;
    private final Invocation invocation;

    private Parsed(Node node, Invocation invocation) {
      this.node = node;
      this.invocation = invocation;
    }

    public Invocation invocation() {
      return invocation;
    }

    /** Whether the command changes state (and needs an administrator on the control socket). */
    public boolean changesState() {
      return node.changesState;
    }

    /** The command line with every word in full ({@code clear bgp 192.0.2.2 soft}). */
    public String canonical() {
      return String.join(" ", invocation.words()) + (invocation.json() ? " json" : "");
    }

    /** Runs the command, its output to {@code out}. */
    public void run(Appendable out) throws CommandException, IOException {
      node.action.run(invocation, out);
    }
  }

  /** A parsed command line: canonical words, values by placeholder, and whether JSON was asked. */
  public record Invocation(List<String> words, Map<String, String> values, boolean json) {
    public String value(String placeholder) {
      return values.get(placeholder);
    }

    public boolean has(String keyword) {
      return words.contains(keyword);
    }
  }

  /** One possible next word and its help line, as {@code ?} shows them. */
  public record Help(String word, String help) {}

  /** One word of the grammar. */
  public static final class Node {
    final String name;
    final String help;
    final boolean keyword;
    final Predicate<String> accepts;
    final Supplier<? extends Collection<String>> values;
    final List<Node> children = new ArrayList<>();
    StreamAction action;
    boolean json;
    boolean changesState;

    private Node(
        String name,
        String help,
        boolean keyword,
        Predicate<String> accepts,
        Supplier<? extends Collection<String>> values) {
      this.name = name;
      this.help = help;
      this.keyword = keyword;
      this.accepts = accepts;
      this.values = values;
    }

    /** Adds (or returns the existing) keyword child. */
    public Node keyword(String word, String help) {
      for (Node c : children) {
        if (c.keyword && c.name.equals(word)) {
          return c;
        }
      }
      Node n = new Node(word, help, true, null, null);
      children.add(n);
      return n;
    }

    /**
     * Adds a value child: {@code placeholder} (e.g. {@code ADDR}) names it in help and in {@link
     * Invocation#values()}; {@code accepts} checks a word; {@code completions} lists live values.
     */
    public Node value(
        String placeholder,
        String help,
        Predicate<String> accepts,
        Supplier<? extends Collection<String>> completions) {
      Node n = new Node(placeholder, help, false, accepts, completions);
      children.add(n);
      return n;
    }

    /**
     * Makes this node a command that changes state: only an administrator may run it over the
     * control socket.
     */
    public Node action(Action a) {
      this.action = (inv, out) -> out.append(a.run(inv));
      this.changesState = true;
      return this;
    }

    /**
     * Makes this node a query, with a trailing {@code json} for machine-readable output: anyone who
     * can reach the control socket may run it.
     */
    public Node jsonAction(Action a) {
      return jsonStream((inv, out) -> out.append(a.run(inv)));
    }

    /** As {@link #jsonAction}, for a query that writes a long output as it goes. */
    public Node jsonStream(StreamAction a) {
      this.action = a;
      this.json = true;
      this.changesState = false;
      return this;
    }
  }

  private final Node root = new Node("", "", true, null, null);

  public Node root() {
    return root;
  }

  /** Splits a line into words (blanks separate; no quoting is needed by any command). */
  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    for (String w : line.trim().split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** The child of {@code n} that {@code word} selects, or an error saying why none does. */
  private static Node step(Node n, String word, List<String> done) throws CommandException {
    Node exact = null;
    List<Node> prefixed = new ArrayList<>();
    for (Node c : n.children) {
      if (c.keyword && c.name.equals(word)) {
        exact = c;
      } else if (c.keyword && c.name.startsWith(word)) {
        prefixed.add(c);
      }
    }
    if (exact != null) {
      return exact;
    }
    if (prefixed.size() == 1) {
      return prefixed.get(0);
    }
    if (prefixed.size() > 1) {
      throw new CommandException(
          "% Ambiguous command: '"
              + word
              + "' could be "
              + String.join(", ", prefixed.stream().map(c -> c.name).toList()));
    }
    for (Node c : n.children) {
      if (!c.keyword && c.accepts.test(word)) {
        return c;
      }
    }
    String where = done.isEmpty() ? "" : " after '" + String.join(" ", done) + "'";
    throw new CommandException("% Unknown command: '" + word + "'" + where);
  }

  /** Parses a full command line into the node to run and its invocation. */
  private Invocation parse(String line, Node[] target) throws CommandException {
    List<String> words = words(line);
    if (words.isEmpty()) {
      throw new CommandException("% Empty command");
    }
    Node n = root;
    List<String> canonical = new ArrayList<>();
    Map<String, String> values = new LinkedHashMap<>();
    boolean json = false;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (i == words.size() - 1 && n.json && n.action != null && "json".startsWith(w)) {
        boolean keywordChild = n.children.stream().anyMatch(c -> c.keyword && c.name.startsWith(w));
        if (!keywordChild) {
          json = true;
          break;
        }
      }
      n = step(n, w, canonical);
      if (n.keyword) {
        canonical.add(n.name);
      } else {
        canonical.add(w);
        values.put(n.name, w);
      }
    }
    if (n.action == null) {
      throw new CommandException(
          "% Incomplete command: '" + String.join(" ", canonical) + "' needs more (try ?)");
    }
    target[0] = n;
    return new Invocation(List.copyOf(canonical), Map.copyOf(values), json);
  }

  /** Parses a full command line into what to run. */
  public Parsed parse(String line) throws CommandException {
    Node[] target = new Node[1];
    Invocation inv = parse(line, target);
    return new Parsed(target[0], inv);
  }

  /** Parses and runs a command line; returns its whole output. */
  public String execute(String line) throws CommandException {
    StringBuilder sb = new StringBuilder();
    try {
      parse(line).run(sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // (a StringBuilder does not throw)
    }
    return sb.toString();
  }

  /**
   * Walks every complete word of {@code line} (all but a partial last one); null when a word does
   * not parse.
   */
  private Node walk(List<String> complete) {
    Node n = root;
    for (String w : complete) {
      try {
        n = step(n, w, List.of());
      } catch (CommandException e) {
        return null;
      }
    }
    return n;
  }

  private static List<String> split(String line, String[] partial) {
    List<String> words = words(line);
    boolean endsWithBlank =
        line.isEmpty() || Character.isWhitespace(line.charAt(line.length() - 1));
    partial[0] = endsWithBlank || words.isEmpty() ? "" : words.remove(words.size() - 1);
    return words;
  }

  /** The words that may complete the last (possibly empty) word of {@code line}, sorted. */
  public List<String> complete(String line) {
    String[] partial = new String[1];
    Node n = walk(split(line, partial));
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    String p = partial[0];
    for (Node c : n.children) {
      if (c.keyword) {
        if (c.name.startsWith(p)) {
          out.add(c.name);
        }
      } else if (c.values != null) {
        for (String v : c.values.get()) {
          if (v.startsWith(p)) {
            out.add(v);
          }
        }
      }
    }
    if (n.json && n.action != null && "json".startsWith(p) && !out.contains("json")) {
      out.add("json");
    }
    return out.stream().distinct().sorted().toList();
  }

  /** What may come next after {@code line}, with help ({@code ?}); {@code <cr>} if it can run. */
  public List<Help> help(String line) {
    String[] partial = new String[1];
    Node n = walk(split(line, partial));
    List<Help> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    String p = partial[0];
    for (Node c : n.children) {
      if (!c.keyword || c.name.startsWith(p)) {
        out.add(new Help(c.name, c.help));
      }
    }
    if (n.action != null && p.isEmpty()) {
      if (n.json) {
        out.add(new Help("json", "Output as JSON"));
      }
      out.add(new Help("<cr>", ""));
    }
    return out;
  }
}
