package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** AS-path regular expressions: Cisco/FRR {@code _}, RE2 syntax, linear time. */
class AsPathRegexTest {

  static boolean find(String regex, String path) {
    return AsPathRegex.compile(regex).find(path);
  }

  @Test
  void underscoreIsABoundaryBetweenAsNumbers() {
    assertThat(find("_65001_", "65000 65001 65002")).isTrue();
    assertThat(find("_65001_", "65001")).isTrue();
    assertThat(find("_65001_", "165001 650011")).isFalse();
    assertThat(find("^65001_", "65001 65002")).isTrue();
    assertThat(find("^65001_", "65002 65001")).isFalse();
    assertThat(find("_65002$", "65001 65002")).isTrue();
    assertThat(find("_65002$", "65002 65001")).isFalse();
    // inside an AS_SET, a confederation sequence or set
    assertThat(find("_65003_", "65001 {65002,65003}")).isTrue();
    assertThat(find("_65010_", "(65010 65011) 65001")).isTrue();
    assertThat(find("_65012_", "[65012,65013] 65001")).isTrue();
    // the empty path (locally originated): ^$
    assertThat(find("^$", "")).isTrue();
    // inside a bracket expression '_' is itself; \_ is a literal underscore
    assertThat(find("[_x]", "65001")).isFalse();
    assertThat(find("[]_]", "a_b")).isTrue();
    assertThat(find("a\\_b", "a_b")).isTrue();
    assertThat(AsPathRegex.translate("^65001_[_]"))
        .isEqualTo("^65001" + AsPathRegex.BOUNDARY + "[_]");
  }

  @Test
  void equalityIsBySource() {
    assertThat(AsPathRegex.compile("_65001_")).isEqualTo(AsPathRegex.compile("_65001_"));
    assertThat(AsPathRegex.compile("_65001_").toString()).isEqualTo("_65001_");
  }

  @Test
  void whatRe2CannotDoInLinearTimeIsRejected() {
    assertThatThrownBy(() -> AsPathRegex.compile("(65001) \\1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no backreferences or lookaround");
  }

  @Test
  void patternsThatWouldCompileToHugeProgramsAreRefused() {
    // RE2 expands counted repetitions: nested ones multiply (this one alone: out of memory)
    assertThatThrownBy(() -> AsPathRegex.compile("((x{1000}){1000}){1000}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiply to more than 1000");
    assertThatThrownBy(() -> AsPathRegex.compile("([0-9]{1,100} ){20,}"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(AsPathRegex.compile("^([0-9]{5} ){2}65001$").find("64512 64513 65001")).isTrue();
    // nesting is bounded by the length (deep nesting overflows RE2/J's recursive compiler)
    assertThatThrownBy(() -> AsPathRegex.compile("(".repeat(300) + "x" + ")".repeat(300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("as-path regex is 601 characters long, at most 512");
    assertThat(AsPathRegex.compile("(".repeat(255) + "x" + ")".repeat(255)).find("x")).isTrue();
  }

  /** A CharSequence that counts reads and gives up after a budget: a step counter for matchers. */
  static final class Counting implements CharSequence {
    final String s;
    final long budget;
    long reads;

    Counting(String s, long budget) {
      this.s = s;
      this.budget = budget;
    }

    @Override
    public char charAt(int i) {
      if (++reads > budget) {
        throw new IllegalStateException("read budget exhausted");
      }
      return s.charAt(i);
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public CharSequence subSequence(int a, int b) {
      return s.subSequence(a, b);
    }

    @Override
    public String toString() {
      return s;
    }
  }

  /** The nested, lazy quantifier makes a backtracking engine try every split of every ASN. */
  static final String HOSTILE = "^([0-9]+ ?)+?65099$";

  static String path(int hops) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < hops; i++) {
      sb.append(i > 0 ? " " : "").append(65001);
    }
    return sb.toString();
  }

  @Test
  void aPathBuiltToMakeBacktrackingExplodeIsReadAFewTimesOnly() {
    String text = path(200);
    // java.util.regex: far beyond a million character reads for 200 hops (exponential; at 7 hops
    // it already takes about a minute), stopped by the budget
    Counting j = new Counting(text, 1_000_000);
    assertThatThrownBy(() -> java.util.regex.Pattern.compile(HOSTILE).matcher(j).find())
        .isInstanceOf(IllegalStateException.class);
    // RE2/J: the right answer, reading each character a bounded number of times
    Counting r = new Counting(text, 1_000_000);
    assertThat(AsPathRegex.compile(HOSTILE).find(r)).isFalse();
    assertThat(r.reads).isLessThanOrEqualTo(8L * text.length());
    // and linear: ten times the path, at most ten times the reads (plus slack)
    Counting longer = new Counting(path(2000), 100_000_000);
    assertThat(AsPathRegex.compile(HOSTILE).find(longer)).isFalse();
    assertThat(longer.reads).isLessThanOrEqualTo(8L * longer.length());
    // the same expression still matches what it should
    assertThat(AsPathRegex.compile(HOSTILE).find(path(50) + " 65099")).isTrue();
  }
}
