package dev.cairn.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz target for the command parser on arbitrary command text: {@link CommandTree#execute}
 * throws only {@link CommandException}; completion and help never throw. Under plain {@code mvn
 * test} it replays {@code src/test/resources/dev/cairn/cli/CommandTreeFuzzTestInputs/}; to fuzz:
 *
 * <pre>JAZZER_FUZZ=1 mvn -pl cli -am test -Dtest=CommandTreeFuzzTest</pre>
 */
class CommandTreeFuzzTest {
  private static final CommandTree TREE = FuzzGrammar.tree();

  @FuzzTest(maxDuration = "60s")
  void parseCommand(byte[] input) {
    String line = new String(input, StandardCharsets.UTF_8);
    try {
      TREE.execute(line);
    } catch (CommandException e) {
      // the declared failure: unknown, ambiguous, incomplete
    }
    TREE.complete(line);
    TREE.help(line);
  }
}
