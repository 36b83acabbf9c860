package dev.cordon.core.apiactivity;

import static dev.cordon.core.apiactivity.TestEvents.ACCOUNT;
import static dev.cordon.core.apiactivity.TestEvents.EGRESS;
import static dev.cordon.core.apiactivity.TestEvents.call;
import static dev.cordon.core.apiactivity.TestEvents.sessionCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressAndPrincipalTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "-", textBlock = """
      1.2.3.4,             1.2.3.4
      035.249.253.232,     35.249.253.232
      253.252.51.07,       253.252.51.7
      2001:DB8:0:0::1,     2001:db8::1
      ec2.amazonaws.com,   -
      AWS Internal,        -
      999.1.1.1,           -
      """)
  void canonicalIp_sourceText_readsLiteralsOnly(String source, String expected) {
    assertThat(SourceAddress.canonicalIp(source)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} private={1}")
  @CsvSource(textBlock = """
      10.0.1.15,    true
      172.16.0.1,   true
      192.168.1.1,  true
      127.0.0.1,    true
      169.254.1.1,  true
      fd00::1,      true
      fe80::1,      true
      203.0.113.10, false
      2001:db8::1,  false
      """)
  void isPrivate_address_matchesRanges(String address, boolean expected) {
    assertThat(SourceAddress.isPrivate(address)).isEqualTo(expected);
  }

  @Test
  void outsideCheck_foreignVpcEndpoint_isOutside() {
    OutsideCheck check = new OutsideCheck(Set.of(EGRESS));
    CloudTrailEvent sameAccount = sessionCall("2024-05-01T10:00:00Z", "s3", "ListBuckets")
        .ip("10.0.1.15").field("vpcEndpointId", "vpce-1")
        .field("vpcEndpointAccountId", ACCOUNT).build();
    CloudTrailEvent otherAccount = sessionCall("2024-05-01T10:00:00Z", "s3", "ListBuckets")
        .ip("10.9.9.9").field("vpcEndpointId", "vpce-2")
        .field("vpcEndpointAccountId", "444455556666").build();

    assertThat(check.isOutside(sameAccount)).isFalse();
    assertThat(check.isOutside(otherAccount)).isTrue();
  }

  @Test
  void outsideCheck_noExpectedAddresses_judgesNothing() {
    OutsideCheck check = new OutsideCheck(Set.of());
    CloudTrailEvent event = sessionCall("2024-05-01T10:00:00Z", "s3", "ListBuckets")
        .ip("198.51.100.66").build();

    assertThat(check.isOutside(event)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(textBlock = """
      arn:aws:iam::111122223333:role/Responder,                    true
      arn:aws:sts::111122223333:assumed-role/Responder,            true
      arn:aws:sts::111122223333:assumed-role/Responder/alice,      true
      arn:aws:iam::111122223333:role/ops/Responder,                true
      arn:aws:iam::111122223333:role/ResponderTwo,                 false
      arn:aws:sts::111122223333:assumed-role/Respond,              false
      """)
  void isResponseAction_responderArnForms_matchSession(String responder, boolean expected) {
    Evidence evidence = new Evidence(
        TestEvents.scope(Set.of(EGRESS), Set.of(responder), null, null), Set.of());
    CloudTrailEvent event = call("2024-05-01T10:00:00Z", "ec2", "ModifyInstanceAttribute")
        .assumedRole("Responder", "alice", "ASIARESPONDER").build();

    assertThat(evidence.isResponseAction(event)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(textBlock = """
      -0.1, 60, 5, 10, 4, invalid baselineFraction -0.1
      1.5,  60, 5, 10, 4, invalid baselineFraction 1.5
      0.2,  -1, 5, 10, 4, invalid minBaselineSpan
      0.2,  60, 1, 10, 4, invalid sweepMinRegions 1
      0.2,  60, 5,  0, 4, invalid sweepWindow
      0.2,  60, 5, 10, 1, invalid maxPasses 1
      """)
  void options_outOfRange_rejected(double fraction, long spanMinutes, int regions,
      long windowMinutes, int passes, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ApiActivityOptions(fraction, Duration.ofMinutes(spanMinutes), regions,
            Duration.ofMinutes(windowMinutes), passes, Set.of()))
        .withMessageStartingWith(message);
  }
}
