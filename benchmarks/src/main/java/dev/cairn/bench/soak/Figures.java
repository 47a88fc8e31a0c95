package dev.cairn.bench.soak;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one soak measurement, in a fixed order, and the rule each must keep between the
 * baseline and the end of the run (see {@link #check}).
 */
final class Figures {
  /** How a figure may differ at the end from its baseline. */
  enum Rule {
    /** Heap after a full GC: at most 10 % or 16 MB above the baseline, whichever is larger. */
    HEAP,
    /** Exactly the baseline. */
    EXACT,
    /** At most {@link #internerSlack} from the baseline. */
    INTERNER,
    /** At most {@link #TIMER_SLACK} from the baseline. */
    TIMERS_PENDING,
    /** At most {@link #queuedSlack} above the baseline. */
    TIMERS_QUEUED,
    /** Shown, not judged. */
    REPORT
  }

  /**
   * Attribute sets the receiver's export cache may keep alive at the end that it did not keep at
   * the baseline. The cache (bgp-core ExportCache) is direct-mapped, {@value #EXPORT_CACHE_SLOTS}
   * slots per exporting neighbor, and holds its keys strongly: a set of a withdrawn or replaced
   * route stays until its slot is overwritten. Every cycle ends with the flapping feeder's whole
   * table, {@code s} sets, passing through the cache; a slot escapes all of them with probability
   * e^(-s/slots), so about 4096 e^(-s/4096) slots (9 for 100k prefixes in UPDATEs of 4) may still
   * hold older sets. The slack is four times that, and at least 64.
   */
  static long internerSlack(int flapPrefixes) {
    double sets = flapPrefixes / 4.0;
    double escaped = EXPORT_CACHE_SLOTS * Math.exp(-sets / EXPORT_CACHE_SLOTS);
    return Math.max(64, (long) Math.ceil(4 * escaped));
  }

  static final int EXPORT_CACHE_SLOTS = 4096;

  /**
   * Live timers are one per session timer (keepalive, hold, connect-retry, idle-hold) plus the
   * FIB's periodic scan; a one-shot timer (a rate-limited log summary, a retry) may be armed at the
   * moment of either sample.
   */
  static final long TIMER_SLACK = 2;

  /**
   * Cancelled timers stay in the queue until their deadline, at most {@link #LONGEST_TIMER_SECONDS}
   * (a BGP session's hold timer in OpenSent): each flap of those last minutes leaves its session's
   * keepalive, hold and OpenSent hold timers behind, and the idle-hold or connect-retry it cancels.
   * Four per flap, plus 16.
   */
  static long queuedSlack(int recentFlaps) {
    return 16 + 4L * recentFlaps;
  }

  static final long LONGEST_TIMER_SECONDS = 240;

  /** The queued timers' slack for this comparison (see {@link #queuedSlack}). */
  long queuedSlackTimers = queuedSlack(0);

  static final long HEAP_SLACK_KB = 16 * 1024;

  /** The interner's slack for this run (see {@link #internerSlack}). */
  final long internerSlackSets;

  final Map<String, Long> values = new LinkedHashMap<>();

  Figures(long internerSlackSets) {
    this.internerSlackSets = internerSlackSets;
  }

  final Map<String, Rule> rules = new LinkedHashMap<>();

  void put(String name, long value, Rule rule) {
    values.put(name, value);
    rules.put(name, rule);
  }

  long get(String name) {
    return values.getOrDefault(name, -1L);
  }

  /** The allowed maximum at the end for a baseline {@code base} under {@code rule}. */
  long limit(Rule rule, long base) {
    return switch (rule) {
      case HEAP -> base + Math.max(base / 10, HEAP_SLACK_KB);
      case EXACT -> base;
      case INTERNER -> base + internerSlackSets;
      case TIMERS_PENDING -> base + TIMER_SLACK;
      case TIMERS_QUEUED -> base + queuedSlackTimers;
      case REPORT -> Long.MAX_VALUE;
    };
  }

  /** The allowed minimum at the end (a figure that fell below its baseline lost state). */
  long floor(Rule rule, long base) {
    return switch (rule) {
      case EXACT -> base;
      case INTERNER -> base - internerSlackSets;
      case TIMERS_PENDING -> base - TIMER_SLACK;
      default -> Long.MIN_VALUE;
    };
  }

  String describe(Rule rule) {
    return switch (rule) {
      case HEAP -> "<= +10% or +16 MB";
      case EXACT -> "exact";
      case INTERNER -> "+-" + internerSlackSets;
      case TIMERS_PENDING -> "+-" + TIMER_SLACK;
      case TIMERS_QUEUED -> "<= +" + queuedSlackTimers;
      case REPORT -> "(shown)";
    };
  }

  /** Null when {@code end} keeps every rule of {@code base}; otherwise the figures that do not. */
  static String check(Figures base, Figures end) {
    StringBuilder bad = new StringBuilder();
    for (Map.Entry<String, Rule> e : base.rules.entrySet()) {
      String name = e.getKey();
      long b = base.get(name);
      Long v = end.values.get(name);
      if (v == null) {
        bad.append(name).append(": missing at the end; ");
      } else if (v > base.limit(e.getValue(), b) || v < base.floor(e.getValue(), b)) {
        bad.append(name)
            .append(": ")
            .append(b)
            .append(" -> ")
            .append(v)
            .append(" (allowed ")
            .append(base.describe(e.getValue()))
            .append("); ");
      }
    }
    for (String name : end.values.keySet()) {
      if (!base.values.containsKey(name) && end.rules.get(name) != Rule.REPORT) {
        bad.append(name).append(": new at the end (").append(end.get(name)).append("); ");
      }
    }
    return bad.length() == 0 ? null : bad.toString();
  }
}
