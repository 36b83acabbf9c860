package dev.cordon.core.flowlogs;

import static dev.cordon.core.flowlogs.FlowLogTesting.read;
import static dev.cordon.core.flowlogs.FlowLogTesting.sample;
import static dev.cordon.core.flowlogs.FlowRecord.ABSENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.cordon.core.flowlogs.FlowLogTesting.Result;
import dev.cordon.core.input.InputStats;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads each published sample and checks the values of its records. */
class FlowLogSamplesTest {

  /** All v2 to v5 fields in the order of the AWS field table, as the Elastic test line uses. */
  private static final String V5_ALL_FIELDS = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr}"
      + " ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}"
      + " ${vpc-id} ${subnet-id} ${instance-id} ${tcp-flags} ${type} ${pkt-srcaddr} ${pkt-dstaddr}"
      + " ${region} ${az-id} ${sublocation-type} ${sublocation-id} ${pkt-src-aws-service}"
      + " ${pkt-dst-aws-service} ${flow-direction} ${traffic-path}";

  private static final String V8_ALL_FIELDS = V5_ALL_FIELDS
      + " ${ecs-cluster-arn} ${ecs-cluster-name} ${ecs-container-instance-arn} ${ecs-container-instance-id}"
      + " ${ecs-container-id} ${ecs-second-container-id} ${ecs-service-name} ${ecs-task-definition-arn}"
      + " ${ecs-task-arn} ${ecs-task-id} ${reject-reason}";

  /** The 29 v2 to v5 fields in alphabetical order. */
  private static final String V5_ALPHABETICAL = "${account-id} ${action} ${az-id} ${bytes} ${dstaddr} ${dstport}"
      + " ${end} ${flow-direction} ${instance-id} ${interface-id} ${log-status} ${packets}"
      + " ${pkt-dst-aws-service} ${pkt-dstaddr} ${pkt-src-aws-service} ${pkt-srcaddr} ${protocol} ${region}"
      + " ${srcaddr} ${srcport} ${start} ${sublocation-id} ${sublocation-type} ${subnet-id} ${tcp-flags}"
      + " ${traffic-path} ${type} ${version} ${vpc-id}";

  @Test
  void defaultV2_acceptReject_readsEveryField() {
    Result result = read(sample("aws-doc_v2-default_accept-reject.log"));

    assertThat(result.records()).hasSize(2);
    FlowRecord accept = result.first();
    assertThat(accept.version()).isEqualTo(2);
    assertThat(accept.accountId()).isEqualTo("123456789010");
    assertThat(accept.interfaceId()).isEqualTo("eni-1235b8ca123456789");
    assertThat(accept.srcAddr()).isEqualTo("172.31.16.139");
    assertThat(accept.dstAddr()).isEqualTo("172.31.16.21");
    assertThat(accept.srcPort()).isEqualTo(20641);
    assertThat(accept.dstPort()).isEqualTo(22);
    assertThat(accept.protocol()).isEqualTo(6);
    assertThat(accept.packets()).isEqualTo(20);
    assertThat(accept.bytes()).isEqualTo(4249);
    assertThat(accept.start()).isEqualTo(1418530010);
    assertThat(accept.end()).isEqualTo(1418530070);
    assertThat(accept.action()).isEqualTo("ACCEPT");
    assertThat(accept.logStatus()).isEqualTo("OK");
    assertThat(accept.vpcId()).isNull();
    assertThat(accept.tcpFlags()).isEqualTo(ABSENT);
    assertThat(accept.trafficPath()).isEqualTo(ABSENT);
    assertThat(accept.otherFields()).isEmpty();
    assertThat(accept.source()).endsWith("aws-doc_v2-default_accept-reject.log:1");

    FlowRecord reject = result.records().get(1);
    assertThat(reject.srcAddr()).isEqualTo("172.31.9.69");
    assertThat(reject.dstPort()).isEqualTo(3389);
    assertThat(reject.action()).isEqualTo("REJECT");
    assertThat(result.stats().skippedTotal()).isZero();
    assertThat(result.stats().files()).singleElement()
        .extracting(InputStats.FileEntry::kind, InputStats.FileEntry::records, InputStats.FileEntry::error)
        .containsExactly("vpc-flow-logs", 2L, null);
  }

  @Test
  void defaultV2_nodataSkipdata_dashesAbsent() {
    Result result = read(sample("aws-doc_v2-default_nodata-skipdata.log"));

    assertThat(result.records()).hasSize(2);
    FlowRecord nodata = result.first();
    assertThat(nodata.logStatus()).isEqualTo("NODATA");
    assertThat(nodata.srcAddr()).isNull();
    assertThat(nodata.dstAddr()).isNull();
    assertThat(nodata.srcPort()).isEqualTo(ABSENT);
    assertThat(nodata.protocol()).isEqualTo(ABSENT);
    assertThat(nodata.packets()).isEqualTo(ABSENT);
    assertThat(nodata.bytes()).isEqualTo(ABSENT);
    assertThat(nodata.action()).isNull();
    assertThat(nodata.start()).isEqualTo(1431280876);
    assertThat(nodata.isOk()).isFalse();

    assertThat(result.records().get(1).logStatus()).isEqualTo("SKIPDATA");
    InputStats.BlindSpot spot = result.stats().blindSpots().get(0);
    assertThat(result.stats().blindSpots()).hasSize(1);
    assertThat(spot.description()).contains("SKIPDATA", "eni-11111111aaaaaaaaa");
    assertThat(spot.fromEpochSecond()).isEqualTo(1431280876L);
    assertThat(spot.toEpochSecond()).isEqualTo(1431280934L);
    assertThat(spot.source()).endsWith(":2");
  }

  @Test
  void defaultV2_icmp_portsZeroAndBothActions() {
    Result result = read(sample("aws-doc_v2-default_sg-nacl-icmp.log"));

    assertThat(result.records())
        .extracting(FlowRecord::srcAddr, FlowRecord::srcPort, FlowRecord::dstPort, FlowRecord::protocol,
            FlowRecord::bytes, FlowRecord::start, FlowRecord::action)
        .containsExactly(
            tuple("203.0.113.12", 0, 0, 1, 336L, 1432917027L, "ACCEPT"),
            tuple("172.31.16.139", 0, 0, 1, 336L, 1432917094L, "REJECT"));
  }

  @Test
  void defaultV2_ipv6_keepsCanonicalAddresses() {
    FlowRecord record = read(sample("aws-doc_v2-default_ipv6.log")).first();

    assertThat(record.srcAddr()).isEqualTo("2001:db8:1234:a100:8d6e:3477:df66:f105");
    assertThat(record.dstAddr()).isEqualTo("2001:db8:1234:a102:3304:8879:34cf:4071");
    assertThat(record.srcPort()).isEqualTo(34892);
    assertThat(record.packets()).isEqualTo(54);
    assertThat(record.bytes()).isEqualTo(8855);
    assertThat(record.end()).isEqualTo(1477913820);
  }

  @Test
  void customV3_tcpFlags_mappedByHeader() {
    Result result = read(sample("aws-doc_v3-custom_tcp-flag-sequence.log"));

    assertThat(result.records()).hasSize(8);
    assertThat(result.stats().skippedTotal()).isZero();
    FlowRecord first = result.first();
    assertThat(first.version()).isEqualTo(3);
    assertThat(first.vpcId()).isEqualTo("vpc-abcdefab012345678");
    assertThat(first.subnetId()).isEqualTo("subnet-aaaaaaaa012345678");
    assertThat(first.instanceId()).isEqualTo("i-01234567890123456");
    assertThat(first.type()).isEqualTo("IPv4");
    // The header puts bytes before packets: "6 568 8" is protocol 6, 568 bytes, 8 packets.
    assertThat(first.bytes()).isEqualTo(568);
    assertThat(first.packets()).isEqualTo(8);
    assertThat(first.tcpFlags()).isEqualTo(2);
    assertThat(first.source()).endsWith(":2");

    FlowRecord doubleSpaced = result.records().get(7);
    assertThat(doubleSpaced.srcPort()).isEqualTo(5001);
    assertThat(doubleSpaced.dstPort()).isEqualTo(43638);
    assertThat(doubleSpaced.pktSrcAddr()).isEqualTo("10.0.0.62");
    assertThat(doubleSpaced.pktDstAddr()).isEqualTo("52.213.180.42");
    assertThat(doubleSpaced.bytes()).isEqualTo(967);
    assertThat(doubleSpaced.packets()).isEqualTo(14);
    assertThat(doubleSpaced.tcpFlags()).isEqualTo(19);
    assertThat(doubleSpaced.logStatus()).isEqualTo("OK");
  }

  @Test
  void customNatGateway_annotatedLines_skipped() {
    Result result = read(sample("aws-doc_custom_nat-gateway.log"));

    assertThat(result.records())
        .extracting(FlowRecord::instanceId, FlowRecord::srcAddr, FlowRecord::dstAddr,
            FlowRecord::pktSrcAddr, FlowRecord::pktDstAddr)
        .containsExactly(
            tuple(null, "10.0.1.5", "10.0.0.220", "10.0.1.5", "203.0.113.5"),
            tuple(null, "10.0.0.220", "203.0.113.5", "10.0.0.220", "203.0.113.5"),
            tuple(null, "203.0.113.5", "10.0.0.220", "203.0.113.5", "10.0.0.220"),
            tuple(null, "10.0.0.220", "10.0.1.5", "203.0.113.5", "10.0.1.5"));
    assertThat(result.first().version()).isEqualTo(ABSENT);
    assertThat(result.first().start()).isEqualTo(ABSENT);

    // Lines 6 and 7 carry the document's "#..." notes, so they have more than the 6 header fields.
    assertThat(result.stats().skippedByReason()).containsExactly(entry("wrong field count", 2L));
    assertThat(result.stats().skipSamples()).extracting(InputStats.Skip::line).containsExactly(6L, 7L);
    assertThat(result.stats().skipSamples().get(0).reason())
        .contains("aws-doc_custom_nat-gateway.log line 6", "expected 6 fields but found 16", "header on line 1");
  }

  @Test
  void customV3_transitGatewayPath_readsPacketAddresses() {
    Result result = read(sample("aws-doc_v3-custom_transit-gateway.log"));

    assertThat(result.records())
        .extracting(FlowRecord::interfaceId, FlowRecord::instanceId, FlowRecord::srcAddr,
            FlowRecord::pktSrcAddr, FlowRecord::tcpFlags)
        .containsExactly(
            tuple("eni-33333333333333333", "i-01234567890123456", "10.20.33.164", "10.20.33.164", 3),
            tuple("eni-33333333333333333", "i-01234567890123456", "10.40.2.236", "10.40.2.236", 19),
            tuple("eni-11111111111111111", null, "10.40.1.175", "10.20.33.164", 3),
            tuple("eni-22222222222222222", null, "10.40.2.236", "10.40.2.236", 19));
    assertThat(result.first().start()).isEqualTo(ABSENT);
  }

  @Test
  void customV5_serviceAndDirection_read() {
    Result result = read(sample("aws-doc_v5-custom_service-trafficpath-direction.log"));

    FlowRecord ingress = result.first();
    assertThat(ingress.version()).isEqualTo(5);
    assertThat(ingress.region()).isEqualTo("ap-southeast-2");
    assertThat(ingress.azId()).isEqualTo("apse2-az3");
    assertThat(ingress.pktSrcAwsService()).isEqualTo("S3");
    assertThat(ingress.pktDstAwsService()).isNull();
    assertThat(ingress.trafficPath()).isEqualTo(ABSENT);
    assertThat(ingress.flowDirection()).isEqualTo("ingress");
    assertThat(ingress.packets()).isEqualTo(14);
    assertThat(ingress.bytes()).isEqualTo(15044);
    assertThat(ingress.otherFields()).isEmpty();

    FlowRecord egress = result.records().get(1);
    assertThat(egress.pktDstAwsService()).isEqualTo("S3");
    assertThat(egress.trafficPath()).isEqualTo(8);
    assertThat(egress.flowDirection()).isEqualTo("egress");
    assertThat(egress.tcpFlags()).isEqualTo(3);
    assertThat(egress.instanceId()).isEqualTo("i-0c50d5961bcb2d47b");
  }

  @Test
  void blogEncryptionStatus_carriedInOtherFields() {
    Result result = read(sample("aws-blog_vpc-encryption-controls_encryption-status.log"));

    // Lines 2 and 6 end with the blog's "# <--" notes; the other 6 lines are records.
    assertThat(result.records()).hasSize(6);
    assertThat(result.stats().skipSamples()).extracting(InputStats.Skip::line).containsExactly(2L, 6L);
    FlowRecord egress = result.first();
    assertThat(egress.source()).endsWith(":3");
    assertThat(egress.flowDirection()).isEqualTo("egress");
    assertThat(egress.trafficPath()).isEqualTo(1);
    assertThat(egress.srcAddr()).isEqualTo("10.0.128.55");
    assertThat(egress.srcPort()).isEqualTo(80);
    assertThat(egress.dstPort()).isEqualTo(43236);
    assertThat(egress.otherFields()).containsExactly(entry("encryption-status", "1"));
    assertThat(result.records().get(1).trafficPath()).isEqualTo(ABSENT);
    assertThat(result.records().get(5).otherFields()).containsExactly(entry("encryption-status", "0"));
  }

  @Test
  void otelNodata_elevenDigitAccount_keptAsText() {
    Result result = read(sample("otel-contrib_s3-text_header-nodata.log"));

    FlowRecord record = result.first();
    assertThat(result.records()).hasSize(1);
    assertThat(record.accountId()).isEqualTo("12345678910");
    assertThat(record.interfaceId()).isEqualTo("eni-0eb1e4178af74336c");
    assertThat(record.logStatus()).isEqualTo("NODATA");
    assertThat(record.end()).isEqualTo(1742570142);
    assertThat(result.stats().blindSpots()).isEmpty();
  }

  @Test
  void otelHeaderMulti_readsLastLineWithoutNewline() {
    Result result = read(sample("otel-contrib_s3-text_header-multi_no-final-newline.log"));

    assertThat(result.records()).extracting(FlowRecord::action).containsExactly("ACCEPT", "REJECT");
    assertThat(result.records().get(1).dstPort()).isEqualTo(3389);
  }

  @Test
  void otelTooFewFields_skipsWithHeaderHint() {
    Result result = read(sample("otel-contrib_too-few-fields.log"));

    assertThat(result.records()).isEmpty();
    assertThat(result.stats().skippedByReason()).containsExactly(entry("wrong field count", 1L));
    InputStats.Skip skip = result.stats().skipSamples().get(0);
    assertThat(skip.line()).isEqualTo(2);
    assertThat(skip.reason()).contains("line 2", "expected 14 fields but found 13", "header on line 1");
    assertThat(result.stats().files().get(0).skipped()).isEqualTo(1);
  }

  @Test
  void transitGatewayV6_tgwFields_keptApart() {
    Result result = read(sample("otel-contrib_tgw-v6.log"));

    FlowRecord record = result.first();
    assertThat(record.version()).isEqualTo(6);
    assertThat(record.accountId()).isEqualTo("123456789012");
    assertThat(record.srcAddr()).isEqualTo("10.0.0.1");
    assertThat(record.dstAddr()).isEqualTo("10.0.1.1");
    assertThat(record.srcPort()).isEqualTo(12345);
    assertThat(record.dstPort()).isEqualTo(443);
    assertThat(record.packets()).isEqualTo(10);
    assertThat(record.bytes()).isEqualTo(1000);
    assertThat(record.start()).isEqualTo(1700000000);
    assertThat(record.end()).isEqualTo(1700000060);
    assertThat(record.tcpFlags()).isEqualTo(2);
    assertThat(record.flowDirection()).isEqualTo("ingress");
    assertThat(record.region()).isEqualTo("us-east-1");
    // TGW ENIs and zones are not the capturing ENI or zone of a VPC record.
    assertThat(record.interfaceId()).isNull();
    assertThat(record.azId()).isNull();
    assertThat(record.vpcId()).isNull();
    assertThat(record.otherFields())
        .containsEntry("tgw-id", "tgw-0abc12345def67890")
        .containsEntry("tgw-src-eni", "eni-0abc12345def67890")
        .containsEntry("tgw-dst-az-id", "use1-az2")
        .containsEntry("packets-lost-no-route", "1")
        .containsEntry("packets-lost-ttl-expired", "4")
        .hasSize(15);
  }

  @Test
  void otelEcsSynthetic_carriesEcsFields() {
    FlowRecord record = read(sample("otel-contrib_ecs-custom_synthetic.log")).first();

    assertThat(record.version()).isEqualTo(5);
    assertThat(record.dstPort()).isEqualTo(22);
    assertThat(record.otherFields())
        .containsEntry("ecs-cluster-name", "my-cluster")
        .containsEntry("ecs-service-name", "my-service")
        .containsEntry("ecs-task-definition-arn", "arn:aws:ecs:us-east-1:123456789012:task-definition/my-task:1")
        .containsEntry("ecs-task-id", "abcdef1234567890")
        .hasSize(10);
  }

  @Test
  void cloudWatchSubscriptionEnvelope_readsLogEvents() {
    Result result = read(sample("otel-contrib_cloudwatch-subscription-envelope.json"));

    assertThat(result.records())
        .extracting(FlowRecord::srcAddr, FlowRecord::dstPort, FlowRecord::action, FlowRecord::start)
        .containsExactly(
            tuple("172.31.16.139", 22, "ACCEPT", 1418530010L),
            tuple("172.31.9.69", 3389, "REJECT", 1418530010L));
    assertThat(result.records().get(1).source()).endsWith("otel-contrib_cloudwatch-subscription-envelope.json:event 2");
    assertThat(result.stats().skippedTotal()).isZero();
  }

  @Test
  void flowlogsReaderV4_alphabeticalHeaderWithSublocation() {
    Result result = read(sample("flowlogs-reader-tests_v4-alphabetical-header.log"));

    FlowRecord first = result.first();
    assertThat(first.accountId()).isEqualTo("000000000000");
    assertThat(first.bytes()).isEqualTo(6392);
    assertThat(first.dstAddr()).isEqualTo("172.18.160.93");
    assertThat(first.dstPort()).isEqualTo(47460);
    assertThat(first.end()).isEqualTo(1568300425);
    assertThat(first.instanceId()).isEqualTo("i-06f9249b");
    assertThat(first.packets()).isEqualTo(10);
    assertThat(first.pktSrcAddr()).isEqualTo("192.168.0.1");
    assertThat(first.srcAddr()).isEqualTo("172.18.160.68");
    assertThat(first.srcPort()).isEqualTo(443);
    assertThat(first.start()).isEqualTo(1568300367);
    assertThat(first.tcpFlags()).isEqualTo(19);
    assertThat(first.version()).isEqualTo(4);
    assertThat(first.azId()).isEqualTo("use1-az4");
    assertThat(first.interfaceId()).isNull();
    assertThat(first.otherFields())
        .containsExactly(entry("sublocation-type", "wavelength"), entry("sublocation-id", "wlid04"));
    assertThat(result.records().get(1).otherFields()).containsEntry("sublocation-type", "outpost");
  }

  @Test
  void flowlogsReaderV5_skipsBogusLine() {
    Result result = read(sample("flowlogs-reader-tests_v5-alphabetical-header_with-bogus-line.log"));

    assertThat(result.records()).hasSize(2);
    FlowRecord ingress = result.first();
    assertThat(ingress.pktSrcAwsService()).isEqualTo("S3");
    assertThat(ingress.pktDstAwsService()).isNull();
    assertThat(ingress.trafficPath()).isEqualTo(ABSENT);
    assertThat(ingress.flowDirection()).isEqualTo("ingress");
    assertThat(ingress.interfaceId()).isEqualTo("eni-00123456789abcdef");
    FlowRecord egress = result.records().get(1);
    assertThat(egress.trafficPath()).isEqualTo(7);
    assertThat(egress.tcpFlags()).isEqualTo(7);
    assertThat(egress.pktDstAwsService()).isEqualTo("S3");

    assertThat(result.stats().skippedByReason()).containsExactly(entry("wrong field count", 1L));
    InputStats.Skip skip = result.stats().skipSamples().get(0);
    assertThat(skip.line()).isEqualTo(4);
    assertThat(skip.reason()).contains("expected 29 fields but found 2");
  }

  @Test
  void elasticV5_withoutFormat_skipped() {
    Result result = read(sample("elastic-integrations-tests_v5-all-fields_redacted.log"));

    assertThat(result.records()).isEmpty();
    assertThat(result.stats().skipSamples().get(0).reason())
        .contains("line 1", "14 fields of the default version-2 format but found 29", "--flow-format");
  }

  @Test
  void elasticV5_withFlowFormat_readsAllFields() {
    FlowRecord record = read(sample("elastic-integrations-tests_v5-all-fields_redacted.log"),
        new FlowLogOptions(V5_ALL_FIELDS)).first();

    assertThat(record.accountId()).isEqualTo("64111117617");
    assertThat(record.protocol()).isEqualTo(17);
    // The published start has 9 digits; it is below 2^31-1 so it stays as seconds.
    assertThat(record.start()).isEqualTo(164000066);
    assertThat(record.end()).isEqualTo(1640000297);
    assertThat(record.tcpFlags()).isEqualTo(1);
    assertThat(record.pktDstAddr()).isEqualTo("10.200.0.80");
    assertThat(record.pktSrcAwsService()).isEqualTo("AMAZON");
    assertThat(record.pktDstAwsService()).isEqualTo("CLOUDFRONT");
    assertThat(record.flowDirection()).isEqualTo("ingress");
    assertThat(record.trafficPath()).isEqualTo(1);
    assertThat(record.otherFields()).isEmpty();
  }

  @Test
  void elasticV8_withFlowFormat_readsRejectReason() {
    FlowRecord record = read(sample("elastic-integrations-tests_v8-ecs-bpa_synthetic.log"),
        new FlowLogOptions(V8_ALL_FIELDS)).first();

    assertThat(record.version()).isEqualTo(3);
    assertThat(record.interfaceId()).isNull();
    assertThat(record.srcAddr()).isEqualTo("2a02:cf40::");
    assertThat(record.dstAddr()).isEqualTo("1.128.0.0");
    assertThat(record.protocol()).isEqualTo(17);
    assertThat(record.action()).isEqualTo("REJECT");
    assertThat(record.logStatus()).isEqualTo("NODATA");
    assertThat(record.flowDirection()).isEqualTo("ingress");
    assertThat(record.otherFields())
        .containsEntry("reject-reason", "BPA")
        .containsEntry("ecs-container-instance-id", "i-18de3682c033431da")
        .containsEntry("ecs-service-name", "payments-service")
        .hasSize(11);
  }

  @Test
  void ocsfRawCsv_mapsUnderscoreColumns() {
    Result result = read(sample("ocsf-examples_vpcflowlog-raw_v8-ecs.csv"));

    FlowRecord record = result.first();
    assertThat(result.records()).hasSize(1);
    assertThat(record.accountId()).isEqualTo("123456789012");
    assertThat(record.interfaceId()).isEqualTo("eni-0000000000000000");
    assertThat(record.azId()).isEqualTo("use2-az2");
    assertThat(record.bytes()).isEqualTo(38526);
    assertThat(record.srcAddr()).isEqualTo("1.2.3.4");
    assertThat(record.srcPort()).isEqualTo(8080);
    assertThat(record.dstAddr()).isEqualTo("10.0.0.1");
    assertThat(record.dstPort()).isEqualTo(8864);
    assertThat(record.start()).isEqualTo(1752247584);
    assertThat(record.end()).isEqualTo(1752247603);
    assertThat(record.flowDirection()).isEqualTo("egress");
    assertThat(record.instanceId()).isNull();
    assertThat(record.logStatus()).isEqualTo("OK");
    assertThat(record.pktSrcAddr()).isEqualTo("1.2.3.4");
    assertThat(record.pktDstAddr()).isEqualTo("1.2.3.5");
    assertThat(record.tcpFlags()).isEqualTo(19);
    assertThat(record.trafficPath()).isEqualTo(1);
    assertThat(record.version()).isEqualTo(8);
    assertThat(record.vpcId()).isEqualTo("vpc-00000000");
    assertThat(record.otherFields())
        .containsEntry("reject-reason", "Accepted")
        .containsEntry("ecs-cluster-name", "HostingStack-servercluster001A1A00-VR6z36tUltC8")
        .containsEntry("ecs-second-container-id", "k5ivh86ham2ic6vhiadec7190329gyov-3192794795")
        .doesNotContainKey("ecs-container-instance-id")
        .doesNotContainKey("reject_reason");
  }

  @Test
  void cloudWatchConsoleCsv_readsMessageColumn() {
    Result result = read(sample("otel-issue-38861_cloudwatch-console-export_acct-replaced.csv"));

    FlowRecord record = result.first();
    assertThat(result.records()).hasSize(1);
    assertThat(record.accountId()).isEqualTo("123456789012");
    assertThat(record.logStatus()).isEqualTo("NODATA");
    assertThat(record.start()).isEqualTo(1742570569);
    assertThat(record.end()).isEqualTo(1742570622);
    assertThat(record.source()).endsWith(":2");
  }

  @Test
  void skipdata29Fields_withoutFormat_skipped() {
    Result result = read(sample("elastic-integrations-issue-8532_skipdata-29-field-custom_acct-replaced.log"));

    assertThat(result.records()).isEmpty();
    assertThat(result.stats().skipSamples().get(0).reason()).contains("found 29", "--flow-format");
    // the file-level blind spot, not a SKIPDATA one, because the record was never read
    assertThat(result.stats().blindSpots()).singleElement()
        .extracting(InputStats.BlindSpot::description).asString()
        .contains("no line could be read as a flow-log record", "--flow-format")
        .doesNotContain("SKIPDATA");
  }

  @Test
  void skipdata29Fields_alphabeticalFormat_addsBlindSpot() {
    Result result = read(sample("elastic-integrations-issue-8532_skipdata-29-field-custom_acct-replaced.log"),
        new FlowLogOptions(V5_ALPHABETICAL));

    FlowRecord record = result.first();
    assertThat(record.logStatus()).isEqualTo("SKIPDATA");
    assertThat(record.accountId()).isEqualTo("123456789012");
    assertThat(record.azId()).isEqualTo("apne1-az1");
    assertThat(record.instanceId()).isEqualTo("i-085c8f3d12aa57000");
    assertThat(record.interfaceId()).isEqualTo("eni-03a3504cbdd789000");
    assertThat(record.region()).isEqualTo("ap-northeast-1");
    assertThat(record.subnetId()).isEqualTo("subnet-f27b1000");
    assertThat(record.vpcId()).isEqualTo("vpc-bcd5b000");
    assertThat(record.version()).isEqualTo(5);
    assertThat(record.start()).isEqualTo(1700185000);
    assertThat(record.packets()).isEqualTo(ABSENT);
    assertThat(result.stats().blindSpots()).singleElement()
        .satisfies(spot -> assertThat(spot.description()).contains("eni-03a3504cbdd789000"))
        .extracting(InputStats.BlindSpot::fromEpochSecond, InputStats.BlindSpot::toEpochSecond)
        .containsExactly(1700185000L, 1700185000L);
  }

  @Test
  void samplesDirectory_readsEveryFileAndIgnoresReadme() {
    Path directory = sample("README.md").getParent();

    Result result = read(directory);

    // 22 data files; README.md is not a flow-log extension.
    assertThat(result.stats().files()).hasSize(22);
    assertThat(result.stats().files()).allSatisfy(file -> assertThat(file.error()).isNull());
    assertThat(result.stats().files().get(0).path()).endsWith("aws-blog_vpc-encryption-controls_encryption-status.log");
    Map<String, Long> byKind = result.stats().recordsByKind();
    assertThat(byKind).containsOnlyKeys("vpc-flow-logs");
    assertThat(byKind.get("vpc-flow-logs")).isEqualTo(result.records().size());
  }
}
