package dev.cairn.ospf.wire;

import java.util.HexFormat;

/** Annotated hex fixtures: everything after '#' on a line is a comment, whitespace is ignored. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String annotated) {
    StringBuilder sb = new StringBuilder();
    for (String line : annotated.split("\n")) {
      int c = line.indexOf('#');
      sb.append((c >= 0 ? line.substring(0, c) : line).replaceAll("\\s+", ""));
    }
    return HexFormat.of().parseHex(sb.toString());
  }

  static String str(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
