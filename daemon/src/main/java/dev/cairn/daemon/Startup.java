package dev.cairn.daemon;

import dev.cairn.event.Exit;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Honest start-up (DESIGN §3): READY means cairnd can do its job. With {@code kernel.enabled} that
 * is once netlink is open and the kernel's table has been read and adopted; when either fails,
 * cairnd says why in one line and exits with {@link ExitStatus#KERNEL} instead of running without a
 * FIB.
 */
final class Startup {
  private static final Logger LOG = Logger.getLogger(Startup.class.getName());

  private Startup() {}

  /**
   * Waits for {@code kernel} (null: disabled) to have adopted the table, then sends READY with
   * {@code status}; on failure logs one line and ends through {@code exit}. Returns whether READY
   * was sent.
   */
  static boolean ready(KernelSync kernel, SdNotify notify, Exit exit, Supplier<String> status) {
    if (kernel != null) {
      try {
        kernel.started().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exit.exit(ExitStatus.KERNEL);
        return false;
      } catch (ExecutionException | CompletionException e) {
        Throwable why = e.getCause() == null ? e : e.getCause();
        LOG.severe(
            "kernel: cannot open netlink or adopt the kernel's table: "
                + oneLine(why)
                + "; kernel.enabled is true, so cairnd exits (status "
                + ExitStatus.KERNEL
                + ") instead of running without a FIB");
        exit.exit(ExitStatus.KERNEL);
        return false;
      }
    }
    notify.ready(status.get());
    return true;
  }

  private static String oneLine(Throwable t) {
    String m = t.getMessage() == null ? t.toString() : t.getMessage();
    return m.replaceAll("\\s+", " ").strip();
  }
}
