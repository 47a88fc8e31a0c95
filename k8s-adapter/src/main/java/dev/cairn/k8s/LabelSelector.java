package dev.cairn.k8s;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An equality-based label selector as written in the configuration: {@code key=value}, {@code
 * key!=value} or {@code key} (exists), comma-separated, all of which must hold.
 */
record LabelSelector(List<String[]> terms) {

  static LabelSelector parse(String text) {
    List<String[]> terms = new ArrayList<>();
    for (String t : text.split(",")) {
      String s = t.trim();
      if (s.isEmpty()) {
        continue;
      }
      int ne = s.indexOf("!=");
      int eq = s.indexOf('=');
      if (ne >= 0) {
        terms.add(new String[] {s.substring(0, ne).trim(), "!=", s.substring(ne + 2).trim()});
      } else if (eq >= 0) {
        String v = s.substring(eq + 1).trim();
        if (v.startsWith("=")) {
          v = v.substring(1).trim();
        }
        terms.add(new String[] {s.substring(0, eq).trim(), "=", v});
      } else {
        terms.add(new String[] {s, "exists", ""});
      }
    }
    return new LabelSelector(terms);
  }

  boolean matches(Map<String, String> labels) {
    for (String[] t : terms) {
      String v = labels.get(t[0]);
      boolean ok =
          switch (t[1]) {
            case "=" -> t[2].equals(v);
            case "!=" -> !t[2].equals(v);
            default -> v != null;
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
