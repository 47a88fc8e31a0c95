package dev.cairn.kernel;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Runs code inside a named network namespace ({@code /var/run/netns/NAME}, as made by {@code ip
 * netns add}). {@code setns(2)} changes only the calling thread, so the work runs on a fresh thread
 * that enters the namespace, runs, and goes back to its original namespace before it ends. A socket
 * created there stays in that namespace for its whole life, whichever thread uses it later: this is
 * how tests, the lab and benchmarks give a FIB writer a namespaced netlink socket.
 */
public final class NetNs {
  private NetNs() {}

  /** Opens a route netlink socket inside namespace {@code name}. */
  public static NetlinkSocket openRouteSocket(String name) {
    return call(name, NetlinkSocket::openRoute);
  }

  /** Runs {@code work} with the calling context switched into namespace {@code name}. */
  public static <T> T call(String name, Callable<T> work) {
    if (name.isEmpty() || name.contains("/") || name.equals("..") || name.equals(".")) {
      throw new IllegalArgumentException("bad namespace name '" + name + "'");
    }
    FutureTask<T> task = new FutureTask<>(() -> inNamespace("/var/run/netns/" + name, work));
    Thread t = new Thread(task, "netns-" + name);
    t.setDaemon(true);
    t.start();
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NetlinkException("interrupted entering namespace " + name, Errno.EINTR);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new NetlinkException("in namespace " + name + ": " + c, 0);
    }
  }

  private static <T> T inNamespace(String path, Callable<T> work) throws Exception {
    LibC libc = LibC.get();
    int home = libc.open("/proc/thread-self/ns/net", Rtnl.O_RDONLY | Rtnl.O_CLOEXEC);
    if (home < 0) {
      throw NetlinkException.lastError("open /proc/thread-self/ns/net");
    }
    try {
      int target = libc.open(path, Rtnl.O_RDONLY | Rtnl.O_CLOEXEC);
      if (target < 0) {
        throw NetlinkException.lastError("open " + path);
      }
      try {
        if (libc.setns(target, Rtnl.CLONE_NEWNET) != 0) {
          throw NetlinkException.lastError("setns " + path);
        }
      } finally {
        libc.close(target);
      }
      try {
        return work.call();
      } finally {
        if (libc.setns(home, Rtnl.CLONE_NEWNET) != 0) {
          // the thread ends right after; nothing else will run in the wrong namespace
          throw NetlinkException.lastError("setns back to the original namespace");
        }
      }
    } finally {
      libc.close(home);
    }
  }
}
