package dev.cordon.core.sigma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Cordon's bundled rule pack. */
class RulePackTest {
  private static final RuleLoadResult PACK = SigmaRules.bundled();
  /** ATT&CK Enterprise v19 tactics, with Defense Evasion split into Stealth and Defense Impairment. */
  private static final Set<String> V19_TACTICS = Set.of("reconnaissance", "resource-development",
      "initial-access", "execution", "persistence", "privilege-escalation", "stealth",
      "defense-impairment", "credential-access", "discovery", "lateral-movement", "collection",
      "command-and-control", "exfiltration", "impact");

  @Test
  void bundled_everyRule_loads() {
    assertThat(PACK.skipped()).isEmpty();
    assertThat(PACK.loaded()).hasSize(50);
    assertThat(PACK.loaded()).extracting(SigmaRule::name).doesNotHaveDuplicates();
  }

  @TestFactory
  Stream<DynamicTest> eachRule_hasTagsLevelAndDescription() {
    return PACK.loaded().stream().map(rule -> dynamicTest(rule.name(), () -> {
      assertThat(rule.tactics()).isNotEmpty();
      assertThat(V19_TACTICS).containsAll(rule.tactics());
      assertThat(rule.techniques()).isNotEmpty()
          .allSatisfy(id -> assertThat(id).matches("T\\d{4}(\\.\\d{3})?"));
      assertThat(rule.level()).isIn("low", "medium", "high", "critical");
      assertThat(rule.description()).hasSizeGreaterThan(40);
      assertThat(rule.notes()).isEmpty();
      assertThat(rule.id()).isNotBlank();
    }));
  }

  @TestFactory
  Stream<DynamicTest> eachRule_matchAndNearMiss() {
    return PACK.loaded().stream().map(rule -> dynamicTest(rule.name(), () -> {
      ObjectNode positive = RuleExamples.positive(rule).orElseThrow();
      ObjectNode nearMiss = RuleExamples.nearMiss(rule, positive).orElseThrow();

      assertThat(rule.matches(positive)).as("positive %s", positive).isTrue();
      assertThat(rule.matches(nearMiss)).as("near miss %s", nearMiss).isFalse();
    }));
  }

  @Test
  void bundled_applicationCalls_noMediumRuleOutsideRoutine() throws Exception {
    // Calls an application makes all day: none may match a rule that is not marked routine.
    List<String> calls = List.of(
        "kms.amazonaws.com Decrypt", "kms.amazonaws.com GenerateDataKey",
        "sqs.amazonaws.com ReceiveMessage", "sqs.amazonaws.com SendMessage",
        "sqs.amazonaws.com DeleteMessage", "ssm.amazonaws.com GetParameter",
        "secretsmanager.amazonaws.com GetSecretValue", "s3.amazonaws.com PutObject",
        "dynamodb.amazonaws.com GetItem", "logs.amazonaws.com PutLogEvents",
        "sts.amazonaws.com GetCallerIdentity");
    for (String call : calls) {
      String[] parts = call.split(" ");
      ObjectNode record = RuleExamples.baseRecord();
      record.put("eventSource", parts[0]);
      record.put("eventName", parts[1]);

      List<SigmaRule> matched = PACK.loaded().stream().filter(r -> r.matches(record)).toList();

      assertThat(matched).as(call).allSatisfy(rule -> assertThat(rule.routine()).isTrue());
    }
  }

  @Test
  void matches_plainRules_allocateNothing() {
    ObjectNode record = RuleExamples.baseRecord();
    record.put("eventSource", "kms.amazonaws.com");
    record.put("eventName", "Decrypt");
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    List<SigmaRule> rules = PACK.loaded();
    int rounds = 10_000;
    // Warm up so that class loading and JIT compilation are not counted.
    int matched = matchAll(rules, record, rounds);

    long before = threads.getCurrentThreadAllocatedBytes();
    matched += matchAll(rules, record, rounds);
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(matched).isZero();
    // 10,000 rounds x 50 rules = 500,000 matches; under 1 byte per match allows for the
    // measurement's own small allocations.
    assertThat(allocated).isLessThan(500_000L);
  }

  private static int matchAll(List<SigmaRule> rules, ObjectNode record, int rounds) {
    int matched = 0;
    for (int round = 0; round < rounds; round++) {
      for (SigmaRule rule : rules) {
        if (rule.matches(record)) {
          matched++;
        }
      }
    }
    return matched;
  }
}
