package dev.cairn.cli;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The control protocol between {@code cairn} and {@code cairnd}, over a Unix stream socket. A
 * request is one line, {@code VERB SP TEXT LF}, where VERB is {@code exec} (run a command line),
 * {@code complete} (words that may complete the line's last word, one per line) or {@code help}
 * (what may come next: {@code WORD TAB HELP} per line). A reply is any number of data frames, each
 * a header line {@code data SP LENGTH LF} and LENGTH (1 to {@link #MAX_FRAME}) bytes of output,
 * then one end frame: {@code STATUS SP LENGTH LF}, STATUS {@code ok} or {@code error}, then LENGTH
 * bytes of UTF-8 text that end the output (an error's message). The daemon streams a long output in
 * data frames as it is made, so neither side holds it whole; a short reply is the end frame alone.
 * One connection may carry many requests, one at a time.
 */
public final class ControlProtocol {
  private ControlProtocol() {}

  public enum Verb {
    EXEC,
    COMPLETE,
    HELP
  }

  /** A request as the daemon reads it. */
  public record Request(Verb verb, String text) {}

  /** A reply as the client reads it. */
  public record Reply(boolean ok, String text) {}

  /** The longest request line accepted (a command line is short). */
  static final int MAX_LINE = 8192;

  /** The longest frame a client accepts (the daemon's data frames are far shorter). */
  static final int MAX_FRAME = 16 << 20;

  public static void writeRequest(OutputStream out, Verb verb, String text) throws IOException {
    if (text.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a command is one line");
    }
    out.write((verb.name().toLowerCase() + " " + text + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads one request; null at the end of the stream. */
  public static Request readRequest(InputStream in) throws IOException {
    String line = readLine(in);
    return line == null ? null : parseRequest(line);
  }

  /** The request of one line (without its LF). */
  public static Request parseRequest(String line) throws IOException {
    int sp = line.indexOf(' ');
    String verb = sp < 0 ? line : line.substring(0, sp);
    String text = sp < 0 ? "" : line.substring(sp + 1);
    try {
      return new Request(Verb.valueOf(verb.toUpperCase(java.util.Locale.ROOT)), text);
    } catch (IllegalArgumentException e) {
      throw new IOException("unknown request '" + verb + "'");
    }
  }

  public static void writeReply(OutputStream out, boolean ok, String text) throws IOException {
    writeFrame(out, ok ? "ok" : "error", text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Writes one frame: its header line and its body, in one write. */
  static void writeFrame(OutputStream out, String kind, byte[] body) throws IOException {
    byte[] header = (kind + " " + body.length + "\n").getBytes(StandardCharsets.US_ASCII);
    byte[] frame = new byte[header.length + body.length];
    System.arraycopy(header, 0, frame, 0, header.length);
    System.arraycopy(body, 0, frame, header.length, body.length);
    out.write(frame);
  }

  /** Reads a whole reply, its data frames and its end joined into one text. */
  public static Reply readReply(InputStream in) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Reply end = readReply(in, data);
    return new Reply(end.ok(), data.toString(StandardCharsets.UTF_8) + end.text());
  }

  /**
   * Reads a reply, copying the bytes of its data frames to {@code data} as they come; returns its
   * status and the text of its end frame.
   */
  public static Reply readReply(InputStream in, OutputStream data) throws IOException {
    while (true) {
      String header = readLine(in);
      if (header == null) {
        throw new EOFException("cairnd closed the connection");
      }
      String[] parts = header.split(" ", 2);
      if (parts.length != 2
          || !(parts[0].equals("ok") || parts[0].equals("error") || parts[0].equals("data"))) {
        throw new IOException("bad reply header '" + header + "'");
      }
      int length;
      try {
        length = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IOException("bad reply length '" + parts[1] + "'");
      }
      if (length < 0 || length > MAX_FRAME) {
        throw new IOException("bad reply length " + length);
      }
      byte[] body = in.readNBytes(length);
      if (body.length != length) {
        throw new EOFException("reply cut short");
      }
      if (!parts[0].equals("data")) {
        return new Reply(parts[0].equals("ok"), new String(body, StandardCharsets.UTF_8));
      }
      data.write(body);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        if (b.size() == 0) {
          return null;
        }
        throw new EOFException("line cut short");
      }
      if (b.size() >= MAX_LINE) {
        throw new IOException("line longer than " + MAX_LINE + " bytes");
      }
      b.write(c);
    }
    return b.toString(StandardCharsets.UTF_8);
  }
}
