package dev.cairn.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON value against one of the schemas in {@code dev/cairn/daemon/schema/} (the subset of
 * JSON Schema they use: type, properties, required, additionalProperties false, items, enum).
 */
public final class JsonSchemas {
  private JsonSchemas() {}

  public static Object schema(String name) throws IOException {
    try (InputStream in = JsonSchemas.class.getResourceAsStream("schema/" + name + ".json")) {
      if (in == null) {
        throw new IOException("no schema " + name);
      }
      return Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The problems of {@code value} against the schema {@code name}; empty when it conforms. */
  public static List<String> check(String name, String json) throws IOException {
    List<String> problems = new ArrayList<>();
    check(schema(name), Json.parse(json), "$", problems);
    return problems;
  }

  @SuppressWarnings("unchecked")
  private static void check(Object schemaNode, Object v, String where, List<String> out) {
    Map<String, Object> s = (Map<String, Object>) schemaNode;
    Object type = s.get("type");
    if (type != null) {
      List<Object> types = type instanceof List<?> l ? (List<Object>) l : List.of(type);
      if (types.stream().noneMatch(t -> is((String) t, v))) {
        out.add(where + ": " + describe(v) + " is not " + types);
        return;
      }
    }
    if (s.containsKey("enum") && !((List<Object>) s.get("enum")).contains(v)) {
      out.add(where + ": " + v + " is not one of " + s.get("enum"));
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> props = (Map<String, Object>) s.getOrDefault("properties", Map.of());
      for (Object r : (List<Object>) s.getOrDefault("required", List.of())) {
        if (!m.containsKey(r)) {
          out.add(where + ": missing " + r);
        }
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object sub = props.get(e.getKey());
        if (sub == null) {
          if (Boolean.FALSE.equals(s.get("additionalProperties"))) {
            out.add(where + ": unexpected " + e.getKey());
          }
        } else {
          check(sub, e.getValue(), where + "." + e.getKey(), out);
        }
      }
    }
    if (v instanceof List<?> l && s.containsKey("items")) {
      for (int i = 0; i < l.size(); i++) {
        check(s.get("items"), l.get(i), where + "[" + i + "]", out);
      }
    }
  }

  private static boolean is(String type, Object v) {
    return switch (type) {
      case "object" -> v instanceof Map;
      case "array" -> v instanceof List;
      case "string" -> v instanceof String;
      case "integer" -> v instanceof Long;
      case "number" -> v instanceof Long || v instanceof Double;
      case "boolean" -> v instanceof Boolean;
      case "null" -> v == null;
      default -> false;
    };
  }

  private static String describe(Object v) {
    return v == null ? "null" : v.getClass().getSimpleName() + " " + v;
  }
}
