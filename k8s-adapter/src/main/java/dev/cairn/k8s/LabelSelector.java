package dev.cairn.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A Kubernetes label selector evaluated against a node's labels: comma-separated terms {@code
 * key=value}, {@code key==value}, {@code key!=value}, {@code key in (a,b)}, {@code key notin
 * (a,b)}, {@code key} (exists) and {@code !key} (absent), all of which must hold. (The config
 * module checks the syntax; this class evaluates it.)
 */
public final class LabelSelector {
  private enum Op {
    IN,
    NOT_IN,
    EXISTS,
    ABSENT
  }

  private record Term(String key, Op op, Set<String> values) {}

  private final List<Term> terms;
  private final String text;

  private LabelSelector(List<Term> terms, String text) {
    this.terms = List.copyOf(terms);
    this.text = text;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException for a malformed term
   */
  public static LabelSelector parse(String text) {
    Objects.requireNonNull(text);
    List<Term> terms = new ArrayList<>();
    for (String raw : splitTopLevel(text)) {
      String t = raw.trim();
      Term term;
      int ne = t.indexOf("!=");
      int eq = t.indexOf('=');
      int paren = t.indexOf('(');
      if (paren >= 0) {
        if (!t.endsWith(")")) {
          throw bad(raw, text);
        }
        String[] head = t.substring(0, paren).trim().split("\\s+");
        if (head.length != 2 || !(head[1].equals("in") || head[1].equals("notin"))) {
          throw bad(raw, text);
        }
        Set<String> values = new java.util.HashSet<>();
        for (String v : t.substring(paren + 1, t.length() - 1).split(",", -1)) {
          values.add(v.trim());
        }
        term = new Term(head[0], head[1].equals("in") ? Op.IN : Op.NOT_IN, values);
      } else if (ne >= 0) {
        term = new Term(t.substring(0, ne).trim(), Op.NOT_IN, Set.of(t.substring(ne + 2).trim()));
      } else if (eq >= 0) {
        String v = t.substring(eq + 1);
        if (v.startsWith("=")) {
          v = v.substring(1);
        }
        term = new Term(t.substring(0, eq).trim(), Op.IN, Set.of(v.trim()));
      } else if (t.startsWith("!")) {
        term = new Term(t.substring(1).trim(), Op.ABSENT, Set.of());
      } else {
        term = new Term(t, Op.EXISTS, Set.of());
      }
      if (term.key().isEmpty() || term.key().contains(" ")) {
        throw bad(raw, text);
      }
      terms.add(term);
    }
    return new LabelSelector(terms, text);
  }

  private static IllegalArgumentException bad(String term, String text) {
    return new IllegalArgumentException(
        "bad label selector term '" + term.trim() + "' in '" + text + "'");
  }

  /** Splits at commas that are not inside parentheses. */
  private static List<String> splitTopLevel(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    out.add(text.substring(start));
    return out;
  }

  /** True if {@code labels} (may be null) satisfy every term. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Term t : terms) {
      String v = l.get(t.key());
      boolean ok;
      switch (t.op()) {
        case IN:
          ok = v != null && t.values().contains(v);
          break;
        case NOT_IN:
          ok = v == null || !t.values().contains(v);
          break;
        case EXISTS:
          ok = v != null;
          break;
        default:
          ok = v == null;
          break;
      }
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
