package dev.cairn.config;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz target for the YAML configuration loader on arbitrary text: only {@link
 * ConfigException} may escape (no SnakeYAML exception, no NullPointerException, no
 * StackOverflowError from deep nesting, no blow-up from aliases). Under plain {@code mvn test} it
 * replays {@code src/test/resources/dev/cairn/config/ConfigLoaderFuzzTestInputs/} (the examples and
 * the inputs the fuzzer found); to fuzz:
 *
 * <pre>JAZZER_FUZZ=1 mvn -pl config -am test -Dtest=ConfigLoaderFuzzTest</pre>
 */
class ConfigLoaderFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void loadConfig(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      ConfigLoader.parse(text, "fuzz.yaml");
    } catch (ConfigException e) {
      // the declared failure: FILE:LINE:COLUMN messages
    }
  }
}
