package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.core.input.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JournalMirrorTest {
  @ParameterizedTest
  @CsvSource({
    "cordon-journals,                   cordon-journals, '',        cordon-journals/INC-1/journal.jsonl",
    "cordon-journals/ir/2024,           cordon-journals, ir/2024,   cordon-journals/ir/2024/INC-1/journal.jsonl",
    "s3://cordon-journals/ir/,          cordon-journals, ir,        cordon-journals/ir/INC-1/journal.jsonl",
  })
  void location_parse_splitsBucketAndPrefix(String value, String bucket, String prefix, String path) {
    JournalMirror.Location location = JournalMirror.Location.parse(value);

    assertThat(location.bucket()).isEqualTo(bucket);
    assertThat(location.prefix()).isEqualTo(prefix);
    assertThat(location.uri("INC-1")).isEqualTo("s3://" + path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "Cordon-Journals", "cordon..journals", "-cordon", "cordon_journals/x"})
  void location_invalidBucket_rejected(String value) {
    assertThatThrownBy(() -> JournalMirror.Location.parse(value))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("Invalid --journal-bucket '" + value + "'");
  }
}
