package dev.cairn.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An equality-based Kubernetes label selector: comma-separated terms {@code key=value}, {@code
 * key==value}, {@code key!=value}, {@code key} (exists) and {@code !key} (absent), all of which
 * must hold.
 */
public final class LabelSelector {
  private record Term(String key, String value, boolean negate) {}

  private final List<Term> terms;
  private final String text;

  private LabelSelector(List<Term> terms, String text) {
    this.terms = List.copyOf(terms);
    this.text = text;
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException for an empty term or key
   */
  public static LabelSelector parse(String text) {
    Objects.requireNonNull(text);
    List<Term> terms = new ArrayList<>();
    for (String raw : text.split(",", -1)) {
      String t = raw.trim();
      Term term;
      int ne = t.indexOf("!=");
      int eq = t.indexOf('=');
      if (ne >= 0) {
        term = new Term(t.substring(0, ne).trim(), t.substring(ne + 2).trim(), true);
      } else if (eq >= 0) {
        String v = t.substring(eq + 1);
        if (v.startsWith("=")) {
          v = v.substring(1);
        }
        term = new Term(t.substring(0, eq).trim(), v.trim(), false);
      } else if (t.startsWith("!")) {
        term = new Term(t.substring(1).trim(), null, true);
      } else {
        term = new Term(t, null, false);
      }
      if (term.key().isEmpty()) {
        throw new IllegalArgumentException(
            "bad label selector term '" + raw + "' in '" + text + "'");
      }
      terms.add(term);
    }
    return new LabelSelector(terms, text);
  }

  /** True if {@code labels} (may be null) satisfy every term. */
  public boolean matches(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (Term t : terms) {
      String v = l.get(t.key());
      boolean ok;
      if (t.value() == null) {
        ok = (v != null) != t.negate();
      } else {
        ok = t.negate() ? !t.value().equals(v) : t.value().equals(v);
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
