package dev.cairn.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON of {@code show ... json}, written with Jackson (which the Kubernetes client brings
 * anyway): ordered maps, lists, strings, numbers, booleans and null, compact with a trailing
 * newline; and the matching reader for tools and tests, which gives integers as {@code Long}.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private Json() {}

  public static String write(Object v) {
    try {
      return MAPPER.writeValueAsString(v) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not writable as JSON: " + e.getMessage(), e);
    }
  }

  /** An ordered JSON object under construction. */
  public static Map<String, Object> object() {
    return new LinkedHashMap<>();
  }

  /** Parses a JSON text into maps, lists, strings, longs, doubles, booleans and null. */
  public static Object parse(String text) {
    try {
      return MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("JSON: " + e.getOriginalMessage(), e);
    }
  }
}
