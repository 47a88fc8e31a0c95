package dev.cairn.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The JSON of {@code show ... json}, written with Jackson: the commands' view records (their
 * components become kebab-case keys, in declaration order, absent values as {@code null}), maps,
 * lists, strings, numbers and booleans, compact with a trailing newline; and the matching reader
 * for tools and tests, which gives integers as {@code Long}.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .enable(DeserializationFeature.USE_LONG_FOR_INTS);

  private Json() {}

  public static String write(Object v) {
    try {
      return MAPPER.writeValueAsString(v) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not writable as JSON: " + e.getMessage(), e);
    }
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
