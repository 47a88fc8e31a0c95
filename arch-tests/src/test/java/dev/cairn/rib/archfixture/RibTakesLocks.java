package dev.cairn.rib.archfixture;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** Forbidden on purpose: routing state behind locks and concurrent collections. */
public class RibTakesLocks {
  public final ReentrantLock lock = new ReentrantLock();
  public final Map<String, String> routes = new ConcurrentHashMap<>();
  public final Map<String, String> more = Collections.synchronizedMap(new HashMap<>());

  public synchronized void offer(String prefix) {
    routes.put(prefix, prefix);
  }
}
