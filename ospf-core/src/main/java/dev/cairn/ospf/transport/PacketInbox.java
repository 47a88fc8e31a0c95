package dev.cairn.ospf.transport;

import dev.cairn.event.EventLoop;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bounded hand-off of received packets from a socket's reader thread to the OSPF loop: at most
 * {@code capacity} packets wait; {@link #offer} refuses (and the caller counts a drop) when full,
 * so a packet flood costs a bounded amount of memory and cannot bury the loop's own timers under
 * millions of queued tasks. One drain task at a time is posted to the loop and hands the waiting
 * packets to the receiver in order, a bounded batch per task so timers interleave.
 */
public final class PacketInbox {
  /** Enough for a full database exchange burst on a busy LAN; a flood beyond it is dropped. */
  public static final int DEFAULT_CAPACITY = 4096;

  static final int BATCH = 256;

  private record Item(int source, byte[] packet) {}

  private final EventLoop loop;
  private final ArrayBlockingQueue<Item> queue;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile OspfTransport.Receiver receiver;

  public PacketInbox(EventLoop loop, int capacity) {
    this.loop = loop;
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  public void setReceiver(OspfTransport.Receiver receiver) {
    this.receiver = receiver;
  }

  /** From the reader thread: queues a packet; false (nothing queued) when the inbox is full. */
  public boolean offer(int source, byte[] packet) {
    if (!queue.offer(new Item(source, packet))) {
      return false;
    }
    if (scheduled.compareAndSet(false, true)) {
      loop.execute(this::drain);
    }
    return true;
  }

  /** Packets waiting. */
  public int size() {
    return queue.size();
  }

  private void drain() {
    for (int i = 0; i < BATCH; i++) {
      Item it = queue.poll();
      if (it == null) {
        break;
      }
      OspfTransport.Receiver r = receiver;
      if (r != null) {
        r.receive(it.source(), it.packet());
      }
    }
    scheduled.set(false);
    if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
      loop.execute(this::drain);
    }
  }
}
