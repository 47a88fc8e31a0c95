package dev.cairn.ospf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cairn.event.ThreadEventLoop;
import dev.cairn.net.Ipv4Address;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The router owns its state on its loop: an entry point called from another thread refuses. */
class LoopOwnershipTest {
  @Test
  void entryPointsRefuseOtherThreadsAndWorkOnTheLoop() throws Exception {
    try (ThreadEventLoop loop = new ThreadEventLoop("ospf-test")) {
      OspfRouter r =
          new OspfRouter(
              loop,
              Ipv4Address.parse("192.0.2.1"),
              new Lab.Sink(),
              OspfRouter.SpfTimers.DEFAULT,
              1000,
              s -> {});
      r.addArea(Ipv4Address.parse("0.0.0.0"), false, 0); // built before it runs: any thread
      assertThrows(IllegalStateException.class, r::start);
      assertThrows(IllegalStateException.class, r::neighbors);
      assertThrows(IllegalStateException.class, () -> r.setInterfaceUp("eth0", false));
      CompletableFuture<List<NeighborInfo>> f = new CompletableFuture<>();
      loop.execute(
          () -> {
            r.start();
            f.complete(r.neighbors());
          });
      assertEquals(List.of(), f.get(30, TimeUnit.SECONDS));
    }
  }
}
