package dev.cairn.daemon;

import dev.cairn.cli.CommandTree;
import dev.cairn.cli.ControlAccess;
import dev.cairn.cli.ControlServer;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.ControlConfig;
import dev.cairn.daemon.component.Component;
import dev.cairn.daemon.component.ComponentException;
import dev.cairn.daemon.component.Reconfig;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The control socket of the {@code cairn} shell as a component. A new group or admin group applies
 * in place (the socket file's group changes, connections stay); a new socket path starts a control
 * server there before the old one closes, a moment after the reload has answered on it.
 */
final class ControlComponent implements Component<ControlConfig> {
  private static final Logger LOG = Logger.getLogger(ControlComponent.class.getName());

  /** How long the old socket stays after a move: the reload's answer goes out on it first. */
  static final Duration OLD_SOCKET_GRACE = Duration.ofSeconds(2);

  private final CommandTree tree;
  private volatile ControlServer server;

  ControlComponent(CommandTree tree) {
    this.tree = tree;
  }

  /** The running server, or null before start. */
  ControlServer server() {
    return server;
  }

  @Override
  public String name() {
    return "control";
  }

  @Override
  public ControlConfig section(CairnConfig c) {
    return c.control();
  }

  @Override
  public CairnConfig withSection(CairnConfig c, ControlConfig s) {
    return c.withControl(s);
  }

  /** The control socket's settings for {@code c}: its group, and who may change state. */
  static ControlServer.Settings settings(ControlConfig c) throws IOException {
    return ControlServer.Settings.of(
        c.socket(), Optional.of(c.group()), ControlAccess.forThisProcess(c.adminGroup()));
  }

  @Override
  public void start(ControlConfig c) throws ComponentException {
    try {
      server = ControlServer.start(settings(c), tree);
    } catch (IOException e) {
      throw new ComponentException(
          name(), "cannot listen on " + c.socket() + ": " + e.getMessage(), e);
    }
    LOG.info(
        "control: cairn shell on "
            + c.socket()
            + " (group "
            + c.group()
            + c.adminGroup().map(g -> ", admin group " + g).orElse("")
            + ")");
  }

  @Override
  public Reconfig plan(ControlConfig from, ControlConfig to) {
    String groups =
        "control group " + to.group() + ", admin group " + to.adminGroup().orElse("(none)");
    if (!from.socket().equals(to.socket())) {
      return new Reconfig.Restart(
          List.of("control socket"), List.of("control socket " + to.socket() + ", " + groups));
    }
    return new Reconfig.Soft(List.of(groups + " applied"));
  }

  @Override
  public void apply(ControlConfig from, ControlConfig to, Reconfig plan) throws ComponentException {
    ControlServer old = server;
    if (old == null) {
      throw new ComponentException(name(), "not running");
    }
    try {
      if (from.socket().equals(to.socket())) {
        ControlServer.restrict(old.path(), Optional.of(to.group()));
        old.setAccess(ControlAccess.forThisProcess(to.adminGroup()));
        return;
      }
      server = ControlServer.start(settings(to), tree);
    } catch (IOException e) {
      throw new ComponentException(name(), "cannot apply " + to + ": " + e.getMessage(), e);
    }
    Thread closer =
        new Thread(
            () -> {
              try {
                Thread.sleep(OLD_SOCKET_GRACE.toMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              old.close();
              LOG.info("control: " + from.socket() + " closed, the shell is on " + to.socket());
            },
            "control-move");
    closer.setDaemon(true);
    closer.start();
  }

  @Override
  public void stop() {
    ControlServer s = server;
    if (s != null) {
      s.close();
    }
  }
}
