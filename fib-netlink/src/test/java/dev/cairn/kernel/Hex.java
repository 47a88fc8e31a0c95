package dev.cairn.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Hex fixtures: whitespace and {@code |} separators and {@code #...} comments are ignored. */
final class Hex {
  private Hex() {}

  static byte[] bytes(String annotated) {
    StringBuilder sb = new StringBuilder();
    for (String line : annotated.split("\n")) {
      int hash = line.indexOf('#');
      sb.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("[\\s|]", ""));
    }
    String s = sb.toString();
    byte[] b = new byte[s.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  static ByteBuffer buffer(String annotated) {
    byte[] b = bytes(annotated);
    return ByteBuffer.allocateDirect(b.length).order(ByteOrder.nativeOrder()).put(0, b);
  }

  static String of(ByteBuffer buf) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < buf.limit(); i++) {
      sb.append(String.format("%02x", buf.get(i)));
    }
    return sb.toString();
  }

  static String compact(String annotated) {
    StringBuilder sb = new StringBuilder();
    for (byte x : bytes(annotated)) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
