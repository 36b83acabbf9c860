package dev.cordon.core.response;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.guardduty.GuardDutyFinding;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompromiseRoleTest {

  private static GuardDutyFinding finding(String type, String actionType, String direction, String resourceRole) {
    return new GuardDutyFinding("f-1", type, 5.0, "t", "d", "123456789012", "us-east-1", null, null, null, null,
        1, false, resourceRole, actionType, "i-0abc123def456", null, List.of(), "203.0.113.100", 443, 49152,
        "TCP", direction, null, "test");
  }

  @ParameterizedTest(name = "{0} {1} {2} -> {4}")
  @CsvSource(nullValues = "-", value = {
      // type, actionType, direction, resourceRole, expected
      "Backdoor:EC2/C&CActivity.B, NETWORK_CONNECTION, OUTBOUND, ACTOR, FOOTHOLD",
      "Backdoor:EC2/C&CActivity.B!DNS, DNS_REQUEST, -, ACTOR, FOOTHOLD",
      "CryptoCurrency:EC2/BitcoinTool.B, NETWORK_CONNECTION, OUTBOUND, ACTOR, FOOTHOLD",
      "Recon:EC2/Portscan, NETWORK_CONNECTION, OUTBOUND, ACTOR, FOOTHOLD",
      // GuardDuty's samples set resourceRole TARGET on outbound C2; the direction decides.
      "Backdoor:EC2/C&CActivity.B, NETWORK_CONNECTION, OUTBOUND, TARGET, FOOTHOLD",
      "Recon:EC2/PortProbeUnprotectedPort, PORT_PROBE, -, TARGET, VICTIM",
      "UnauthorizedAccess:EC2/SSHBruteForce, NETWORK_CONNECTION, INBOUND, TARGET, VICTIM",
      // An outbound brute force is the instance attacking others.
      "UnauthorizedAccess:EC2/SSHBruteForce, NETWORK_CONNECTION, OUTBOUND, ACTOR, FOOTHOLD",
      "UnauthorizedAccess:EC2/RDPBruteForce, -, -, TARGET, VICTIM",
      "Discovery:S3/MaliciousIPCaller, AWS_API_CALL, -, -, UNKNOWN",
  })
  void of_typeAndDirection_decideTheRole(String type, String actionType, String direction, String resourceRole,
      CompromiseRole expected) {
    assertThat(CompromiseRole.of(finding(type, actionType, direction, resourceRole))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void of_noFinding_isUnknown() {
    assertThat(CompromiseRole.of(null)).isEqualTo(CompromiseRole.UNKNOWN);
  }
}
