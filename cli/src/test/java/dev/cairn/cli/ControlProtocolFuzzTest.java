package dev.cairn.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Jazzer fuzz target for the control protocol as the server reads it: a stream of request lines,
 * each answered from a command tree as {@link ControlServer} does. Reading throws only {@link
 * IOException} (which ends the connection), running only {@link CommandException}. Bit 0 of the
 * first octet reads the rest as replies instead (the client's side): {@link IOException} only.
 * Under plain {@code mvn test} it replays {@code
 * src/test/resources/dev/cairn/cli/ControlProtocolFuzzTestInputs/}; to fuzz:
 *
 * <pre>JAZZER_FUZZ=1 mvn -pl cli -am test -Dtest=ControlProtocolFuzzTest</pre>
 */
class ControlProtocolFuzzTest {
  private static final CommandTree TREE = FuzzGrammar.tree();

  @FuzzTest(maxDuration = "60s")
  void readStream(byte[] input) {
    if (input.length == 0) {
      return;
    }
    InputStream in = new ByteArrayInputStream(input, 1, input.length - 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if ((input[0] & 1) == 0) {
        ControlProtocol.Request r;
        while ((r = ControlProtocol.readRequest(in)) != null) {
          answer(r);
        }
      } else {
        while (in.available() > 0) {
          ControlProtocol.readReply(in);
        }
      }
    } catch (IOException e) {
      // the declared failure: the connection ends
    }
  }

  private static void answer(ControlProtocol.Request r) {
    switch (r.verb()) {
      case COMPLETE -> TREE.complete(r.text());
      case HELP -> TREE.help(r.text());
      default -> {
        try {
          TREE.execute(r.text());
        } catch (CommandException e) {
          // answered with an error reply
        }
      }
    }
  }
}
