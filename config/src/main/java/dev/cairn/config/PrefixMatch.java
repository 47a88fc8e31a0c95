package dev.cairn.config;

import dev.cairn.net.IpPrefix;
import java.util.Objects;

/**
 * A prefix-list entry: {@code 10.0.0.0/8} (exactly), {@code 10.0.0.0/8 le 32}, {@code 10.0.0.0/8 ge
 * 24}, {@code 10.0.0.0/8 ge 24 le 28}. Normalised to a length range [ge, le].
 */
public record PrefixMatch(IpPrefix prefix, int ge, int le) {
  public PrefixMatch {
    Objects.requireNonNull(prefix, "prefix");
    int max = prefix.afi().bits();
    if (ge < prefix.length() || le < ge || le > max) {
      throw new IllegalArgumentException("invalid length range " + ge + ".." + le);
    }
  }

  public boolean matches(IpPrefix p) {
    return p.length() >= ge && p.length() <= le && prefix.contains(p);
  }

  public static PrefixMatch parse(String text) {
    String[] w = text.trim().split("\\s+");
    IpPrefix p = IpPrefix.parse(w[0]);
    int max = p.afi().bits();
    Integer ge = null;
    Integer le = null;
    int i = 1;
    while (i < w.length) {
      String op = w[i];
      if (!(op.equals("ge") || op.equals("le")) || i + 1 >= w.length) {
        throw new IllegalArgumentException(
            "invalid prefix match '"
                + text
                + "' (expected PREFIX [ge N] [le M], e.g. \"10.0.0.0/8 le 32\")");
      }
      if (!w[i + 1].matches("[0-9]{1,3}")) {
        throw new IllegalArgumentException(
            "invalid prefix match '" + text + "': '" + w[i + 1] + "' is not a length");
      }
      int n = Integer.parseInt(w[i + 1]);
      if (op.equals("ge")) {
        if (ge != null || le != null) {
          throw new IllegalArgumentException(
              "invalid prefix match '" + text + "': write ge once, before le");
        }
        ge = n;
      } else {
        if (le != null) {
          throw new IllegalArgumentException("invalid prefix match '" + text + "': le given twice");
        }
        le = n;
      }
      i += 2;
    }
    int lo = ge != null ? ge : p.length();
    int hi = le != null ? le : (ge != null ? max : p.length());
    if (lo < p.length() || hi > max || lo > hi) {
      throw new IllegalArgumentException(
          "invalid prefix match '"
              + text
              + "': need "
              + p.length()
              + " <= ge <= le <= "
              + max
              + ", found ge "
              + lo
              + " le "
              + hi);
    }
    return new PrefixMatch(p, lo, hi);
  }

  /** Canonical text that parses back to an equal value. */
  @Override
  public String toString() {
    int max = prefix.afi().bits();
    if (ge == prefix.length() && le == prefix.length()) {
      return prefix.toString();
    }
    if (ge == prefix.length()) {
      return prefix + " le " + le;
    }
    if (le == max) {
      return prefix + " ge " + ge;
    }
    return prefix + " ge " + ge + " le " + le;
  }
}
