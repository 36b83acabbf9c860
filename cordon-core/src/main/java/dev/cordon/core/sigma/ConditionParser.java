package dev.cordon.core.sigma;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a Sigma condition by recursive descent, with {@code not} binding tighter than {@code
 * and}, and {@code and} tighter than {@code or}. {@code 1 of X} and {@code all of X} take a
 * selection name, a name with {@code *} wildcards, or {@code them} (every selection whose name
 * does not start with an underscore). Aggregations ({@code | count()}) and {@code near} are
 * rejected, because they need correlation across events.
 */
final class ConditionParser {
  private static final Pattern TOKEN = Pattern.compile("\\(|\\)|[^\\s()]+");

  private final String text;
  private final Map<String, Selection> selections;
  private final List<String> tokens = new ArrayList<>();
  private int position;

  private ConditionParser(String text, Map<String, Selection> selections) {
    this.text = text;
    this.selections = selections;
    Matcher matcher = TOKEN.matcher(text);
    while (matcher.find()) {
      tokens.add(matcher.group());
    }
  }

  /** Parses {@code text} over the rule's selections, kept in declaration order. */
  static Condition parse(String text, Map<String, Selection> selections)
      throws UnsupportedRuleException {
    ConditionParser parser = new ConditionParser(text, selections);
    if (parser.tokens.isEmpty()) {
      throw new UnsupportedRuleException("empty condition");
    }
    Condition condition = parser.parseOr();
    if (parser.position < parser.tokens.size()
        && parser.tokens.get(parser.position).startsWith("|")) {
      throw parser.unsupportedCorrelation();
    }
    if (parser.position < parser.tokens.size()) {
      throw parser.error("unexpected '" + parser.tokens.get(parser.position) + "'");
    }
    return condition;
  }

  private Condition parseOr() throws UnsupportedRuleException {
    List<Condition> operands = new ArrayList<>();
    operands.add(parseAnd());
    while (accept("or")) {
      operands.add(parseAnd());
    }
    return operands.size() == 1 ? operands.get(0) : new Condition.Or(operands);
  }

  private Condition parseAnd() throws UnsupportedRuleException {
    List<Condition> operands = new ArrayList<>();
    operands.add(parseNot());
    while (accept("and")) {
      operands.add(parseNot());
    }
    return operands.size() == 1 ? operands.get(0) : new Condition.And(operands);
  }

  private Condition parseNot() throws UnsupportedRuleException {
    if (accept("not")) {
      return new Condition.Not(parseNot());
    }
    return parsePrimary();
  }

  private Condition parsePrimary() throws UnsupportedRuleException {
    String token = next();
    if (token.equals("(")) {
      Condition inner = parseOr();
      if (!accept(")")) {
        throw error("missing ')'");
      }
      return inner;
    }
    String lower = token.toLowerCase(Locale.ROOT);
    if (token.startsWith("|") || lower.equals("near")) {
      throw unsupportedCorrelation();
    }
    if (position < tokens.size() && tokens.get(position).equalsIgnoreCase("of")) {
      position++;
      return quantified(lower, next());
    }
    if (isKeyword(lower)) {
      throw error("unexpected '" + token + "'");
    }
    Selection selection = selections.get(token);
    if (selection == null) {
      throw error("no selection named '" + token + "'");
    }
    return new Condition.Ref(selection);
  }

  private Condition quantified(String quantifier, String target) throws UnsupportedRuleException {
    if (!quantifier.equals("1") && !quantifier.equals("all") && !quantifier.equals("any")) {
      throw new UnsupportedRuleException("unsupported quantifier '" + quantifier + " of' in '"
          + text + "': only '1 of' and 'all of' are defined");
    }
    List<Condition> operands = new ArrayList<>();
    boolean them = target.equalsIgnoreCase("them");
    Pattern glob = them ? null : glob(target);
    for (Map.Entry<String, Selection> entry : selections.entrySet()) {
      String name = entry.getKey();
      boolean selected = them ? !name.startsWith("_") : glob.matcher(name).matches();
      if (selected) {
        operands.add(new Condition.Ref(entry.getValue()));
      }
    }
    if (operands.isEmpty()) {
      throw error("no selection matches '" + target + "'");
    }
    return quantifier.equals("all") ? new Condition.And(operands) : new Condition.Or(operands);
  }

  private static Pattern glob(String name) {
    List<String> parts = new ArrayList<>();
    for (String part : name.split("\\*", -1)) {
      parts.add(Pattern.quote(part));
    }
    return Pattern.compile(String.join(".*", parts));
  }

  private static boolean isKeyword(String token) {
    return token.equals("and") || token.equals("or") || token.equals("not") || token.equals(")")
        || token.equals("of");
  }

  private boolean accept(String keyword) {
    if (position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword)) {
      position++;
      return true;
    }
    return false;
  }

  private String next() throws UnsupportedRuleException {
    if (position >= tokens.size()) {
      throw error("unexpected end");
    }
    return tokens.get(position++);
  }

  private UnsupportedRuleException unsupportedCorrelation() {
    return new UnsupportedRuleException(
        "unsupported condition '" + text + "': aggregations and near need event correlation");
  }

  private UnsupportedRuleException error(String problem) {
    return new UnsupportedRuleException("invalid condition '" + text + "': " + problem);
  }
}
