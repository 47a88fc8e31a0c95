package dev.cairn.bgp.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.Health;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.IpAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BGP I/O threads in {@link Health}: a connection reset by its peer is the last error of {@code
 * bgp-io}, which stays up; closing the transport takes it out of the registry (stopped, not dead).
 */
class NettyTransportHealthTest {
  @Test
  void aHandlerFailureIsTheLastErrorAndCloseIsNotDeath() throws Exception {
    List<Integer> exits = new ArrayList<>();
    Health health = new Health(Clock.systemUTC(), exits::add);
    ThreadEventLoop owner = new ThreadEventLoop("bgp", health);
    NettyTransport t = new NettyTransport(owner, 0, health);
    try {
      t.listen(IpAddress.parse("127.0.0.1"), c -> {});
      assertThat(t.health().state()).isEqualTo(Health.State.UP);
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", t.boundPort()));
        s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff});
        s.setSoLinger(true, 0); // close with a RST
      }
      long end = System.nanoTime() + 30_000_000_000L;
      while (t.health().lastError() == null && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(t.health().lastError()).contains("/127.0.0.1:").contains("reset");
      assertThat(t.health().state()).isEqualTo(Health.State.UP);
    } finally {
      t.close();
    }
    assertThat(health.snapshot()).extracting(Health.Status::component).containsExactly("bgp");
    assertThat(exits).isEmpty();
    owner.close();
  }
}
