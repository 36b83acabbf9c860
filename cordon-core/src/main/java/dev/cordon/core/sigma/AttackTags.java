package dev.cordon.core.sigma;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a rule's {@code attack.*} tags as MITRE ATT&CK Enterprise v19 tactics and technique IDs.
 *
 * <p>ATT&CK v19 split the Defense Evasion tactic into Stealth and Defense Impairment and moved
 * Impair Defenses to new IDs. The old-to-new pairs below are the ones SigmaHQ applied when it
 * re-tagged its AWS CloudTrail rules for v19 (T1562.008 is T1685.002 in those rules). A rule
 * still tagged {@code attack.defense-evasion} gets Defense Impairment when one of its techniques
 * is an Impair Defenses technique, else Stealth.
 */
final class AttackTags {
  private static final Pattern TECHNIQUE = Pattern.compile("t\\d{4}(\\.\\d{3})?");
  private static final Map<String, String> V19_TECHNIQUES = Map.of(
      "T1562", "T1685",
      "T1562.001", "T1685",
      "T1562.008", "T1685.002",
      "T1562.007", "T1686.001");

  private final List<String> tactics;
  private final List<String> techniques;

  private AttackTags(List<String> tactics, List<String> techniques) {
    this.tactics = tactics;
    this.techniques = techniques;
  }

  static AttackTags of(List<String> tags) {
    Set<String> techniques = new LinkedHashSet<>();
    List<String> rawTactics = new ArrayList<>();
    for (String tag : tags) {
      String lower = tag.toLowerCase(Locale.ROOT);
      if (!lower.startsWith("attack.")) {
        continue;
      }
      String value = lower.substring("attack.".length());
      if (TECHNIQUE.matcher(value).matches()) {
        String id = value.toUpperCase(Locale.ROOT);
        techniques.add(V19_TECHNIQUES.getOrDefault(id, id));
      } else if (!value.matches("[gs]\\d{4}")) {
        rawTactics.add(value.replace('_', '-'));
      }
    }

    boolean impairs = techniques.stream()
        .anyMatch(id -> id.startsWith("T1685") || id.startsWith("T1686"));
    Set<String> tactics = new LinkedHashSet<>();
    for (String tactic : rawTactics) {
      tactics.add(tactic.equals("defense-evasion")
          ? impairs ? "defense-impairment" : "stealth"
          : tactic);
    }
    return new AttackTags(List.copyOf(tactics), List.copyOf(techniques));
  }

  List<String> tactics() {
    return tactics;
  }

  List<String> techniques() {
    return techniques;
  }
}
