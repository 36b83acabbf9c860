package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

class Elbv2ContractTest extends SeedSandboxTest {
  private static final String COMPROMISED = "i-0abc123def456";
  private static final String TARGET_GROUP =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-order-tg/73e2d6bc24d8a067";

  private List<TargetHealthDescription> health() {
    return sandbox.elb.describeTargetHealth(r -> r.targetGroupArn(TARGET_GROUP)).targetHealthDescriptions();
  }

  private static TargetDescription target(String id) {
    return TargetDescription.builder().id(id).port(8080).build();
  }

  @Test
  void describeTargetGroups_byName_returnsSeedGroup() {
    TargetGroup group = sandbox.elb.describeTargetGroups(r -> r.names("prod-order-tg")).targetGroups().get(0);

    assertThat(group.targetGroupArn()).isEqualTo(TARGET_GROUP);
    assertThat(group.port()).isEqualTo(8080);
    assertThat(group.vpcId()).isEqualTo("vpc-0abc123");
    assertThat(group.loadBalancerArns()).singleElement().asString().contains("prod-order-alb");
  }

  @Test
  void describeTargetGroups_unknownArn_notFound() {
    Throwable thrown =
        catchThrowable(() -> sandbox.elb.describeTargetGroups(r -> r.targetGroupArns(TARGET_GROUP + "0")));

    assertThat(errorCode(thrown)).isEqualTo("TargetGroupNotFound");
  }

  @Test
  void describeTargetHealth_seed_bothHealthyOn8080() {
    assertThat(health()).extracting(d -> d.target().id()).containsExactly(COMPROMISED, "i-0abc123def789");
    assertThat(health()).allSatisfy(d -> {
      assertThat(d.targetHealth().stateAsString()).isEqualTo("healthy");
      assertThat(d.target().port()).isEqualTo(8080);
    });
  }

  @Test
  void deregisterTargets_drainsOnceThenGone() {
    sandbox.elb.deregisterTargets(r -> r.targetGroupArn(TARGET_GROUP).targets(target(COMPROMISED)));

    TargetHealthDescription draining =
        health().stream().filter(d -> d.target().id().equals(COMPROMISED)).findFirst().orElseThrow();
    assertThat(draining.targetHealth().stateAsString()).isEqualTo("draining");
    assertThat(draining.targetHealth().reasonAsString()).isEqualTo("Target.DeregistrationInProgress");
    assertThat(health()).extracting(d -> d.target().id()).containsExactly("i-0abc123def789");
  }

  @Test
  void registerTargets_afterDeregister_isInitialThenHealthy() {
    sandbox.elb.deregisterTargets(r -> r.targetGroupArn(TARGET_GROUP).targets(target(COMPROMISED)));
    sandbox.elb.registerTargets(r -> r.targetGroupArn(TARGET_GROUP).targets(target(COMPROMISED)));

    assertThat(health().get(0).targetHealth().stateAsString()).isEqualTo("initial");
    assertThat(health().get(0).targetHealth().stateAsString()).isEqualTo("healthy");
  }

  @Test
  void targetHealth_stoppedInstance_isUnused() {
    sandbox.ec2.stopInstances(r -> r.instanceIds(COMPROMISED));
    sandbox.ec2.describeInstances(r -> r.instanceIds(COMPROMISED));

    TargetHealthDescription stopped = health().get(0);
    assertThat(stopped.targetHealth().stateAsString()).isEqualTo("unused");
    assertThat(stopped.targetHealth().reasonAsString()).isEqualTo("Target.InvalidState");
  }

  @Test
  void registerTargets_unknownInstance_isInvalidTarget() {
    Throwable thrown =
        catchThrowable(() -> sandbox.elb.registerTargets(r -> r.targetGroupArn(TARGET_GROUP).targets(target("i-0000000000000dead"))));

    assertThat(errorCode(thrown)).isEqualTo("InvalidTarget");
  }

  @Test
  void deregisterTargets_unknownGroup_notFound() {
    Throwable thrown =
        catchThrowable(() -> sandbox.elb.deregisterTargets(r -> r.targetGroupArn(TARGET_GROUP + "0").targets(target(COMPROMISED))));

    assertThat(errorCode(thrown)).isEqualTo("TargetGroupNotFound");
  }
}
