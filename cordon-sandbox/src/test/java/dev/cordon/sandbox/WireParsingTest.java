package dev.cordon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WireParsingTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/20, 10.0.1.55, true", // 10.0.0.0 - 10.0.15.255
    "10.0.0.0/20, 10.0.16.1, false",
    "203.0.113.100/32, 203.0.113.100, true",
    "203.0.113.100/32, 203.0.113.101, false",
    "0.0.0.0/0, 198.51.100.20, true",
    "0.0.0.0/0, 2001:db8::1, false", // families differ
    "2001:db8::/32, 2001:db8::1, true",
    "10.0.0.0/33, 10.0.0.1, false", // invalid prefix length
    "10.0.0.0/8, not-an-address, false"
  })
  void cidrs_contains_matchesTable(String cidr, String address, boolean expected) {
    assertThat(Cidrs.contains(cidr, address)).isEqualTo(expected);
  }

  @Test
  void queryParams_flattenedLists_areRebuilt() {
    QueryParams params =
        QueryParams.parse(
            "Action=DescribeInstances&Filter.2.Name=tag%3AName&Filter.2.Value.1=prod-order-service-3"
                + "&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-0abc123&InstanceId.10=i-b&InstanceId.2=i-a");

    List<QueryParams> filters = params.members("Filter");
    assertThat(filters).hasSize(2);
    assertThat(filters.get(0).get("Name")).isEqualTo("vpc-id");
    assertThat(filters.get(1).get("Name")).isEqualTo("tag:Name");
    assertThat(filters.get(1).list("Value")).containsExactly("prod-order-service-3");
    // Indexes sort as numbers, so 2 comes before 10.
    assertThat(params.list("InstanceId")).containsExactly("i-a", "i-b");
  }

  @Test
  void queryParams_badBoolean_isInvalidParameterValue() {
    QueryParams params = QueryParams.parse("DryRun=yes");

    AwsError error = catchThrowableOfType(AwsError.class, () -> params.flag("DryRun"));

    assertThat(error.code).isEqualTo("InvalidParameterValue");
    assertThat(error.getMessage()).contains("yes");
  }

  @Test
  void signatureScope_authorizationHeader_yieldsService() {
    String header =
        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240115/us-east-1/sts/aws4_request,"
            + " SignedHeaders=host;x-amz-date, Signature=abc";

    SignatureScope scope = SignatureScope.of(header, true, QueryParams.parse(""));

    assertThat(scope.service()).isEqualTo("sts");
    assertThat(scope.region()).isEqualTo("us-east-1");
    assertThat(scope.accessKeyId()).isEqualTo("AKIAEXAMPLE");
  }

  @Test
  void signatureScope_presignedQuery_yieldsService() {
    QueryParams query =
        QueryParams.parse(
            "X-Amz-Credential=AKIAEXAMPLE%2F20240115%2Fus-east-1%2Fec2%2Faws4_request&X-Amz-Signature=abc");

    assertThat(SignatureScope.of(null, false, query).service()).isEqualTo("ec2");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "AWS AKIAEXAMPLE:signature-v2 | true", // SigV2 is not accepted
        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240115/us-east-1/ec2/aws4_request, Signature=abc | true",
        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/us-east-1/ec2, SignedHeaders=host, Signature=abc | true",
        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20240115/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=abc | false"
      })
  void signatureScope_incompleteHeader_isIncompleteSignature(String header, boolean hasDate) {
    AwsError error =
        catchThrowableOfType(AwsError.class, () -> SignatureScope.of(header, hasDate, QueryParams.parse("")));

    assertThat(error.code).isEqualTo("IncompleteSignature");
    assertThat(error.status).isEqualTo(400);
  }

  @Test
  void signatureScope_noSignature_isMissingAuthenticationToken() {
    AwsError error = catchThrowableOfType(AwsError.class, () -> SignatureScope.of(null, true, QueryParams.parse("")));

    assertThat(error.code).isEqualTo("MissingAuthenticationToken");
    assertThat(error.status).isEqualTo(403);
  }

  @Test
  void xml_attackerControlledTagValue_isEscaped() {
    Xml xml = new Xml("Root", null);
    xml.text("value", "</value><injected>1</injected>&");

    assertThat(xml.finish()).contains("&lt;/value&gt;&lt;injected&gt;1&lt;/injected&gt;&amp;").doesNotContain("<injected>");
  }
}
