package dev.cairn.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a {@code show ... json} output against its schema in {@code dev/cairn/daemon/schema/}
 * (JSON Schema 2020-12) with networknt's json-schema-validator, for the daemon's tests and the
 * interop tests (through the daemon's test jar).
 */
public final class JsonSchemas {
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /** The schema {@code name} ({@code bgp-summary}, ...), read once. */
  public static Schema schema(String name) throws IOException {
    try {
      return SCHEMAS.computeIfAbsent(name, JsonSchemas::load);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static Schema load(String name) {
    try (InputStream in =
        JsonSchemas.class.getResourceAsStream("/dev/cairn/daemon/schema/" + name + ".json")) {
      if (in == null) {
        throw new UncheckedIOException(new IOException("no schema " + name));
      }
      return REGISTRY.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The problems of {@code json} against the schema {@code name}; empty when it conforms. */
  public static List<String> check(String name, String json) throws IOException {
    JsonNode node = MAPPER.readTree(json);
    return schema(name).validate(node).stream().map(Error::toString).toList();
  }
}
