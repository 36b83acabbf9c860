package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ContractTest extends SeedSandboxTest {
  private static final String FLOW_BUCKET = "acme-flow-logs";
  private static final String FLOW_PREFIX = "AWSLogs/123456789012/vpcflowlogs/us-east-1/";

  @Test
  void listObjectsV2_delimiter_groupsDays() {
    ListObjectsV2Response response = sandbox.s3.listObjectsV2(r -> r.bucket(FLOW_BUCKET).prefix(FLOW_PREFIX + "2024/01/").delimiter("/"));

    assertThat(response.contents()).isEmpty();
    assertThat(response.commonPrefixes()).extracting(CommonPrefix::prefix).containsExactly(FLOW_PREFIX + "2024/01/15/");
  }

  @Test
  void getObject_seedFlowLog_isGzipOfLines() throws IOException {
    String key = sandbox.s3.listObjectsV2(r -> r.bucket(FLOW_BUCKET).prefix(FLOW_PREFIX)).contents().get(0).key();
    byte[] gzip = sandbox.s3.getObjectAsBytes(r -> r.bucket(FLOW_BUCKET).key(key)).asByteArray();
    String text;
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(key).endsWith(".log.gz").contains("_vpcflowlogs_us-east-1_fl-0abc123def4560002_");
    // A header line and the 26 records of the log group.
    assertThat(text.lines().count()).isEqualTo(27);
    assertThat(text).startsWith("version account-id interface-id srcaddr");
  }

  @Test
  void putObject_chunkedUpload_storesDecodedBody() {
    String content = "memory capture of i-0abc123def456\n".repeat(3000);
    sandbox.s3.putObject(r -> r.bucket("prod-order-service-data").key("forensics/i-0abc123def456/mem.txt"), RequestBody.fromString(content));

    String read = sandbox.s3.getObjectAsBytes(r -> r.bucket("prod-order-service-data").key("forensics/i-0abc123def456/mem.txt")).asUtf8String();
    HeadObjectResponse head = sandbox.s3.headObject(r -> r.bucket("prod-order-service-data").key("forensics/i-0abc123def456/mem.txt"));

    assertThat(read).isEqualTo(content);
    // 34 bytes a line, 3000 lines: 102000 bytes.
    assertThat(head.contentLength()).isEqualTo(102_000L);
    assertThat(head.eTag()).isEqualTo(S3Service.etag(content.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void listObjectsV2_maxKeys_pagesWithToken() {
    for (int i = 0; i < 3; i++) {
      String key = "page/" + i;
      sandbox.s3.putObject(r -> r.bucket("prod-order-service-data").key(key), RequestBody.fromString("x"));
    }
    ListObjectsV2Response first = sandbox.s3.listObjectsV2(r -> r.bucket("prod-order-service-data").prefix("page/").maxKeys(2));
    ListObjectsV2Response second =
        sandbox.s3.listObjectsV2(r -> r.bucket("prod-order-service-data").prefix("page/").maxKeys(2).continuationToken(first.nextContinuationToken()));

    assertThat(first.isTruncated()).isTrue();
    assertThat(first.contents()).extracting(S3Object::key).containsExactly("page/0", "page/1");
    assertThat(second.contents()).extracting(S3Object::key).containsExactly("page/2");
    assertThat(second.isTruncated()).isFalse();
  }

  @Test
  void getObject_missingKey_isNoSuchKey404() {
    Throwable thrown = catchThrowable(() -> sandbox.s3.getObjectAsBytes(r -> r.bucket(FLOW_BUCKET).key("none")));

    assertThat(thrown).isInstanceOf(NoSuchKeyException.class);
    assertThat(status(thrown)).isEqualTo(404);
  }

  @Test
  void headObject_missingKey_is404() {
    Throwable thrown = catchThrowable(() -> sandbox.s3.headObject(r -> r.bucket(FLOW_BUCKET).key("none")));

    assertThat(status(thrown)).isEqualTo(404);
  }

  @Test
  void listObjectsV2_missingBucket_isNoSuchBucket() {
    Throwable thrown = catchThrowable(() -> sandbox.s3.listObjectsV2(r -> r.bucket("not-a-bucket")));

    assertThat(thrown).isInstanceOf(NoSuchBucketException.class);
  }

  @Test
  void stateDump_objectBody_isBase64() {
    List<String> keys = sandbox.s3.listObjectsV2(r -> r.bucket("prod-order-service-data")).contents().stream().map(S3Object::key).toList();

    assertThat(keys).containsExactly("exports/orders-2024-01-14.csv");
    assertThat(sandbox.server.stateJson()).contains("\"body\" : \"b3JkZXJfaWQ");
  }
}
