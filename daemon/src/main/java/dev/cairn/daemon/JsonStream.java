package dev.cairn.daemon;

import java.io.IOException;

/**
 * One JSON document written in pieces: an object's leading members (a view record), then one array
 * member whose elements are written as they come, then the end. The bytes are those of {@link
 * Json#write} of the whole object; a table of a million routes is thus never one string.
 */
final class JsonStream {
  private final Appendable out;
  private long count;

  private JsonStream(Appendable out) {
    this.out = out;
  }

  /**
   * Opens an object with {@code head}'s members and then the array {@code key}: what follows are
   * its elements ({@link #add}), then {@link #close}.
   */
  static JsonStream open(Appendable out, Object head, String key) throws IOException {
    String h = json(head);
    out.append(h, 0, h.length() - 1).append(h.equals("{}") ? "" : ",");
    out.append(json(key)).append(":[");
    return new JsonStream(out);
  }

  /** Writes one element of the array, with the comma before it. */
  void add(Object element) throws IOException {
    if (count++ > 0) {
      out.append(',');
    }
    out.append(json(element));
  }

  /** Ends the array and the object. */
  void close() throws IOException {
    out.append("]}\n");
  }

  /** A JSON value without the newline that {@link Json#write} ends a document with. */
  private static String json(Object v) {
    String s = Json.write(v);
    return s.substring(0, s.length() - 1);
  }
}
