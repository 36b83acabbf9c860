package dev.cordon.core.investigate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.flowlogs.FlowRecord;
import dev.cordon.core.flowlogs.FlowRecordFilter;
import dev.cordon.core.scope.Scope;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InvestigatorScopeFilterTest {
  private static final Scope SCOPE = new Scope("i-0abc", null, Set.of("eni-1"), Set.of("10.0.1.55", "2001:db8::55"),
      Set.of(), Set.of(), null, Set.of(), null, null);

  @ParameterizedTest
  @CsvSource(nullValues = "null", value = {
      // instance, eni,  src,          dst,       pkt-src,   expected
      "i-0abc,     eni-9, 10.9.9.9,    10.8.8.8,  null,      true",
      "null,       eni-1, 10.9.9.9,    10.8.8.8,  null,      true",
      "null,       eni-9, 10.0.1.55,   10.8.8.8,  null,      true",
      "null,       eni-9, 10.9.9.9,    10.8.8.8,  10.0.1.55, true",
      "null,       eni-9, 2001:db8::55, 10.8.8.8, null,      true",
      "i-0other,   eni-9, 10.9.9.9,    10.8.8.8,  null,      false",
  })
  void scopeFilter_record_keptWhenInScope(String instance, String eni, String src, String dst, String pktSrc,
      boolean expected) {
    FlowRecordFilter filter = Investigator.scopeFilter(SCOPE);

    assertThat(filter.test(record(instance, eni, src, dst, pktSrc))).isEqualTo(expected);
  }

  @Test
  void scopeFilter_emptyScope_keepsAll() {
    Scope empty = new Scope(null, null, Set.of(), Set.of(), Set.of(), Set.of(), null, Set.of(), null, null);

    assertThat(Investigator.scopeFilter(empty).keepsAll()).isTrue();
  }

  private static FlowRecord record(String instance, String eni, String src, String dst, String pktSrc) {
    return new FlowRecord(5, null, eni, src, dst, 1, 2, 6, 1, 1, 1, 2, "ACCEPT", "OK", null, null, instance,
        FlowRecord.ABSENT, null, pktSrc, null, null, null, null, null, null, FlowRecord.ABSENT, Map.of(), "test");
  }
}
