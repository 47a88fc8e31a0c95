package dev.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The control section: socket, the socket's group and the admin group. */
class ControlConfigTest {
  static final String R = "router-id: 192.0.2.1\n";

  static CairnConfig parse(String y) throws ConfigException {
    return ConfigLoader.parse(y, "c.yaml");
  }

  @Test
  void defaultsAreGroupCairnAndNoAdminGroup() throws Exception {
    assertThat(parse(R).control()).isEqualTo(ControlConfig.DEFAULT);
    assertThat(ControlConfig.DEFAULT)
        .isEqualTo(new ControlConfig(Path.of("/run/cairn/cairn.sock"), "cairn", Optional.empty()));
  }

  @Test
  void groupsAreReadPrintedAndReadBack() throws Exception {
    CairnConfig c =
        parse(R + "control: { socket: /run/x/c.sock, group: ops, admin-group: cairnadm }\n");
    assertThat(c.control())
        .isEqualTo(new ControlConfig(Path.of("/run/x/c.sock"), "ops", Optional.of("cairnadm")));
    assertThat(c.controlSocket()).isEqualTo(Path.of("/run/x/c.sock"));
    String printed = ConfigPrinter.print(c);
    assertThat(printed)
        .contains("control:\n  socket: /run/x/c.sock\n  group: ops\n  admin-group: cairnadm\n");
    assertThat(parse(printed)).isEqualTo(c);
  }

  @Test
  void aGroupNameIsChecked() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> parse(R + "control: { admin-group: \"adm;rm\" }\n"));
    assertThat(e).isNotNull();
    assertThat(e.toString())
        .isEqualTo("c.yaml:2:25: control admin-group must be a group name, found 'adm;rm'");
    ConfigException g =
        catchThrowableOfType(ConfigException.class, () -> parse(R + "control: { grup: x }\n"));
    assertThat(g.toString()).startsWith("c.yaml:2:12: unknown key 'grup' in control");
  }

  @Test
  void aChangedGroupIsAControlChange() throws Exception {
    CairnConfig before = parse(R);
    CairnConfig after = parse(R + "control: { admin-group: cairnadm }\n");
    ConfigDiff d = ConfigDiff.between(before, after);
    assertThat(d.sections()).containsExactly(ConfigDiff.Section.CONTROL);
    assertThat(ConfigDiff.between(before, parse(R + "control: { group: cairn }\n")).isEmpty())
        .isTrue();
  }
}
