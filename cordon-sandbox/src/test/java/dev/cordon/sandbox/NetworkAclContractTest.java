package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertDryRunPassed;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.NetworkAcl;
import software.amazon.awssdk.services.ec2.model.NetworkAclEntry;
import software.amazon.awssdk.services.ec2.model.RuleAction;

class NetworkAclContractTest extends SeedSandboxTest {
  private static final String ACL = "acl-0prod1234";

  private NetworkAcl describe() {
    return sandbox.ec2.describeNetworkAcls(r -> r.networkAclIds(ACL)).networkAcls().get(0);
  }

  private void denyEgressTo(int ruleNumber, String cidr) {
    sandbox.ec2.createNetworkAclEntry(
        r -> r.networkAclId(ACL)
            .ruleNumber(ruleNumber)
            .protocol("-1")
            .ruleAction(RuleAction.DENY)
            .egress(true)
            .cidrBlock(cidr));
  }

  @Test
  void describeNetworkAcls_seed_showsRulesAndSubnet() {
    NetworkAcl acl = describe();

    assertThat(acl.vpcId()).isEqualTo("vpc-0abc123");
    assertThat(acl.associations().get(0).subnetId()).isEqualTo("subnet-0abc1234");
    assertThat(acl.entries()).extracting(NetworkAclEntry::ruleNumber).containsExactly(100, 32767, 100, 32767);
    assertThat(acl.tags().get(0).value()).isEqualTo("acl-prod");
  }

  @Test
  void createNetworkAclEntry_deny_isDescribedInOrder() {
    denyEgressTo(50, "203.0.113.100/32");

    NetworkAcl acl = describe();
    NetworkAclEntry deny =
        acl.entries().stream().filter(e -> e.egress() && e.ruleNumber() == 50).findFirst().orElseThrow();
    assertThat(deny.ruleAction()).isEqualTo(RuleAction.DENY);
    assertThat(deny.cidrBlock()).isEqualTo("203.0.113.100/32");
    assertThat(acl.entries()).hasSize(5);
  }

  @Test
  void createNetworkAclEntry_sameNumberAndDirection_alreadyExists() {
    Throwable thrown = catchThrowable(() -> denyEgressTo(100, "203.0.113.100/32"));

    assertThat(errorCode(thrown)).isEqualTo("NetworkAclEntryAlreadyExists");
  }

  @Test
  void createNetworkAclEntry_sameNumberOtherDirection_isAllowed() {
    sandbox.ec2.createNetworkAclEntry(
        r -> r.networkAclId(ACL).ruleNumber(50).protocol("6").portRange(p -> p.from(22).to(22))
            .ruleAction(RuleAction.DENY).egress(false).cidrBlock("0.0.0.0/0"));
    denyEgressTo(50, "203.0.113.100/32");

    assertThat(describe().entries()).hasSize(6);
  }

  @Test
  void createNetworkAclEntry_twentyFirstRule_isLimitExceeded() {
    // The seed has one egress rule besides the default, so 19 more reach the limit of 20.
    for (int i = 1; i <= 19; i++) {
      denyEgressTo(i, "192.0.2." + i + "/32");
    }

    Throwable thrown = catchThrowable(() -> denyEgressTo(20, "192.0.2.20/32"));

    assertThat(errorCode(thrown)).isEqualTo("NetworkAclEntryLimitExceeded");
  }

  @Test
  void createNetworkAclEntry_tcpWithoutPorts_isMissingParameter() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.createNetworkAclEntry(
                r -> r.networkAclId(ACL).ruleNumber(60).protocol("6").ruleAction(RuleAction.DENY)
                    .egress(true).cidrBlock("0.0.0.0/0")));

    assertThat(errorCode(thrown)).isEqualTo("MissingParameter");
  }

  @Test
  void createNetworkAclEntry_dryRun_addsNothing() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.createNetworkAclEntry(
                r -> r.networkAclId(ACL).ruleNumber(50).protocol("-1").ruleAction(RuleAction.DENY)
                    .egress(true).cidrBlock("203.0.113.100/32").dryRun(true)));

    assertDryRunPassed(thrown);
    assertThat(describe().entries()).hasSize(4);
  }

  @Test
  void deleteNetworkAclEntry_existing_removesIt() {
    denyEgressTo(50, "203.0.113.100/32");

    sandbox.ec2.deleteNetworkAclEntry(r -> r.networkAclId(ACL).ruleNumber(50).egress(true));

    assertThat(describe().entries()).hasSize(4);
  }

  @Test
  void deleteNetworkAclEntry_missing_isNotFound() {
    Throwable thrown =
        catchThrowable(() -> sandbox.ec2.deleteNetworkAclEntry(r -> r.networkAclId(ACL).ruleNumber(77).egress(true)));

    assertThat(errorCode(thrown)).isEqualTo("InvalidNetworkAclEntry.NotFound");
  }
}
