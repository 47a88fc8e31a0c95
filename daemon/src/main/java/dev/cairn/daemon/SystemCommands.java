package dev.cairn.daemon;

import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ConfigPrinter;
import dev.cairn.net.IpAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * The commands about cairnd itself and its host: {@code show version}, {@code show running-config},
 * {@code show interfaces [NAME]} and {@code reload}, each {@code show} as a view record rendered to
 * text here and to JSON by {@link Json}.
 */
final class SystemCommands {
  static final String VERSION = "0.1.0";

  /** What a reload says: applied (its lines) or refused (the reasons). */
  @FunctionalInterface
  interface Reloader {
    Daemon.ReloadResult reload();
  }

  private final Supplier<CairnConfig> config;
  private final Path configPath;
  private final long startedNanos;
  private final Reloader reloader;
  private final Supplier<String> notApplied;

  /**
   * @param config the configuration in force
   * @param startedNanos {@link System#nanoTime()} when cairnd started
   * @param notApplied comment lines naming the sections the last reload could not apply
   */
  SystemCommands(
      Supplier<CairnConfig> config,
      Path configPath,
      long startedNanos,
      Reloader reloader,
      Supplier<String> notApplied) {
    this.notApplied = notApplied;
    this.config = config;
    this.configPath = configPath;
    this.startedNanos = startedNanos;
    this.reloader = reloader;
  }

  /** {@code show version}. */
  record Version(
      String version, String java, long uptimeSeconds, String routerId, String configFile) {}

  /** {@code show running-config}: the YAML in force, passwords hidden. */
  record RunningConfig(String file, String yaml) {}

  /** {@code show interfaces [NAME]}. */
  record Interfaces(List<Interface> interfaces) {}

  /** One network interface with its addresses (ADDRESS/LENGTH, sorted). */
  record Interface(String name, int index, boolean up, int mtu, List<String> addresses) {}

  /**
   * Adds {@code version}, {@code health}, {@code running-config} and {@code interfaces} under
   * {@code show}.
   */
  void show(CommandTree.Node show) {
    show.keyword("version", "cairn's version and uptime")
        .jsonAction(inv -> inv.json() ? Json.write(version()) : text(version()));
    show.keyword("health", "Each component's thread: up, failing or dead, and its last error")
        .jsonAction(new HealthView(dev.cairn.event.Health.process())::render);
    show.keyword("running-config", "The configuration in force (passwords hidden)")
        .jsonAction(inv -> inv.json() ? Json.write(runningConfig()) : text(runningConfig()));
    show.keyword("interfaces", "Network interfaces and their addresses")
        .jsonAction(inv -> interfaces(inv, null))
        .value("NAME", "One interface", w -> !w.isEmpty(), SystemCommands::interfaceNames)
        .jsonAction(inv -> interfaces(inv, inv.value("NAME")));
  }

  /** Adds {@code reload} at the top. */
  void reload(CommandTree.Node root) {
    root.keyword("reload", "Re-read the configuration file and apply the difference")
        .action(inv -> reload());
  }

  Version version() {
    return new Version(
        VERSION,
        System.getProperty("java.version"),
        (System.nanoTime() - startedNanos) / 1_000_000_000L,
        config.get().routerId().toString(),
        configPath.toString());
  }

  static String text(Version v) {
    return "cairn "
        + v.version()
        + " (Java "
        + v.java()
        + ")\nrouter-id "
        + v.routerId()
        + ", up "
        + Commands.duration(v.uptimeSeconds())
        + ", configuration "
        + v.configFile()
        + "\n";
  }

  RunningConfig runningConfig() {
    return new RunningConfig(
        configPath.toString(), notApplied.get() + ConfigPrinter.printRedacted(config.get()));
  }

  static String text(RunningConfig c) {
    return c.yaml().endsWith("\n") ? c.yaml() : c.yaml() + "\n";
  }

  private static List<String> interfaceNames() {
    try {
      return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
          .map(NetworkInterface::getName)
          .sorted()
          .toList();
    } catch (SocketException e) {
      return List.of();
    }
  }

  private String interfaces(CommandTree.Invocation inv, String only) throws CommandException {
    Interfaces v = interfaces(only);
    return inv.json() ? Json.write(v) : text(v);
  }

  static Interfaces interfaces(String only) throws CommandException {
    List<Interface> rows = new ArrayList<>();
    try {
      List<NetworkInterface> all = Collections.list(NetworkInterface.getNetworkInterfaces());
      all.sort((a, b) -> Integer.compare(a.getIndex(), b.getIndex()));
      if (only != null) {
        all.removeIf(n -> !n.getName().equals(only));
        if (all.isEmpty()) {
          throw new CommandException("% No such interface: " + only);
        }
      }
      for (NetworkInterface nif : all) {
        List<String> addrs = new ArrayList<>();
        for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
          addrs.add(
              IpAddress.fromBytes(ia.getAddress().getAddress())
                  + "/"
                  + ia.getNetworkPrefixLength());
        }
        Collections.sort(addrs);
        rows.add(new Interface(nif.getName(), nif.getIndex(), nif.isUp(), nif.getMTU(), addrs));
      }
    } catch (SocketException e) {
      throw new CommandException("% Cannot list interfaces: " + e.getMessage());
    }
    return new Interfaces(rows);
  }

  static String text(Interfaces v) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-16s %6s %-5s %6s  %s%n", "Interface", "Index", "State", "MTU", "Addresses"));
    for (Interface i : v.interfaces()) {
      sb.append(
          String.format(
              "%-16s %6d %-5s %6d  %s%n",
              i.name(),
              i.index(),
              i.up() ? "up" : "down",
              i.mtu(),
              String.join(" ", i.addresses())));
    }
    return sb.toString();
  }

  private String reload() throws CommandException {
    Daemon.ReloadResult r = reloader.reload();
    if (!r.ok()) {
      throw new CommandException(r.text().stripTrailing());
    }
    return r.text();
  }
}
