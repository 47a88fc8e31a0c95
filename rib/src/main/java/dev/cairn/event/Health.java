package dev.cairn.event;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Liveness of the threads that own state (DESIGN §3): the routing loops, the Netty I/O threads, the
 * link monitor, the route watch, the OSPF raw-socket readers, the Kubernetes informers. Each one
 * registers a {@link Reporter} and says through it when it fails, dies or comes back; {@code show
 * health}, the {@code cairn_component_up} metric and the systemd watchdog read {@link #snapshot()}.
 *
 * <p>Not routing state: every report replaces one small immutable {@link Status} in a concurrent
 * map, written by the component's own thread, read by any.
 */
public final class Health {
  private static final System.Logger LOG = System.getLogger(Health.class.getName());
  private static final Health PROCESS = new Health(Clock.systemUTC(), Exit.HALT);

  /** What a component is doing. */
  public enum State {
    /** Running and doing its job. */
    UP,
    /** Running, but its work keeps failing (e.g. an informer that cannot reach the API server). */
    FAILING,
    /** Its thread has ended: nothing it owns moves any more. The watchdog stops. */
    DEAD
  }

  /**
   * One component's report: its state since {@code since}; the last error (null when none) and when
   * it happened.
   */
  public record Status(
      String component, State state, Instant since, String lastError, Instant lastErrorAt) {
    public Status {
      Objects.requireNonNull(component);
      Objects.requireNonNull(state);
      Objects.requireNonNull(since);
    }

    public boolean up() {
      return state == State.UP;
    }
  }

  private final Clock clock;
  private final Exit exit;
  private final ConcurrentHashMap<Reporter, Status> statuses = new ConcurrentHashMap<>();

  /** A registry reading {@code clock} that ends the process through {@code exit}. */
  public Health(Clock clock, Exit exit) {
    this.clock = Objects.requireNonNull(clock);
    this.exit = Objects.requireNonNull(exit);
  }

  /** The process's registry: the wall clock, and {@link Exit#HALT}. */
  public static Health process() {
    return PROCESS;
  }

  /** Registers {@code component}, up from now. Names need not be unique. */
  public Reporter register(String component) {
    Reporter r = new Reporter(component);
    statuses.put(r, new Status(component, State.UP, clock.instant(), null, null));
    return r;
  }

  /** Every registered component, by name. */
  public List<Status> snapshot() {
    List<Status> out = new ArrayList<>(statuses.values());
    out.sort(Comparator.comparing(Status::component).thenComparing(Status::since));
    return out;
  }

  /** The components whose thread has ended, by name. */
  public List<Status> dead() {
    return snapshot().stream().filter(s -> s.state() == State.DEAD).toList();
  }

  /** What one component reports through; one per thread or informer. */
  public final class Reporter implements AutoCloseable {
    private final String component;

    private Reporter(String component) {
      this.component = Objects.requireNonNull(component);
    }

    public String component() {
      return component;
    }

    /** This component's status now (null once closed). */
    public Status status() {
      return statuses.get(this);
    }

    /** A failure the component survives (a task threw, a handler failed): the last error. */
    public void error(String text) {
      statuses.computeIfPresent(
          this, (k, s) -> new Status(component, s.state(), s.since(), text, clock.instant()));
    }

    /** Alive, but its work keeps failing; {@code text} says why (null: the last error does). */
    public void failing(String text) {
      move(State.FAILING, text);
    }

    /** Working again (after {@link #failing}); the last error stays for the operator. */
    public void up() {
      move(State.UP, null);
    }

    /** Its thread ended ({@code text}: why) while nobody asked it to stop. */
    public void dead(String text) {
      move(State.DEAD, text);
    }

    /**
     * An {@link Error} reached the component's thread: it is logged, the component is dead, and the
     * process ends with {@link Exit#THREAD_ERROR}. Returns only if the injected {@link Exit} does;
     * the caller's thread should then end.
     */
    public void fatal(Throwable error) {
      try {
        dead(error.toString());
        LOG.log(
            System.Logger.Level.ERROR,
            component
                + ": "
                + error
                + ": cairnd exits with status "
                + Exit.THREAD_ERROR
                + " (systemd restarts it; the kernel keeps the routes)",
            error);
      } catch (Throwable t) {
        // out of memory or stack while reporting: exit all the same
      } finally {
        exit.exit(Exit.THREAD_ERROR);
      }
    }

    private void move(State state, String text) {
      statuses.computeIfPresent(
          this,
          (k, s) -> {
            if (s.state() == state && (text == null || text.equals(s.lastError()))) {
              return s; // nothing new: since and the error's time stay
            }
            Instant now = clock.instant();
            Instant since = s.state() == state ? s.since() : now;
            return text == null
                ? new Status(component, state, since, s.lastError(), s.lastErrorAt())
                : new Status(component, state, since, text, now);
          });
    }

    /** Unregisters: the component stopped because it was asked to. */
    @Override
    public void close() {
      statuses.remove(this);
    }
  }
}
