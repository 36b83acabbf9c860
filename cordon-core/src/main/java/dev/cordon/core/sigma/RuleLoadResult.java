package dev.cordon.core.sigma;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of loading Sigma rules: the rules that compiled and the files or documents that
 * were skipped, each with the reason. Nothing that was read is dropped without an entry here.
 *
 * @param loaded compiled rules in load order; a rule's {@link SigmaRule#notes()} lists quirks
 *     found in it, such as a filter that can never exclude anything
 * @param skipped rules that use a feature this engine does not support, or that are invalid
 */
public record RuleLoadResult(List<SigmaRule> loaded, List<SkippedRule> skipped) {

  public RuleLoadResult {
    loaded = List.copyOf(loaded);
    skipped = List.copyOf(skipped);
  }

  /**
   * A rule that was not loaded.
   *
   * @param source the file, and the document index when a file contains several
   * @param title the rule's title, or null when it could not be read
   * @param reason what is unsupported or invalid, such as {@code unsupported modifier 'base64'}
   */
  public record SkippedRule(String source, String title, String reason) {}

  /** Returns this result followed by {@code other}. */
  public RuleLoadResult plus(RuleLoadResult other) {
    List<SigmaRule> rules = new ArrayList<>(loaded);
    rules.addAll(other.loaded);
    List<SkippedRule> skips = new ArrayList<>(skipped);
    skips.addAll(other.skipped);
    return new RuleLoadResult(rules, skips);
  }
}
