package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every documented example in {@code examples/} parses and round-trips through the printer. */
class ExamplesTest {
  static final Path DIR = Path.of("..", "examples");

  static List<Path> examples() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void theThreeDocumentedExamplesExist() throws IOException {
    assertThat(examples())
        .extracting(p -> p.getFileName().toString())
        .contains("gateway.yaml", "k8s-node.yaml", "route-reflector.yaml");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void parsesWithoutError(Path file) throws Exception {
    CairnConfig c = ConfigLoader.load(file);
    assertThat(c.routerId()).isNotNull();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void printsBackToAnEqualConfig(Path file) throws Exception {
    CairnConfig c = ConfigLoader.load(file);
    String printed = ConfigPrinter.print(c);
    assertThat(ConfigLoader.parse(printed, "printed")).isEqualTo(c);
  }
}
