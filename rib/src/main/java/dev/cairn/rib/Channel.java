package dev.cairn.rib;

import dev.cairn.event.EventLoop;
import dev.cairn.net.IpPrefix;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where one protocol meets the {@link Rib} (BIRD's channel): it offers its routes through the
 * channel, which lets in what the {@link Import} filter passes, up to the import limit, and it
 * takes the RIB's best routes of other sources through the channel's {@link Export} filter.
 * Redistribution between any two sources is nothing but an export filter: OSPF exporting static
 * routes, BGP exporting Kubernetes routes (with their {@link RouteAttributes}), the kernel FIB
 * exporting what {@code kernel.export} lists. A protocol offers only routes of its own {@link
 * Source}, and never hears its own routes back.
 *
 * <p>Offers may come from any thread; the filters, the limit and the counts live on the RIB's loop,
 * so the filters must be pure functions of the route (they run there).
 */
public final class Channel implements RouteSink {

  /**
   * What a channel lets in.
   *
   * @param filter routes it refuses are not imported, and one imported before for the prefix is
   *     withdrawn ({@code null}: all)
   * @param limit at most this many routes in the RIB at once; beyond, new prefixes are dropped and
   *     counted (BIRD's "block"), replacements of imported ones still pass (0: no limit)
   */
  public record Import(Predicate<Route> filter, long limit) {
    public static final Import ALL = new Import(null, 0);

    boolean accepts(Route r) {
      return filter == null || filter.test(r);
    }
  }

  /**
   * What a channel takes from the RIB: the best routes of {@code sources} that {@code filter} (a
   * policy the daemon supplies, {@code null}: all) passes.
   */
  public record Export(Set<Source> sources, Predicate<Route> filter) {
    public static final Export NONE = new Export(Set.of(), null);

    public Export {
      EnumSet<Source> s = EnumSet.noneOf(Source.class);
      s.addAll(sources);
      sources = Collections.unmodifiableSet(s);
    }

    /** The best routes of {@code sources}, all of them. */
    public static Export of(Set<Source> sources) {
      return new Export(sources, null);
    }

    public boolean accepts(Route r) {
      return sources.contains(r.protocol().source()) && (filter == null || filter.test(r));
    }

    Export without(Source own) {
      if (!sources.contains(own)) {
        return this;
      }
      EnumSet<Source> s = EnumSet.noneOf(Source.class);
      s.addAll(sources);
      s.remove(own);
      return new Export(s, filter);
    }
  }

  /** A channel's counts: routes imported now, refused by the filter, dropped at the limit. */
  public record Stats(long routes, long filtered, long limited) {}

  private final Rib rib;
  private final Source source;
  // owned by the RIB's loop
  private Import imports;
  private long routes;
  private long filtered;
  private long limited;
  private ChangeQueue export;
  private Export exportBefore; // a filter set before the export started (it then applies)

  Channel(Rib rib, Source source, Import imports) {
    this.rib = rib;
    this.source = source;
    this.imports = imports;
  }

  public Source source() {
    return source;
  }

  // ------------------------------------------------------------------ import

  @Override
  public void offer(Route route) {
    check(route.protocol());
    rib.loop().execute(() -> importNow(route));
  }

  @Override
  public void withdraw(Protocol protocol, IpPrefix prefix) {
    check(protocol);
    rib.loop().execute(() -> withdrawNow(protocol, prefix));
  }

  @Override
  public void apply(List<?> changes) {
    for (int i = 0; i < changes.size(); i++) {
      Object c = changes.get(i);
      if (c instanceof Route r) {
        check(r.protocol());
      } else {
        check((Protocol) c);
        i++; // (the prefix it withdraws: see RouteSink.withdrawal)
      }
    }
    rib.loop()
        .execute(
            () -> {
              for (int i = 0; i < changes.size(); i++) {
                Object c = changes.get(i);
                if (c instanceof Route r) {
                  importNow(r);
                } else {
                  withdrawNow((Protocol) c, (IpPrefix) changes.get(++i));
                }
              }
            });
  }

  private void check(Protocol p) {
    if (p.source() != source) {
      throw new IllegalArgumentException(
          "a route of " + p + " offered through the " + source + " channel");
    }
  }

  private void importNow(Route r) {
    if (!imports.accepts(r)) {
      filtered++;
      withdrawNow(r.protocol(), r.prefix()); // what it replaced is not wanted either
      return;
    }
    if (imports.limit() > 0 && routes >= imports.limit() && !rib.holds(r.protocol(), r.prefix())) {
      limited++;
      return;
    }
    if (rib.offerNow(r)) {
      routes++;
    }
  }

  private void withdrawNow(Protocol p, IpPrefix prefix) {
    if (rib.withdrawNow(p, prefix)) {
      routes--;
    }
  }

  /**
   * A new import filter and limit, for routes offered from now on (what is in the RIB stays until
   * the protocol offers it again; a protocol that keeps its routes offers them again to apply a
   * filter to all).
   */
  public void setImport(Import imports) {
    rib.loop().execute(() -> this.imports = imports);
  }

  /** The counts now. Call on the RIB's loop. */
  public Stats stats() {
    return new Stats(routes, filtered, limited);
  }

  // ------------------------------------------------------------------ export

  /**
   * Starts the export: {@code consumer} runs on {@code on} with the best routes {@code filter}
   * passes (never this channel's own source's), first the current table, then every change. A route
   * that stops passing (withdrawn, replaced by one of another source, refused by a new filter)
   * comes as a removal; a removal may also name a prefix never handed over (one that came and went
   * between two batches). Changes are coalesced per prefix and handed over one batch at a time, as
   * to every subscriber of the RIB.
   */
  public void export(EventLoop on, Export filter, Consumer<List<RibChange>> consumer) {
    Export f = filter.without(source);
    rib.loop()
        .execute(
            () -> {
              if (export != null) {
                throw new IllegalStateException("the " + source + " channel exports already");
              }
              export =
                  new ChangeQueue(
                      rib.loop(),
                      on,
                      exportBefore != null ? exportBefore : f,
                      Integer.MAX_VALUE,
                      c -> consumer.accept(c.changes()));
              rib.attach(export);
            });
  }

  /**
   * A new export filter (a reload): the routes the old one passed and the new one does not go out
   * as removals, those only the new one passes as additions.
   */
  public void setExport(Export filter) {
    Export f = filter.without(source);
    rib.loop()
        .execute(
            () -> {
              if (export != null) {
                rib.refilter(export, f);
              } else {
                exportBefore = f;
              }
            });
  }
}
