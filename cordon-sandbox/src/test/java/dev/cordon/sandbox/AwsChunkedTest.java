package dev.cordon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsChunkedTest {
  // Bodies as the SDK writes them: signed chunks (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER])
  // and unsigned chunks with a checksum trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER). '|' is CRLF.
  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
    "5|hello|7|, world|0|x-amz-checksum-crc32:AAAAAA==||                              ; hello, world",
    "5,chunk-signature=ab12|hello|0,chunk-signature=cd34||                           ; hello",
    "0|x-amz-checksum-crc32:AAAAAA==||                                               ; ''",
  })
  void decode_chunkForms_returnPayload(String wire, String expected) {
    byte[] body = wire.trim().replace(",chunk", ";chunk").replace("|", "\r\n").getBytes(StandardCharsets.US_ASCII);

    assertThat(new String(AwsChunked.decode(body), StandardCharsets.US_ASCII)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"zz|hello|0||", "9|hello|0||", "5|hello"})
  void decode_malformed_isIncompleteBody(String wire) {
    byte[] body = wire.replace("|", "\r\n").getBytes(StandardCharsets.US_ASCII);

    assertThatThrownBy(() -> AwsChunked.decode(body)).isInstanceOf(AwsError.class).hasFieldOrPropertyWithValue("code", "IncompleteBody");
  }
}
