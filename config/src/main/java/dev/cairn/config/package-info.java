/**
 * cairn's configuration: {@code /etc/cairn/cairn.yaml} → immutable, validated records.
 *
 * <ul>
 *   <li>{@link dev.cairn.config.ConfigLoader#load(java.nio.file.Path)} reads a file into a {@link
 *       dev.cairn.config.CairnConfig} or throws a {@link dev.cairn.config.ConfigException} listing
 *       <em>every</em> problem as {@code FILE:LINE:COLUMN: message}, sorted by position.
 *   <li>{@link dev.cairn.config.ConfigDiff#between} tells a reload what changed and, per neighbor,
 *       whether the session must be reset, soft-refreshed, or neither.
 *   <li>{@link dev.cairn.config.ConfigPrinter} renders the running configuration back to YAML.
 * </ul>
 *
 * <p>The YAML is composed into a node tree only (SnakeYAML never constructs objects from it), so
 * that no type named in a file can be instantiated and every value keeps its position. Defaults are
 * documented on the records; the notable choice is a BGP connect-retry of 5 s (BIRD and FRR use 120
 * s) so that Kubernetes nodes reconnect quickly after a restart.
 */
package dev.cairn.config;
