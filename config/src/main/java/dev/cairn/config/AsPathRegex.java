package dev.cairn.config;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * An AS-path regular expression ({@code match: { as-path: "..." }}), searched in the AS_PATH
 * written as an operator reads it: {@code 65001 65002 {65003,65004}} (AS_SETs in braces,
 * confederation sequences in parentheses, confederation sets in square brackets).
 *
 * <p>Matching runs in time linear in the path's length whatever the pattern: RE2/J builds an
 * automaton and never backtracks, so a path built to make a backtracking engine explode costs no
 * more than any other path of its length. The price is RE2's syntax: no backreferences and no
 * lookaround (a pattern using them is a configuration error).
 *
 * <p>As in Cisco and FRR, {@code _} outside a bracket expression stands for a boundary between AS
 * numbers: the start or the end of the text, a space, a comma, a brace, a parenthesis or a square
 * bracket. {@code _65001_} is "65001 anywhere in the path", {@code ^65001_} "received from 65001",
 * {@code _65002$} "originated by 65002". {@code \_} is a literal underscore (which no path
 * contains).
 */
public final class AsPathRegex {
  /** Longest pattern accepted: AS-path expressions are short; this bounds nesting depth. */
  static final int MAX_LENGTH = 512;

  /**
   * Largest product of the counted repetitions ({@code {n}}, {@code {m,n}}, {@code {m,}}) in one
   * pattern: RE2 compiles {@code x{n}} into n copies of x, so nested counts multiply (a pattern of
   * 25 characters would need gigabytes).
   */
  static final long MAX_REPEAT_PRODUCT = 1000;

  private static final java.util.regex.Pattern COUNT =
      java.util.regex.Pattern.compile("\\{([0-9]{1,9})(?:,([0-9]{0,9}))?\\}");

  /** What {@code _} stands for. */
  static final String BOUNDARY = "(?:^|$|[ ,{}()\\[\\]])";

  private final String source;
  private final Pattern pattern;

  private AsPathRegex(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  /**
   * @throws IllegalArgumentException with a message naming the pattern and what is wrong with it
   */
  public static AsPathRegex compile(String source) {
    if (source.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "as-path regex is " + source.length() + " characters long, at most " + MAX_LENGTH);
    }
    long product = 1;
    java.util.regex.Matcher m = COUNT.matcher(source);
    while (m.find()) {
      String max = m.group(2) == null || m.group(2).isEmpty() ? m.group(1) : m.group(2);
      product *= Math.max(1, Long.parseLong(max));
      if (product > MAX_REPEAT_PRODUCT) {
        throw new IllegalArgumentException(
            "invalid as-path regex '"
                + source
                + "': its counted repetitions multiply to more than "
                + MAX_REPEAT_PRODUCT);
      }
    }
    String translated = translate(source);
    try {
      return new AsPathRegex(source, Pattern.compile(translated));
    } catch (PatternSyntaxException e) {
      String what = e.getPattern();
      String at =
          what == null || what.isEmpty() || what.equals(translated) ? "" : " `" + what + "`";
      String hint =
          e.getDescription().startsWith("invalid")
              ? " (RE2 syntax: no backreferences or lookaround)"
              : "";
      throw new IllegalArgumentException(
          "invalid as-path regex '" + source + "': " + e.getDescription() + at + hint);
    }
  }

  /** {@code source} with each {@code _} outside a bracket expression replaced by a boundary. */
  static String translate(String source) {
    StringBuilder sb = new StringBuilder(source.length() + 16);
    boolean inClass = false;
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c == '\\' && i + 1 < source.length()) {
        char next = source.charAt(++i);
        if (next == '_') {
          sb.append('_'); // (RE2 knows no such escape)
        } else {
          sb.append(c).append(next);
        }
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        sb.append(c);
      } else if (c == '[') {
        inClass = true;
        sb.append(c);
        // a ']' right after '[' or '[^' is a member, not the end of the class
        if (i + 1 < source.length() && source.charAt(i + 1) == '^') {
          sb.append(source.charAt(++i));
        }
        if (i + 1 < source.length() && source.charAt(i + 1) == ']') {
          sb.append(source.charAt(++i));
        }
      } else if (c == '_') {
        sb.append(BOUNDARY);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Whether the pattern occurs anywhere in {@code asPathText} (anchor with ^ and $). */
  public boolean find(CharSequence asPathText) {
    return pattern.matcher(asPathText).find();
  }

  public String source() {
    return source;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AsPathRegex r && r.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
