package dev.cordon.core.sigma;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles one parsed Sigma YAML document into a {@link SigmaRule}. */
final class RuleCompiler {
  private static final Set<String> LEVELS =
      Set.of("informational", "low", "medium", "high", "critical");
  /** Top-level keys of CloudTrail records; a value starting with one of them names a field. */
  private static final Pattern FIELD_LIKE_VALUE = Pattern.compile(
      "(userIdentity|requestParameters|responseElements|additionalEventData|serviceEventDetails"
          + "|tlsDetails)\\.[A-Za-z0-9_.]+");
  private static final Set<String> UNSUPPORTED_MODIFIERS = Set.of("base64", "base64offset",
      "utf16", "utf16le", "utf16be", "wide", "windash", "expand", "minute", "hour", "day", "week",
      "month", "year");

  private final String source;
  private final List<String> notes = new ArrayList<>();

  private RuleCompiler(String source) {
    this.source = source;
  }

  /**
   * Compiles a rule document.
   *
   * @param defaultName the name used when the rule has no {@code name} attribute
   * @throws UnsupportedRuleException naming the feature the rule needs, or what is invalid
   */
  static SigmaRule compile(JsonNode document, String source, String defaultName)
      throws UnsupportedRuleException {
    return new RuleCompiler(source).compileRule(document, defaultName);
  }

  private SigmaRule compileRule(JsonNode document, String defaultName)
      throws UnsupportedRuleException {
    if (document == null || !document.isObject()) {
      throw new UnsupportedRuleException("not a YAML mapping");
    }
    for (String kind : List.of("correlation", "filter", "action")) {
      if (document.has(kind)) {
        throw new UnsupportedRuleException("unsupported rule type: has '" + kind
            + "' (correlation rules, filter rules and rule collections are not supported)");
      }
    }
    checkLogSource(document.path("logsource"));
    String level = text(document, "level", "low").toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      throw new UnsupportedRuleException("invalid level '" + level + "'");
    }

    JsonNode detection = document.get("detection");
    if (detection == null || !detection.isObject()) {
      throw new UnsupportedRuleException("missing detection");
    }
    Map<String, Selection> selections = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : detection.properties()) {
      String key = entry.getKey();
      if (key.equals("condition")) {
        continue;
      }
      if (key.equals("timeframe")) {
        throw new UnsupportedRuleException("unsupported detection attribute 'timeframe'");
      }
      selections.put(key, selection(key, entry.getValue()));
    }
    Condition condition = condition(detection.get("condition"), selections);
    noteNegatedAssumedRole(condition, false);

    List<String> tags = new ArrayList<>();
    document.path("tags").forEach(tag -> tags.add(tag.asText()));
    return new SigmaRule(text(document, "name", defaultName), text(document, "id", null),
        text(document, "title", defaultName), text(document, "description", "").strip(), level,
        AttackTags.of(tags), document.path("cordon").path("routine").asBoolean(false), notes,
        source, selections, condition);
  }

  private static void checkLogSource(JsonNode logsource) throws UnsupportedRuleException {
    String product = logsource.path("product").asText("");
    String service = logsource.path("service").asText("");
    if (!product.equalsIgnoreCase("aws") || !service.equalsIgnoreCase("cloudtrail")) {
      throw new UnsupportedRuleException("unsupported logsource product '" + product
          + "' service '" + service + "': expected product aws, service cloudtrail");
    }
  }

  private static Condition condition(JsonNode node, Map<String, Selection> selections)
      throws UnsupportedRuleException {
    if (node == null || node.isNull()) {
      throw new UnsupportedRuleException("missing detection condition");
    }
    if (!node.isArray()) {
      return ConditionParser.parse(node.asText(), selections);
    }
    // A list of conditions is the older form of joining them with 'or'.
    List<Condition> alternatives = new ArrayList<>();
    for (JsonNode item : node) {
      alternatives.add(ConditionParser.parse(item.asText(), selections));
    }
    return alternatives.size() == 1 ? alternatives.get(0) : new Condition.Or(alternatives);
  }

  private Selection selection(String name, JsonNode node) throws UnsupportedRuleException {
    List<List<FieldMatch>> alternatives = new ArrayList<>();
    if (node.isObject()) {
      alternatives.add(fields(name, node));
    } else if (node.isArray() && !node.isEmpty() && allObjects(node)) {
      for (JsonNode map : node) {
        alternatives.add(fields(name, map));
      }
    } else {
      throw new UnsupportedRuleException("unsupported keyword search in selection '" + name
          + "': values without a field name would search the whole record");
    }
    return new Selection(name, List.copyOf(alternatives));
  }

  private static boolean allObjects(JsonNode array) {
    for (JsonNode item : array) {
      if (!item.isObject()) {
        return false;
      }
    }
    return true;
  }

  private List<FieldMatch> fields(String selection, JsonNode map) throws UnsupportedRuleException {
    List<FieldMatch> fields = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : map.properties()) {
      fields.add(field(selection, entry.getKey(), entry.getValue()));
    }
    return List.copyOf(fields);
  }

  private FieldMatch field(String selection, String key, JsonNode valueNode)
      throws UnsupportedRuleException {
    String[] parts = key.split("\\|", -1);
    String field = parts[0];
    if (field.isEmpty()) {
      throw new UnsupportedRuleException("unsupported keyword search '" + key + "' in selection '"
          + selection + "': the key has no field name");
    }
    List<String> modifiers = List.of(parts).subList(1, parts.length);
    ValueSpec spec = ValueSpec.of(modifiers, key, UNSUPPORTED_MODIFIERS);

    List<String> values = new ArrayList<>();
    List<ValueMatcher> matchers = new ArrayList<>();
    Iterable<JsonNode> items = valueNode.isArray() ? valueNode : List.of(valueNode);
    for (JsonNode item : items) {
      if (item.isContainerNode()) {
        throw new UnsupportedRuleException("unsupported nested value under '" + key + "'");
      }
      String value = item.isNull() ? null : item.asText();
      values.add(value);
      matchers.add(spec.compile(value, key));
      noteFieldLikeValue(selection, key, value, spec);
      noteArnComparedWithName(selection, field, key, value, spec);
    }
    if (matchers.isEmpty()) {
      throw new UnsupportedRuleException("empty value list under '" + key + "'");
    }
    return new FieldMatch(new FieldPath(field), modifiers, values, List.copyOf(matchers),
        spec.all());
  }

  private void noteFieldLikeValue(String selection, String key, String value, ValueSpec spec) {
    if (value == null || spec.fieldRef() || spec.regex() || !FIELD_LIKE_VALUE.matcher(value).matches()) {
      return;
    }
    notes.add("Selection '" + selection + "' compares " + key + " with the text '" + value
        + "', which is the name of a field: Sigma matches it as literal text, so this selection"
        + " never matches the field's value. A comparison with the field needs the fieldref"
        + " modifier.");
  }

  /**
   * Notes a {@code fieldref} between an ARN field and a field that is not an ARN, such as {@code
   * userIdentity.arn|fieldref: requestParameters.userName}: a full ARN never equals a bare name, so
   * the comparison is always false.
   */
  private void noteArnComparedWithName(String selection, String field, String key, String value,
      ValueSpec spec) {
    if (!spec.fieldRef() || value == null || spec.mode() != ValueMatcher.Mode.EQUALS
        || isArnField(field) == isArnField(value)) {
      return;
    }
    notes.add("Selection '" + selection + "' compares " + key + " with " + value + ", but only one"
        + " of the two fields is an ARN, so their values are never equal and this selection never"
        + " matches.");
  }

  private static boolean isArnField(String path) {
    return path.toLowerCase(Locale.ROOT).endsWith("arn");
  }

  /**
   * Notes a negated selection that requires {@code userIdentity.type: AssumedRole}: such a rule
   * never fires for assumed-role sessions, and an instance role's calls are assumed-role calls.
   */
  private void noteNegatedAssumedRole(Condition condition, boolean negated) {
    if (condition instanceof Condition.Not not) {
      noteNegatedAssumedRole(not.operand(), !negated);
    } else if (condition instanceof Condition.And and) {
      and.operands().forEach(c -> noteNegatedAssumedRole(c, negated));
    } else if (condition instanceof Condition.Or or) {
      or.operands().forEach(c -> noteNegatedAssumedRole(c, negated));
    } else if (condition instanceof Condition.Ref ref
        && negated && requiresAssumedRole(ref.selection())) {
      notes.add("Selection '" + ref.selection().name() + "' is negated and requires"
          + " userIdentity.type AssumedRole, so this rule never fires for assumed-role"
          + " sessions, including the calls of an EC2 instance role.");
    }
  }

  private static boolean requiresAssumedRole(Selection selection) {
    for (List<FieldMatch> fields : selection.alternatives()) {
      for (FieldMatch field : fields) {
        if (field.path().name().equals("userIdentity.type") && field.modifiers().isEmpty()
            && field.values().stream().anyMatch("AssumedRole"::equalsIgnoreCase)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String text(JsonNode document, String field, String fallback) {
    JsonNode value = document.get(field);
    return value == null || value.isNull() || value.isContainerNode() ? fallback : value.asText();
  }

  /** The modifiers of one field, checked once and applied to each of its values. */
  private record ValueSpec(ValueMatcher.Mode mode, boolean all, boolean regex, String regexFlags,
      boolean cidr, boolean exists, boolean fieldRef, boolean cased, String compare) {

    static ValueSpec of(List<String> modifiers, String key, Set<String> unsupported)
        throws UnsupportedRuleException {
      ValueMatcher.Mode mode = ValueMatcher.Mode.EQUALS;
      boolean all = false;
      boolean regex = false;
      StringBuilder flags = new StringBuilder();
      boolean cidr = false;
      boolean exists = false;
      boolean fieldRef = false;
      boolean cased = false;
      String compare = null;
      for (String modifier : modifiers) {
        switch (modifier) {
          case "contains" -> mode = ValueMatcher.Mode.CONTAINS;
          case "startswith" -> mode = ValueMatcher.Mode.STARTS_WITH;
          case "endswith" -> mode = ValueMatcher.Mode.ENDS_WITH;
          case "all" -> all = true;
          case "re" -> regex = true;
          case "i", "m", "s" -> flags.append(modifier);
          case "cidr" -> cidr = true;
          case "exists" -> exists = true;
          case "fieldref" -> fieldRef = true;
          case "cased" -> cased = true;
          case "lt", "lte", "gt", "gte" -> compare = modifier;
          default -> throw new UnsupportedRuleException("unsupported modifier '" + modifier
              + "' in '" + key + "'" + (unsupported.contains(modifier) ? "" : " (unknown)"));
        }
      }
      if (flags.length() > 0 && !regex) {
        throw new UnsupportedRuleException("modifier '" + flags + "' without re in '" + key + "'");
      }
      return new ValueSpec(mode, all, regex, flags.toString(), cidr, exists, fieldRef, cased,
          compare);
    }

    ValueMatcher compile(String value, String key) throws UnsupportedRuleException {
      if (exists) {
        if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
          throw new UnsupportedRuleException("exists needs true or false in '" + key + "'");
        }
        return new ValueMatcher.Exists(Boolean.parseBoolean(value.toLowerCase(Locale.ROOT)));
      }
      if (value == null) {
        return new ValueMatcher.IsNull();
      }
      if (fieldRef) {
        return new ValueMatcher.FieldRef(new FieldPath(value), mode);
      }
      if (cidr) {
        return new ValueMatcher.Cidr(value);
      }
      if (compare != null) {
        return new ValueMatcher.Compare(compare, value);
      }
      if (regex) {
        return new ValueMatcher.Regex(regexPattern(value, key), false);
      }
      return SigmaStrings.compile(value, mode, !cased);
    }

    private Pattern regexPattern(String value, String key) throws UnsupportedRuleException {
      int patternFlags = 0;
      if (regexFlags.contains("i")) {
        patternFlags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
      }
      if (regexFlags.contains("m")) {
        patternFlags |= Pattern.MULTILINE;
      }
      if (regexFlags.contains("s")) {
        patternFlags |= Pattern.DOTALL;
      }
      try {
        return Pattern.compile(value, patternFlags);
      } catch (PatternSyntaxException e) {
        throw new UnsupportedRuleException("invalid regular expression in '" + key + "': "
            + e.getDescription());
      }
    }
  }
}
