package dev.cairn.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A command's output on its way to the client: text is gathered up to {@link #CHUNK} characters and
 * sent as one data frame of the {@link ControlProtocol}, so a table of a million routes leaves the
 * daemon in pieces as it is rendered and is never one string. {@link #finish} sends the end frame.
 * Not thread-safe: one command writes it.
 */
public final class ReplyWriter extends Writer {
  /** Characters gathered before a data frame is sent. */
  static final int CHUNK = 32 * 1024;

  private final OutputStream out;
  private final Runnable progress;
  private final StringBuilder buf = new StringBuilder(CHUNK + 256);
  private long sent;
  private boolean finished;

  /**
   * A writer of data frames to {@code out}; {@code progress} runs after each frame has gone out
   * (the server's watch on stalled clients).
   */
  public ReplyWriter(OutputStream out, Runnable progress) {
    this.out = out;
    this.progress = progress;
  }

  @Override
  public void write(char[] c, int off, int len) throws IOException {
    check();
    buf.append(c, off, len);
    if (buf.length() >= CHUNK) {
      send();
    }
  }

  @Override
  public void write(String s, int off, int len) throws IOException {
    check();
    buf.append(s, off, off + len);
    if (buf.length() >= CHUNK) {
      send();
    }
  }

  @Override
  public Writer append(CharSequence s) throws IOException {
    check();
    buf.append(s);
    if (buf.length() >= CHUNK) {
      send();
    }
    return this;
  }

  @Override
  public void write(int c) throws IOException {
    check();
    buf.append((char) c);
    if (buf.length() >= CHUNK) {
      send();
    }
  }

  private void check() throws IOException {
    if (finished) {
      throw new IOException("reply already finished");
    }
  }

  /** Sends what is gathered as a data frame (a lone high surrogate waits for its pair). */
  private void send() throws IOException {
    int n = buf.length();
    if (n > 0 && Character.isHighSurrogate(buf.charAt(n - 1))) {
      n--;
    }
    if (n == 0) {
      return;
    }
    byte[] body = buf.substring(0, n).getBytes(StandardCharsets.UTF_8);
    buf.delete(0, n);
    ControlProtocol.writeFrame(out, "data", body);
    sent += body.length;
    progress.run();
  }

  /** Sends what is gathered, so that the client sees it now. */
  @Override
  public void flush() throws IOException {
    check();
    send();
    out.flush();
  }

  /** Bytes of output sent so far in data frames. */
  public long sent() {
    return sent;
  }

  /**
   * Ends the reply: what is gathered goes out, then the end frame with {@code status} and {@code
   * text} (an error's message, after the output written before it failed).
   */
  public void finish(boolean ok, String text) throws IOException {
    check();
    String rest = buf.toString();
    buf.setLength(0);
    finished = true;
    if (!ok && !rest.isEmpty()) {
      ControlProtocol.writeFrame(out, "data", rest.getBytes(StandardCharsets.UTF_8));
      rest = "";
    }
    ControlProtocol.writeReply(out, ok, rest + text);
    progress.run();
  }

  /** Closing a reply does not close the connection: use {@link #finish}. */
  @Override
  public void close() {}
}
