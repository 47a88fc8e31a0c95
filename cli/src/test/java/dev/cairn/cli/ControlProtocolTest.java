package dev.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Framing errors are {@link IOException}s, whatever the bytes. */
class ControlProtocolTest {
  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aNegativeReplyLengthIsAFramingError() {
    // readNBytes(-1) threw IllegalArgumentException (ControlProtocolFuzzTest replays this input)
    IOException e = assertThrows(IOException.class, () -> ControlProtocol.readReply(in("ok -1\n")));
    assertEquals("bad reply length -1", e.getMessage());
  }

  @Test
  void repliesAndRequestsReadBack() throws IOException {
    assertEquals(new ControlProtocol.Reply(true, "hi"), ControlProtocol.readReply(in("ok 2\nhi")));
    assertEquals(
        new ControlProtocol.Request(ControlProtocol.Verb.HELP, "show "),
        ControlProtocol.readRequest(in("help show \n")));
    assertThrows(IOException.class, () -> ControlProtocol.readRequest(in("nope x\n")));
  }
}
