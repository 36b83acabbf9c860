package dev.cordon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.RuleAction;

/**
 * The containment sequence on the seed plus three connections AWS always tracks: ICMP to the C2
 * host, an outbound HTTPS session through a NAT gateway and an inbound one through a Network Load
 * Balancer.
 */
class ConnectionTrackingContractTest {
  private static final String PRIMARY_ENI = "eni-0a1b2c3d4e5f60001";
  private static final String SECOND_ENI = "eni-0a1b2c3d4e5f60002";

  private SandboxClients sandbox;

  @BeforeEach
  void start() throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode scenario = (ObjectNode) mapper.readTree(Scenario.builtIn().json());
    ArrayNode connections = (ArrayNode) scenario.get("connections");
    connections.add(connection(mapper, "icmp-probe", PRIMARY_ENI, "icmp", "outbound", 0, "203.0.113.100", 0, null));
    connections.add(connection(mapper, "via-nat", SECOND_ENI, "tcp", "outbound", 50111, "198.51.100.200", 443, "nat-gateway"));
    connections.add(connection(mapper, "via-nlb", PRIMARY_ENI, "tcp", "inbound", 8080, "192.0.2.50", 51515, "network-load-balancer"));
    sandbox = SandboxClients.of(Scenario.fromJson("seed-with-always-tracked", scenario.toString()));
  }

  private static ObjectNode connection(
      ObjectMapper mapper, String id, String eni, String protocol, String direction,
      int localPort, String remote, int remotePort, String via) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", id)
        .put("networkInterfaceId", eni)
        .put("protocol", protocol)
        .put("direction", direction)
        .put("localAddress", eni.equals(PRIMARY_ENI) ? "10.0.1.55" : "10.0.2.55")
        .put("localPort", localPort)
        .put("remoteAddress", remote)
        .put("remotePort", remotePort);
    if (via != null) {
      node.put("via", via);
    }
    return node;
  }

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private boolean alive(String connectionId) {
    return sandbox.connection(connectionId).get("alive").asBoolean();
  }

  private boolean tracked(String connectionId) {
    return sandbox.connection(connectionId).get("tracked").asBoolean();
  }

  /** Creates a group with no rules at all, the usual isolation group. */
  private String isolationGroup() {
    String groupId =
        sandbox.ec2.createSecurityGroup(r -> r.groupName("isolation").description("none").vpcId("vpc-0abc123")).groupId();
    IpPermission allTraffic =
        IpPermission.builder().ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
    sandbox.ec2.revokeSecurityGroupEgress(r -> r.groupId(groupId).ipPermissions(allTraffic));
    return groupId;
  }

  /** Creates a group that allows all traffic in and out, which makes flows untracked. */
  private String allowAllGroup() {
    String groupId =
        sandbox.ec2.createSecurityGroup(r -> r.groupName("untrack").description("all").vpcId("vpc-0abc123")).groupId();
    IpPermission allTraffic =
        IpPermission.builder().ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
    sandbox.ec2.authorizeSecurityGroupIngress(r -> r.groupId(groupId).ipPermissions(allTraffic));
    return groupId;
  }

  private void putEnisOn(String groupId) {
    for (String eni : new String[] {PRIMARY_ENI, SECOND_ENI}) {
      sandbox.ec2.modifyNetworkInterfaceAttribute(r -> r.networkInterfaceId(eni).groups(groupId));
    }
  }

  @Test
  void seed_connections_areAliveAndTracked() {
    assertThat(alive("c2-session")).isTrue();
    assertThat(tracked("c2-session")).isTrue();
    assertThat(alive("load-balancer")).isTrue();
    assertThat(tracked("load-balancer")).isTrue();
  }

  @Test
  void isolationGroupDirectly_keepsTrackedC2Session() {
    putEnisOn(isolationGroup());

    assertThat(alive("c2-session")).isTrue();
    assertThat(alive("load-balancer")).isTrue();
  }

  @Test
  void allowAllGroup_makesC2SessionUntracked() {
    putEnisOn(allowAllGroup());

    assertThat(alive("c2-session")).isTrue();
    assertThat(tracked("c2-session")).isFalse();
  }

  @Test
  void allowAllThenIsolation_cutsC2Session() {
    String untrack = allowAllGroup();
    String isolation = isolationGroup();

    putEnisOn(untrack);
    putEnisOn(isolation);

    assertThat(alive("c2-session")).isFalse();
    assertThat(alive("load-balancer")).isFalse();
    assertThat(sandbox.connection("c2-session").get("closedReason").asText()).contains("security groups");
  }

  @Test
  void allowAllThenIsolation_keepsAlwaysTrackedConnections() {
    String untrack = allowAllGroup();
    String isolation = isolationGroup();

    putEnisOn(untrack);
    putEnisOn(isolation);

    assertThat(alive("icmp-probe")).isTrue();
    assertThat(alive("via-nat")).isTrue();
    assertThat(alive("via-nlb")).isTrue();
  }

  @Test
  void revokingTheRuleOfAnUntrackedFlow_cutsIt() {
    String untrack = allowAllGroup();
    putEnisOn(untrack);
    IpPermission allTraffic =
        IpPermission.builder().ipProtocol("-1").ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();

    sandbox.ec2.revokeSecurityGroupIngress(r -> r.groupId(untrack).ipPermissions(allTraffic));

    assertThat(alive("c2-session")).isFalse();
    assertThat(alive("via-nat")).isTrue();
  }

  @Test
  void networkAclDenyToC2_cutsOnlyC2Traffic() {
    sandbox.ec2.createNetworkAclEntry(
        r -> r.networkAclId("acl-0prod1234").ruleNumber(50).protocol("-1").ruleAction(RuleAction.DENY)
            .egress(true).cidrBlock("203.0.113.100/32"));

    assertThat(alive("c2-session")).isFalse();
    assertThat(alive("icmp-probe")).isFalse();
    assertThat(alive("load-balancer")).isTrue();
    assertThat(alive("via-nat")).isTrue();
    assertThat(sandbox.connection("c2-session").get("closedReason").asText()).contains("network ACL");
  }

  @Test
  void networkAclDenyAllInbound_cutsEveryConnection() {
    sandbox.ec2.createNetworkAclEntry(
        r -> r.networkAclId("acl-0prod1234").ruleNumber(10).protocol("-1").ruleAction(RuleAction.DENY)
            .egress(false).cidrBlock("0.0.0.0/0"));

    for (String id : new String[] {"c2-session", "load-balancer", "icmp-probe", "via-nat", "via-nlb"}) {
      assertThat(alive(id)).as(id).isFalse();
    }
  }

  @Test
  void stateDump_recordsClosedAtOnScenarioClock() {
    sandbox.ec2.createNetworkAclEntry(
        r -> r.networkAclId("acl-0prod1234").ruleNumber(50).protocol("-1").ruleAction(RuleAction.DENY)
            .egress(true).cidrBlock("203.0.113.100/32"));

    // The scenario clock starts at 2024-01-15T03:20:00Z and runs at wall speed.
    assertThat(sandbox.connection("c2-session").get("closedAt").asText()).startsWith("2024-01-15T03:2");
  }
}
