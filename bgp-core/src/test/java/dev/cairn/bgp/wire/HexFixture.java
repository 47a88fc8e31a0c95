package dev.cairn.bgp.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Annotated byte fixtures: text files under {@code src/test/resources/fixtures/} holding hex octets
 * separated by any whitespace, with {@code #} starting a comment that runs to the end of the line.
 * One file per message; the comments say what every field is and, for captures, how the bytes were
 * obtained. The same bytes serve the decode test and the encode test.
 */
public final class HexFixture {
  private HexFixture() {}

  /** The octets of {@code fixtures/NAME}. */
  public static byte[] load(String name) {
    String path = "/fixtures/" + name;
    try (InputStream in = HexFixture.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + path);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses fixture text: hex digits in pairs, whitespace ignored, '#' comments to end of line. */
  public static byte[] parse(String text) {
    StringBuilder hex = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      int hash = line.indexOf('#');
      String data = hash >= 0 ? line.substring(0, hash) : line;
      for (int i = 0; i < data.length(); i++) {
        char c = data.charAt(i);
        if (!Character.isWhitespace(c)) {
          hex.append(c);
        }
      }
    }
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException("odd number of hex digits in fixture");
    }
    return HexFormat.of().parseHex(hex);
  }
}
