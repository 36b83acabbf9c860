package dev.cordon.core.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cordon.core.finding.Severity;
import dev.cordon.core.input.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SigmaRuleTest {

  /** Compiles a rule with the given detection body and the condition {@code selection}. */
  private static SigmaRule rule(String detection) {
    return rule(detection, "selection");
  }

  private static SigmaRule rule(String detection, String condition) {
    RuleLoadResult result = SigmaRules.parse("""
        title: test rule
        logsource:
          product: aws
          service: cloudtrail
        level: high
        tags: [attack.persistence, attack.t1098]
        detection:
        %s
          condition: %s
        """.formatted(detection.indent(2).stripTrailing(), condition), "test.yml");
    assertThat(result.skipped()).as("skipped").isEmpty();
    return result.loaded().get(0);
  }

  private static JsonNode record(String json) {
    try {
      return RuleExamples.JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0} = {1} on {2} -> {3}")
  @CsvSource(delimiter = ';', textBlock = """
      eventName ; CreateUser ; {"eventName":"CreateUser"} ; true
      eventName ; createuser ; {"eventName":"CreateUser"} ; true
      eventName ; CreateUser ; {"eventName":"CreateUserX"} ; false
      eventName|cased ; createuser ; {"eventName":"CreateUser"} ; false
      eventName ; Create* ; {"eventName":"CreateUser"} ; true
      eventName ; Create?ser ; {"eventName":"CreateUser"} ; true
      eventName ; Create?ser ; {"eventName":"CreateUUser"} ; false
      eventName ; a\\*b ; {"eventName":"a*b"} ; true
      eventName ; a\\*b ; {"eventName":"axxb"} ; false
      eventName ; a\\?b ; {"eventName":"axb"} ; false
      eventName|contains ; User ; {"eventName":"CreateUserPolicy"} ; true
      eventName|contains ; user ; {"eventName":"CreateUserPolicy"} ; true
      eventName|contains ; Role ; {"eventName":"CreateUserPolicy"} ; false
      eventName|startswith ; create ; {"eventName":"CreateUser"} ; true
      eventName|startswith ; User ; {"eventName":"CreateUser"} ; false
      eventName|endswith ; USER ; {"eventName":"CreateUser"} ; true
      eventName|endswith ; Create ; {"eventName":"CreateUser"} ; false
      eventName|contains ; * ; {"eventName":"x"} ; true
      eventName|contains ; * ; {"other":"x"} ; false
      userIdentity.arn|endswith ; /i-1 ; {"userIdentity":{"arn":"arn:aws:sts::1:assumed-role/r/i-1"}} ; true
      userIdentity.arn|endswith ; /i-1 ; {"userIdentity":{"type":"Root"}} ; false
      userIdentity.arn ; flat ; {"userIdentity.arn":"flat"} ; true
      userIdentity.arn|re ; assumed-role/aws:.+ ; {"userIdentity":{"arn":"arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1"}} ; true
      userIdentity.arn|re ; Assumed-Role ; {"userIdentity":{"arn":"assumed-role"}} ; false
      userIdentity.arn|re|i ; Assumed-Role ; {"userIdentity":{"arn":"assumed-role"}} ; true
      sourceIPAddress|cidr ; 10.0.0.0/8 ; {"sourceIPAddress":"10.1.2.3"} ; true
      sourceIPAddress|cidr ; 10.0.0.0/8 ; {"sourceIPAddress":"11.1.2.3"} ; false
      sourceIPAddress|cidr ; 198.51.100.0/25 ; {"sourceIPAddress":"198.51.100.127"} ; true
      sourceIPAddress|cidr ; 198.51.100.0/25 ; {"sourceIPAddress":"198.51.100.128"} ; false
      sourceIPAddress|cidr ; 2001:db8::/32 ; {"sourceIPAddress":"2001:db8::1"} ; true
      sourceIPAddress|cidr ; 10.0.0.0/8 ; {"sourceIPAddress":"ec2.amazonaws.com"} ; false
      requestParameters.enable ; false ; {"requestParameters":{"enable":false}} ; true
      requestParameters.enable ; false ; {"requestParameters":{"enable":true}} ; false
      requestParameters.port|gte ; 1024 ; {"requestParameters":{"port":8080}} ; true
      requestParameters.port|lt ; 1024 ; {"requestParameters":{"port":8080}} ; false
      requestParameters.ids ; i-2 ; {"requestParameters":{"ids":["i-1","i-2"]}} ; true
      requestParameters.ids ; i-3 ; {"requestParameters":{"ids":["i-1","i-2"]}} ; false
      requestParameters|contains ; AllUsers ; {"requestParameters":{"acl":{"uri":"groups/global/AllUsers"}}} ; true
      requestParameters|exists ; true ; {"requestParameters":{"a":1}} ; true
      requestParameters|exists ; true ; {"requestParameters":null} ; false
      requestParameters|exists ; false ; {"eventName":"x"} ; true
      """)
  void matches_valueAndModifier(String key, String value, String json, boolean expected) {
    SigmaRule rule = rule("selection:\n  '" + key + "': '" + value.replace("'", "''") + "'");

    assertThat(rule.matches(record(json))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      selection ; [iam.amazonaws.com]
      selection and not other ; [iam.amazonaws.com]
      selection or other ; [iam.amazonaws.com, s3.amazonaws.com]
      selection or loose ; null
      loose ; null
      not selection ; null
      """)
  void eventSources_condition_boundsServices(String condition, String expected) {
    SigmaRule rule = rule("""
        selection:
          eventSource: IAM.amazonaws.com
          eventName: CreateUser
        other:
          - eventSource: s3.amazonaws.com
        loose:
          eventSource|endswith: .amazonaws.com
        """, condition);

    Set<String> sources = EventSources.required(rule.condition());

    assertThat(String.valueOf(sources == null ? null : new TreeSet<>(sources)))
        .isEqualTo(expected);
  }

  @Test
  void eventSources_upperCaseRecord_stillMatches() {
    SigmaRule rule = rule("selection:\n  eventSource: iam.amazonaws.com");

    assertThat(rule.matches(record("{\"eventSource\":\"IAM.amazonaws.com\"}"))).isTrue();
    assertThat(rule.matches(record("{\"eventSource\":\"s3.amazonaws.com\"}"))).isFalse();
    assertThat(rule.matches(record("{\"eventSource\":7}"))).isFalse();
  }

  @Test
  void matches_nullValue_missingOrJsonNull() {
    SigmaRule rule = rule("selection:\n  errorCode: null");

    assertThat(rule.matches(record("{\"eventName\":\"x\"}"))).isTrue();
    assertThat(rule.matches(record("{\"errorCode\":null}"))).isTrue();
    assertThat(rule.matches(record("{\"errorCode\":\"AccessDenied\"}"))).isFalse();
  }

  @Test
  void matches_valueList_anyOrAll() {
    SigmaRule any = rule("selection:\n  userAgent|contains: [boto3, terraform]");
    SigmaRule all = rule("selection:\n  userAgent|contains|all: [boto3, linux]");

    assertThat(any.matches(record("{\"userAgent\":\"Boto3/1.0\"}"))).isTrue();
    assertThat(all.matches(record("{\"userAgent\":\"Boto3/1.0\"}"))).isFalse();
    assertThat(all.matches(record("{\"userAgent\":\"Boto3/1.0 Linux/5\"}"))).isTrue();
  }

  @Test
  void matches_listOfMaps_anyMap() {
    SigmaRule rule = rule("""
        selection:
          - eventName: StopLogging
          - eventName: UpdateTrail
            requestParameters.isMultiRegionTrail: false
        """);

    assertThat(rule.matches(record("{\"eventName\":\"StopLogging\"}"))).isTrue();
    assertThat(rule.matches(record("{\"eventName\":\"UpdateTrail\"}"))).isFalse();
    assertThat(rule.matches(record(
        "{\"eventName\":\"UpdateTrail\",\"requestParameters\":{\"isMultiRegionTrail\":false}}")))
        .isTrue();
  }

  @Test
  void matches_fieldref_comparesTwoFields() {
    SigmaRule rule = rule("selection:\n  userIdentity.userName|fieldref: requestParameters.userName");

    assertThat(rule.matches(record(
        "{\"userIdentity\":{\"userName\":\"bob\"},\"requestParameters\":{\"userName\":\"BOB\"}}")))
        .isTrue();
    assertThat(rule.matches(record(
        "{\"userIdentity\":{\"userName\":\"bob\"},\"requestParameters\":{\"userName\":\"eve\"}}")))
        .isFalse();
    assertThat(rule.matches(record("{\"userIdentity\":{\"userName\":\"bob\"}}"))).isFalse();
  }

  @ParameterizedTest(name = "{0} on {1}{2}{3} -> {4}")
  @CsvSource(delimiter = '|', textBlock = """
      a or b and c | true | false | false | true
      a or b and c | false | true | false | false
      (a or b) and c | true | false | false | false
      not a and b | false | true | false | true
      not a and b | true | true | false | false
      not (a and b) | true | true | false | false
      not a or b | true | false | false | false
      a and not b or c | true | true | true | true
      1 of sel* | false | false | false | false
      all of them | true | true | true | true
      all of them | true | true | false | false
      1 of them | false | false | true | true
      a and not 1 of filt* | true | false | true | true
      """)
  void matches_conditionPrecedence(String condition, boolean a, boolean b, boolean c,
      boolean expected) {
    String detection = """
        a:
          fa: 'yes'
        b:
          fb: 'yes'
        c:
          fc: 'yes'
        sel_x:
          fx: 'yes'
        filt_y:
          fy: 'yes'
        _hidden:
          fz: 'yes'
        """;
    // 'them' leaves out '_hidden', so 'all of them' holds without fz. For 'all of them' the
    // record also sets fx and fy; for 'a and not 1 of filt*' it sets fy when c is false.
    SigmaRule rule = rule(detection, condition);
    StringBuilder json = new StringBuilder("{\"x\":1");
    if (a) {
      json.append(",\"fa\":\"yes\"");
    }
    if (b) {
      json.append(",\"fb\":\"yes\"");
    }
    if (c) {
      json.append(",\"fc\":\"yes\"");
    }
    if (condition.startsWith("all of them") && a && b && c) {
      json.append(",\"fx\":\"yes\",\"fy\":\"yes\"");
    }
    if (condition.startsWith("a and not 1 of filt")) {
      json.append(c ? "" : ",\"fy\":\"yes\"");
    }

    assertThat(rule.matches(record(json.append('}').toString()))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', textBlock = """
      selection:\\n  eventName|base64: x ; selection ; unsupported modifier 'base64'
      selection:\\n  eventName|frobnicate: x ; selection ; unsupported modifier 'frobnicate'
      selection:\\n  - StopLogging ; selection ; unsupported keyword search
      selection:\\n  '|contains': x ; selection ; unsupported keyword search
      selection:\\n  eventName: x ; selection | count() > 5 ; aggregations and near need event correlation
      selection:\\n  eventName: x ; 2 of selection* ; unsupported quantifier '2 of'
      selection:\\n  eventName: x ; selection and missing ; no selection named 'missing'
      selection:\\n  eventName: x ; (selection ; missing ')'
      selection:\\n  eventName: x\\ntimeframe: 5m ; selection ; unsupported detection attribute 'timeframe'
      selection:\\n  eventName|re: '(' ; selection ; invalid regular expression
      selection:\\n  sourceIPAddress|cidr: x/8 ; selection ; invalid cidr value
      """)
  void parse_unsupportedFeature_skippedWithReason(String detection, String condition,
      String reason) {
    String yaml = """
        title: test rule
        logsource: {product: aws, service: cloudtrail}
        detection:
        %s
          condition: '%s'
        """.formatted(detection.replace("\\n", "\n").indent(2).stripTrailing(), condition);

    RuleLoadResult result = SigmaRules.parse(yaml, "rules/test.yml");

    assertThat(result.loaded()).isEmpty();
    assertThat(result.skipped()).singleElement().satisfies(skip -> {
      assertThat(skip.reason()).contains(reason);
      assertThat(skip.source()).isEqualTo("rules/test.yml");
      assertThat(skip.title()).isEqualTo("test rule");
    });
  }

  @Test
  void parse_otherLogSource_skipped() {
    RuleLoadResult result = SigmaRules.parse("""
        title: windows rule
        logsource: {product: windows, category: process_creation}
        detection:
          selection: {Image|endswith: '\\\\cmd.exe'}
          condition: selection
        """, "win.yml");

    assertThat(result.skipped()).singleElement()
        .satisfies(skip -> assertThat(skip.reason()).contains("expected product aws"));
  }

  @Test
  void load_missingPath_failsWithPath() {
    Path missing = Path.of("no/such/rules");

    assertThatThrownBy(() -> SigmaRules.load(missing))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("no/such/rules");
  }

  @Test
  void load_directory_readsYamlFilesInOrder(@TempDir Path dir)
      throws Exception {
    String rule = """
        title: %s
        logsource: {product: aws, service: cloudtrail}
        detection:
          selection: {eventName: StopLogging}
          condition: selection
        """;
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("b.yml"), rule.formatted("second"));
    Files.writeString(dir.resolve("a.yaml"), rule.formatted("first"));
    Files.writeString(dir.resolve("sub/c.yml"), "title: [broken");
    Files.writeString(dir.resolve("notes.txt"), "not a rule");

    RuleLoadResult result = SigmaRules.load(dir);

    assertThat(result.loaded()).extracting(SigmaRule::title).containsExactly("first", "second");
    assertThat(result.skipped()).singleElement()
        .satisfies(skip -> assertThat(skip.source()).endsWith("c.yml"));
  }

  @Test
  void parse_invalidYaml_skipped() {
    RuleLoadResult result = SigmaRules.parse("title: [unclosed", "broken.yml");

    assertThat(result.loaded()).isEmpty();
    assertThat(result.skipped()).singleElement()
        .satisfies(skip -> assertThat(skip.reason()).startsWith("invalid YAML"));
  }

  @Test
  void parse_attributes_readFromRule() {
    SigmaRule rule = SigmaRules.parse("""
        title: Trail stopped
        name: trail-stopped
        id: 0b8a1e1e-0000-4000-8000-000000000001
        description: The trail was stopped.
        logsource: {product: aws, service: cloudtrail}
        detection:
          selection: {eventName: StopLogging}
          condition: selection
        level: critical
        tags: [attack.defense_evasion, attack.t1562.008, attack.g0016]
        cordon: {routine: true}
        """, "dir/trail.yml").loaded().get(0);

    assertThat(rule.name()).isEqualTo("trail-stopped");
    assertThat(rule.id()).isEqualTo("0b8a1e1e-0000-4000-8000-000000000001");
    assertThat(rule.title()).isEqualTo("Trail stopped");
    assertThat(rule.severity()).isEqualTo(Severity.CRITICAL);
    // Pre-v19 tags: T1562.008 is T1685.002 in v19, so defense evasion becomes defense impairment.
    assertThat(rule.techniques()).containsExactly("T1685.002");
    assertThat(rule.tactics()).containsExactly("defense-impairment");
    assertThat(rule.routine()).isTrue();
    assertThat(rule.source()).isEqualTo("dir/trail.yml");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      attack.defense-evasion,attack.t1070          | stealth            | T1070
      attack.defense_evasion,attack.t1562.001      | defense-impairment | T1685
      attack.defense-evasion,attack.t1562.007      | defense-impairment | T1686.001
      attack.privilege_escalation,attack.t1548.005 | privilege-escalation | T1548.005
      """)
  void attackTags_olderIds_mappedToV19(String tags, String tactic, String technique) {
    AttackTags attack = AttackTags.of(List.of(tags.split(",")));

    assertThat(attack.tactics()).containsExactly(tactic);
    assertThat(attack.techniques()).containsExactly(technique);
  }

  @Test
  void parse_fileName_namesRuleWithoutName() {
    SigmaRule rule = rule("selection:\n  eventName: x");

    assertThat(rule.name()).isEqualTo("test");
  }
}
