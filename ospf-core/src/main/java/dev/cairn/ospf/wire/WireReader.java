package dev.cairn.ospf.wire;

/** A bounds-checked big-endian reader: running off the end is a TRUNCATED decode error. */
final class WireReader {
  private final byte[] b;
  private int pos;
  private final int end;

  WireReader(byte[] b, int off, int end) {
    this.b = b;
    this.pos = off;
    this.end = end;
  }

  private void need(int n) throws DecodeException {
    if (pos + n > end) {
      throw new DecodeException(
          DecodeException.Kind.TRUNCATED, "need " + n + " bytes at offset " + pos + ", end " + end);
    }
  }

  int u8() throws DecodeException {
    need(1);
    return b[pos++] & 0xff;
  }

  int u16() throws DecodeException {
    need(2);
    int v = ((b[pos] & 0xff) << 8) | (b[pos + 1] & 0xff);
    pos += 2;
    return v;
  }

  int u32() throws DecodeException {
    need(4);
    int v =
        ((b[pos] & 0xff) << 24)
            | ((b[pos + 1] & 0xff) << 16)
            | ((b[pos + 2] & 0xff) << 8)
            | (b[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  int u24() throws DecodeException {
    need(3);
    int v = ((b[pos] & 0xff) << 16) | ((b[pos + 1] & 0xff) << 8) | (b[pos + 2] & 0xff);
    pos += 3;
    return v;
  }

  void skip(int n) throws DecodeException {
    need(n);
    pos += n;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  byte[] array() {
    return b;
  }
}
