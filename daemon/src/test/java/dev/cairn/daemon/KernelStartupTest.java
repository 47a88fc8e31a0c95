package dev.cairn.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.ConfigLoader;
import dev.cairn.config.KernelConfig;
import dev.cairn.event.ThreadEventLoop;
import dev.cairn.kernel.Errno;
import dev.cairn.kernel.FibError;
import dev.cairn.kernel.FibOp;
import dev.cairn.kernel.Kernel;
import dev.cairn.kernel.LinkMessage;
import dev.cairn.kernel.NetlinkException;
import dev.cairn.kernel.NexthopMessage;
import dev.cairn.kernel.RouteMessage;
import dev.cairn.kernel.RouteWatch;
import dev.cairn.net.IpAddress;
import dev.cairn.rib.Rib;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Honest start-up: with {@code kernel.enabled}, READY only once netlink is open and the kernel's
 * table adopted; when opening or adopting fails, exit status 71 and no READY.
 */
class KernelStartupTest {
  final ThreadEventLoop ribLoop = new ThreadEventLoop("rib-startup-test");
  final Rib rib = new Rib(ribLoop, 16);
  final List<String> sent = new ArrayList<>();
  final SdNotify notify = new SdNotify(m -> sent.add(m));
  final List<Integer> exits = new ArrayList<>();
  final AtomicBoolean watchClosed = new AtomicBoolean();

  @AfterEach
  void close() {
    ribLoop.close();
  }

  static KernelConfig kernelConfig() throws Exception {
    return ConfigLoader.parse("router-id: 192.0.2.1\nkernel: { enabled: true }\n", "t.yaml")
        .kernel();
  }

  /** An empty kernel whose route dump fails when {@code dumpFails}. */
  static Kernel kernel(boolean dumpFails) {
    return new Kernel() {
      @Override
      public List<FibError> apply(List<? extends FibOp> ops) {
        return List.of();
      }

      @Override
      public List<RouteMessage> dumpRoutes(int family) {
        if (dumpFails) {
          throw new NetlinkException("RTM_GETROUTE dump", Errno.ENOBUFS);
        }
        return List.of();
      }

      @Override
      public List<NexthopMessage> dumpNexthops() {
        return List.of();
      }

      @Override
      public List<LinkMessage> dumpLinks() {
        return List.of();
      }

      @Override
      public RouteMessage lookup(IpAddress dst) {
        return null;
      }

      @Override
      public boolean nexthopObjectsSupported() {
        return false;
      }

      @Override
      public boolean resilientGroups() {
        return false;
      }
    };
  }

  KernelSync.Netlink netlink(Kernel k) {
    return new KernelSync.Netlink() {
      @Override
      public Kernel open() {
        if (k == null) {
          throw new NetlinkException("socket(NETLINK_ROUTE)", Errno.EPERM);
        }
        return k;
      }

      @Override
      public AutoCloseable watch(int table, RouteWatch.Listener listener) {
        return () -> watchClosed.set(true);
      }
    };
  }

  @Test
  void netlinkThatCannotBeOpenedExitsWith71AndNoReady() throws Exception {
    KernelSync k = KernelSync.start(kernelConfig(), rib, netlink(null));
    assertThat(Startup.ready(k, notify, exits::add, () -> "running")).isFalse();
    assertThat(exits).containsExactly(ExitStatus.KERNEL);
    assertThat(sent).noneMatch(m -> m.contains("READY=1"));
  }

  @Test
  void aTableThatCannotBeAdoptedExitsWith71AndNoReady() throws Exception {
    KernelSync k = KernelSync.start(kernelConfig(), rib, netlink(kernel(true)));
    assertThat(Startup.ready(k, notify, exits::add, () -> "running")).isFalse();
    assertThat(exits).containsExactly(ExitStatus.KERNEL);
    assertThat(sent).isEmpty();
    assertThat(watchClosed).as("the route watch opened before the dump is closed").isTrue();
  }

  @Test
  void readyOnceTheTableIsAdopted() throws Exception {
    KernelSync k = KernelSync.start(kernelConfig(), rib, netlink(kernel(false)));
    assertThat(Startup.ready(k, notify, exits::add, () -> "running: 0 of 0")).isTrue();
    assertThat(k.started()).isCompletedWithValue(0);
    assertThat(exits).isEmpty();
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0)).startsWith("READY=1\nSTATUS=running: 0 of 0\n");
  }

  @Test
  void withoutAKernelReadyComesAtOnce() {
    assertThat(Startup.ready(null, notify, exits::add, () -> "running")).isTrue();
    assertThat(sent).hasSize(1);
  }
}
