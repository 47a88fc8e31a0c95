package dev.cairn.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The control socket that {@code cairn} talks to.
 *
 * @param socket where it is (an absolute path)
 * @param group the socket file's group: its members may connect, and so run {@code show} commands
 *     (the file's mode is 0660; the daemon's own user may always connect)
 * @param adminGroup whose members may also run commands that change state ({@code clear}, {@code
 *     reload}); root and the daemon's user always may. Empty: nobody else.
 */
public record ControlConfig(Path socket, String group, Optional<String> adminGroup) {
  public static final String DEFAULT_GROUP = "cairn";
  public static final ControlConfig DEFAULT =
      new ControlConfig(CairnConfig.DEFAULT_CONTROL_SOCKET, DEFAULT_GROUP, Optional.empty());

  /** A user or group name as useradd/groupadd accept it (or a numeric id). */
  static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");

  public ControlConfig {
    Objects.requireNonNull(socket, "socket");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(adminGroup, "adminGroup");
  }

  /** The default groups with another socket. */
  public static ControlConfig of(Path socket) {
    return new ControlConfig(socket, DEFAULT_GROUP, Optional.empty());
  }
}
