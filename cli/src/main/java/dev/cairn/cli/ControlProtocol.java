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
 * (what may come next: {@code WORD TAB HELP} per line). A reply is a header line {@code STATUS SP
 * LENGTH LF}, STATUS {@code ok} or {@code error}, then LENGTH bytes of UTF-8 text. One connection
 * may carry many requests, one at a time.
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
    if (line == null) {
      return null;
    }
    int sp = line.indexOf(' ');
    String verb = sp < 0 ? line : line.substring(0, sp);
    String text = sp < 0 ? "" : line.substring(sp + 1);
    try {
      return new Request(Verb.valueOf(verb.toUpperCase()), text);
    } catch (IllegalArgumentException e) {
      throw new IOException("unknown request '" + verb + "'");
    }
  }

  public static void writeReply(OutputStream out, boolean ok, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    out.write(((ok ? "ok " : "error ") + body.length + "\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  public static Reply readReply(InputStream in) throws IOException {
    String header = readLine(in);
    if (header == null) {
      throw new EOFException("cairnd closed the connection");
    }
    String[] parts = header.split(" ", 2);
    if (parts.length != 2 || !(parts[0].equals("ok") || parts[0].equals("error"))) {
      throw new IOException("bad reply header '" + header + "'");
    }
    int length;
    try {
      length = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("bad reply length '" + parts[1] + "'");
    }
    if (length < 0) {
      throw new IOException("bad reply length '" + parts[1] + "'");
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new EOFException("reply cut short");
    }
    return new Reply(parts[0].equals("ok"), new String(body, StandardCharsets.UTF_8));
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
