package dev.cairn.config;

import java.util.ArrayList;
import java.util.List;

/** Syntax check for Kubernetes label selectors ({@code a=b,c!=d,e in (f,g),!h}). */
final class LabelSelector {
  private static final String KEY = "([a-zA-Z0-9.-]+/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?";
  private static final String VALUE = "([a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?)?";
  private static final String TERM =
      "!?"
          + KEY
          + "|"
          + KEY
          + "\\s*(=|==|!=)\\s*"
          + VALUE
          + "|"
          + KEY
          + "\\s+(in|notin)\\s*\\(\\s*"
          + VALUE
          + "(\\s*,\\s*"
          + VALUE
          + ")*\\s*\\)";

  private LabelSelector() {}

  /** Returns {@code s} when it is a valid selector, else throws with a message. */
  static String check(String s) {
    List<String> terms = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        terms.add(s.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(s.substring(start));
    for (String t : terms) {
      if (!t.trim().matches(TERM)) {
        throw new IllegalArgumentException(
            "invalid label selector '"
                + s
                + "': cannot read '"
                + t.trim()
                + "' (expected e.g. node-restriction.kubernetes.io/cairn-route-reflector=true)");
      }
    }
    return s;
  }
}
