package dev.cairn.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads a cairn YAML file into a validated {@link CairnConfig}, or reports every problem at once.
 *
 * <p>Safety: the file is only <em>composed</em> into a node tree (no object construction, so no
 * arbitrary types can be instantiated); aliases are limited, and the tree is walked by hand so that
 * every value keeps its line and column.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Reads and validates {@code file}; errors are reported as {@code FILE:LINE:COLUMN: ...}. */
  public static CairnConfig load(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file);
    } catch (CharacterCodingException e) {
      Problems p = new Problems(file.toString());
      p.whole("file is not valid UTF-8");
      throw p.exception();
    } catch (IOException e) {
      Problems p = new Problems(file.toString());
      p.whole("cannot read file: " + e);
      throw p.exception();
    }
    return parse(text, file.toString());
  }

  /** Validates YAML {@code text}; {@code fileName} is what error positions are prefixed with. */
  public static CairnConfig parse(String text, String fileName) throws ConfigException {
    Problems problems = new Problems(fileName);
    Node root = compose(text, problems);
    if (root == null) {
      if (!problems.any()) {
        problems.at((org.yaml.snakeyaml.error.Mark) null, "the configuration file is empty");
      }
      throw problems.exception();
    }
    rejectTags(root, problems, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    CairnConfig c = new ConfigParser(new Ctx(problems)).parse(root);
    if (problems.any() || c == null) {
      if (!problems.any()) {
        problems.at(root, "invalid configuration");
      }
      throw problems.exception();
    }
    return c;
  }

  private static final Set<Tag> PLAIN_TAGS =
      Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);

  /** Explicit YAML tags ({@code !!binary}, {@code !foo}, ...) have no meaning in a cairn file. */
  private static void rejectTags(Node n, Problems problems, Set<Node> seen) {
    if (!seen.add(n)) {
      return;
    }
    if (!PLAIN_TAGS.contains(n.getTag())) {
      problems.at(n, "YAML tag " + n.getTag().getValue() + " is not allowed here");
      return;
    }
    if (n instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        rejectTags(t.getKeyNode(), problems, seen);
        rejectTags(t.getValueNode(), problems, seen);
      }
    } else if (n instanceof SequenceNode s) {
      for (Node i : s.getValue()) {
        rejectTags(i, problems, seen);
      }
    }
  }

  private static Node compose(String text, Problems problems) {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(50);
    options.setCodePointLimit(4 * 1024 * 1024);
    DumperOptions dump = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dump), dump, options);
    try {
      return yaml.compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
      problems.at(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark(), problem);
    } catch (YAMLException e) {
      problems.at((org.yaml.snakeyaml.error.Mark) null, e.getMessage());
    }
    return null;
  }
}
