package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertDryRunPassed;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.AuthorizeSecurityGroupIngressResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

class Ec2SecurityGroupsContractTest extends SeedSandboxTest {
  private String createIsolationGroup() {
    return sandbox.ec2.createSecurityGroup(
            r -> r.groupName("cordon-isolation").description("No traffic").vpcId("vpc-0abc123"))
        .groupId();
  }

  private SecurityGroup describe(String groupId) {
    return sandbox.ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups().get(0);
  }

  private static IpPermission tcpFrom(int port, String cidr) {
    return IpPermission.builder()
        .ipProtocol("tcp")
        .fromPort(port)
        .toPort(port)
        .ipRanges(IpRange.builder().cidrIp(cidr).build())
        .build();
  }

  @Test
  void describeSecurityGroups_seed_listsThreeGroups() {
    assertThat(sandbox.ec2.describeSecurityGroups().securityGroups())
        .extracting(SecurityGroup::groupId)
        .containsExactly("sg-0default01", "sg-0alb1234", "sg-0app1234");
  }

  @Test
  void describeSecurityGroups_appGroup_allows8080FromLoadBalancer() {
    SecurityGroup app = describe("sg-0app1234");

    assertThat(app.ipPermissions()).hasSize(1);
    assertThat(app.ipPermissions().get(0).fromPort()).isEqualTo(8080);
    assertThat(app.ipPermissions().get(0).userIdGroupPairs().get(0).groupId()).isEqualTo("sg-0alb1234");
  }

  @Test
  void createSecurityGroup_newGroup_hasDefaultEgressRule() {
    String groupId = createIsolationGroup();

    SecurityGroup group = describe(groupId);
    assertThat(group.vpcId()).isEqualTo("vpc-0abc123");
    assertThat(group.ipPermissions()).isEmpty();
    assertThat(group.ipPermissionsEgress()).hasSize(1);
    assertThat(group.ipPermissionsEgress().get(0).ipProtocol()).isEqualTo("-1");
    assertThat(group.ipPermissionsEgress().get(0).ipRanges().get(0).cidrIp()).isEqualTo("0.0.0.0/0");
  }

  @Test
  void createSecurityGroup_sameNameInVpc_isDuplicate() {
    createIsolationGroup();

    Throwable thrown = catchThrowable(this::createIsolationGroup);

    assertThat(errorCode(thrown)).isEqualTo("InvalidGroup.Duplicate");
  }

  @Test
  void createSecurityGroup_dryRun_createsNothing() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.createSecurityGroup(
                r -> r.groupName("x").description("x").vpcId("vpc-0abc123").dryRun(true)));

    assertDryRunPassed(thrown);
    assertThat(sandbox.ec2.describeSecurityGroups().securityGroups()).hasSize(3);
  }

  @Test
  void deleteSecurityGroup_unused_removesGroup() {
    String groupId = createIsolationGroup();

    sandbox.ec2.deleteSecurityGroup(r -> r.groupId(groupId));

    Throwable thrown = catchThrowable(() -> describe(groupId));
    assertThat(errorCode(thrown)).isEqualTo("InvalidGroup.NotFound");
  }

  @Test
  void deleteSecurityGroup_inUse_isDependencyViolation() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.deleteSecurityGroup(r -> r.groupId("sg-0app1234")));

    assertThat(errorCode(thrown)).isEqualTo("DependencyViolation");
  }

  @Test
  void authorizeIngress_newRule_isDescribedWithRuleId() {
    String groupId = createIsolationGroup();

    AuthorizeSecurityGroupIngressResponse response =
        sandbox.ec2.authorizeSecurityGroupIngress(
            r -> r.groupId(groupId).ipPermissions(tcpFrom(22, "192.0.2.10/32")));

    assertThat(response.returnValue()).isTrue();
    assertThat(response.securityGroupRules().get(0).securityGroupRuleId()).startsWith("sgr-");
    assertThat(describe(groupId).ipPermissions().get(0).ipRanges().get(0).cidrIp()).isEqualTo("192.0.2.10/32");
  }

  @Test
  void authorizeIngress_existingRule_isDuplicate() {
    String groupId = createIsolationGroup();
    sandbox.ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(tcpFrom(22, "192.0.2.10/32")));

    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.authorizeSecurityGroupIngress(
                r -> r.groupId(groupId).ipPermissions(tcpFrom(22, "192.0.2.10/32"))));

    assertThat(errorCode(thrown)).isEqualTo("InvalidPermission.Duplicate");
  }

  @Test
  void revokeEgress_defaultRule_leavesNoEgress() {
    String groupId = createIsolationGroup();
    IpPermission allTraffic =
        IpPermission.builder()
            .ipProtocol("-1")
            .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build())
            .build();

    sandbox.ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(allTraffic));

    assertThat(describe(groupId).ipPermissionsEgress()).isEmpty();
  }

  @Test
  void revokeIngress_missingRule_isNotFound() {
    String groupId = createIsolationGroup();

    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.revokeSecurityGroupIngress(
                r -> r.groupId(groupId).ipPermissions(tcpFrom(22, "192.0.2.10/32"))));

    assertThat(errorCode(thrown)).isEqualTo("InvalidPermission.NotFound");
  }

  @Test
  void authorizeEgress_thenRevokeByRuleId_removesRule() {
    String groupId = createIsolationGroup();
    String ruleId =
        sandbox.ec2.authorizeSecurityGroupEgress(
                r -> r.groupId(groupId).ipPermissions(tcpFrom(443, "198.51.100.0/24")))
            .securityGroupRules().get(0).securityGroupRuleId();

    sandbox.ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).securityGroupRuleIds(ruleId));

    assertThat(describe(groupId).ipPermissionsEgress()).extracting(IpPermission::ipProtocol).containsExactly("-1");
  }

  @Test
  void modifyNetworkInterfaceAttribute_groups_replacesPerEni() {
    String groupId = createIsolationGroup();

    sandbox.ec2.modifyNetworkInterfaceAttribute(r -> r.networkInterfaceId("eni-0a1b2c3d4e5f60002").groups(groupId));

    var interfaces =
        sandbox.ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds("eni-0a1b2c3d4e5f60001", "eni-0a1b2c3d4e5f60002"))
            .networkInterfaces();
    assertThat(interfaces.get(0).groups()).extracting(g -> g.groupId()).containsExactly("sg-0app1234");
    assertThat(interfaces.get(1).groups()).extracting(g -> g.groupId()).containsExactly(groupId);
  }

  @Test
  void modifyNetworkInterfaceAttribute_unknownGroup_isNotFound() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.modifyNetworkInterfaceAttribute(
                r -> r.networkInterfaceId("eni-0a1b2c3d4e5f60001").groups("sg-0000000000000dead")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidGroup.NotFound");
  }

  @Test
  void describeNetworkInterfaces_instanceFilter_returnsItsEnis() {
    var interfaces =
        sandbox.ec2.describeNetworkInterfaces(
                r -> r.filters(Filter.builder().name("attachment.instance-id").values("i-0abc123def456").build()))
            .networkInterfaces();

    assertThat(interfaces).hasSize(2);
    assertThat(interfaces.get(0).association().publicIp()).isEqualTo("198.51.100.20");
    assertThat(interfaces.get(0).privateIpAddresses()).hasSize(2);
    assertThat(interfaces.get(1).privateIpAddress()).isEqualTo("10.0.2.55");
  }
}
