package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

class AutoScalingContractTest extends SeedSandboxTest {
  private static final String GROUP = "prod-order-service-asg";
  private static final String COMPROMISED = "i-0abc123def456";
  private static final String SIBLING = "i-0abc123def789";
  private static final String TARGET_GROUP =
      "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/prod-order-tg/73e2d6bc24d8a067";

  private AutoScalingGroup group() {
    return sandbox.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups().get(0);
  }

  private List<TargetHealthDescription> health() {
    return sandbox.elb.describeTargetHealth(r -> r.targetGroupArn(TARGET_GROUP)).targetHealthDescriptions();
  }

  @Test
  void describeGroups_seed_hasBothInstances() {
    AutoScalingGroup group = group();

    assertThat(group.desiredCapacity()).isEqualTo(2);
    assertThat(group.instances()).extracting(Instance::instanceId).containsExactly(COMPROMISED, SIBLING);
    assertThat(group.instances()).allSatisfy(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("InService"));
    assertThat(group.targetGroupARNs()).containsExactly(TARGET_GROUP);
    assertThat(group.launchTemplate().launchTemplateName()).isEqualTo("prod-order-service");
  }

  @Test
  void describeAutoScalingGroups_unknownName_isEmpty() {
    assertThat(sandbox.autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames("none")).autoScalingGroups())
        .isEmpty();
  }

  @Test
  void describeInstances_unknownId_isLeftOut() {
    List<AutoScalingInstanceDetails> details =
        sandbox.autoScaling.describeAutoScalingInstances(r -> r.instanceIds(COMPROMISED, "i-0000000000000dead"))
            .autoScalingInstances();

    assertThat(details).singleElement().satisfies(d -> {
      assertThat(d.autoScalingGroupName()).isEqualTo(GROUP);
      assertThat(d.healthStatus()).isEqualTo("HEALTHY");
    });
  }

  @Test
  void detachInstances_keepCapacity_launchesRunningReplacement() {
    List<Activity> activities =
        sandbox.autoScaling.detachInstances(
                r -> r.autoScalingGroupName(GROUP).instanceIds(COMPROMISED).shouldDecrementDesiredCapacity(false))
            .activities();

    AutoScalingGroup group = group();
    assertThat(activities).hasSize(2);
    assertThat(group.desiredCapacity()).isEqualTo(2);
    assertThat(group.instances()).extracting(Instance::instanceId).hasSize(2).contains(SIBLING).doesNotContain(COMPROMISED);
    String replacement =
        group.instances().stream().map(Instance::instanceId).filter(id -> !id.equals(SIBLING)).findFirst().orElseThrow();
    var launched = sandbox.ec2.describeInstances(r -> r.instanceIds(replacement)).reservations().get(0).instances().get(0);
    assertThat(launched.state().nameAsString()).isEqualTo("running");
    assertThat(launched.networkInterfaces()).singleElement()
        .satisfies(eni -> assertThat(eni.networkInterfaceId()).isNotIn("eni-0a1b2c3d4e5f60001", "eni-0a1b2c3d4e5f60077"));
    assertThat(launched.iamInstanceProfile().arn()).endsWith("instance-profile/order-service-instance-role");
    var detached = sandbox.ec2.describeInstances(r -> r.instanceIds(COMPROMISED)).reservations().get(0).instances().get(0);
    assertThat(detached.state().nameAsString()).isEqualTo("running");
    assertThat(detached.tags()).noneMatch(t -> t.key().equals("aws:autoscaling:groupName"));
  }

  @Test
  void detachInstances_targetHealth_drainsOld() {
    sandbox.autoScaling.detachInstances(
        r -> r.autoScalingGroupName(GROUP).instanceIds(COMPROMISED).shouldDecrementDesiredCapacity(false));

    List<TargetHealthDescription> first = health();
    List<TargetHealthDescription> second = health();

    assertThat(first).filteredOn(d -> d.target().id().equals(COMPROMISED))
        .singleElement().satisfies(d -> assertThat(d.targetHealth().stateAsString()).isEqualTo("draining"));
    assertThat(first).filteredOn(d -> !d.target().id().equals(COMPROMISED) && !d.target().id().equals(SIBLING))
        .singleElement().satisfies(d -> assertThat(d.targetHealth().stateAsString()).isEqualTo("initial"));
    assertThat(second).extracting(d -> d.targetHealth().stateAsString()).containsOnly("healthy").hasSize(2);
    assertThat(second).noneMatch(d -> d.target().id().equals(COMPROMISED));
  }

  @Test
  void detachInstances_decrement_lowersDesiredWithoutReplacement() {
    sandbox.autoScaling.detachInstances(
        r -> r.autoScalingGroupName(GROUP).instanceIds(COMPROMISED).shouldDecrementDesiredCapacity(true));

    AutoScalingGroup group = group();
    assertThat(group.desiredCapacity()).isEqualTo(1);
    assertThat(group.instances()).extracting(Instance::instanceId).containsExactly(SIBLING);
  }

  @Test
  void detachInstances_belowMinSize_isValidationError() {
    // Desired 2, min 1: decrementing by 2 would leave 0 < 1.
    Throwable thrown =
        catchThrowable(
            () -> sandbox.autoScaling.detachInstances(
                r -> r.autoScalingGroupName(GROUP).instanceIds(COMPROMISED, SIBLING).shouldDecrementDesiredCapacity(true)));

    assertThat(errorCode(thrown)).isEqualTo("ValidationError");
    assertThat(group().instances()).hasSize(2);
  }

  @Test
  void detachInstances_unknownIds_isValidationError() {
    Throwable group =
        catchThrowable(
            () -> sandbox.autoScaling.detachInstances(
                r -> r.autoScalingGroupName("none").instanceIds(COMPROMISED).shouldDecrementDesiredCapacity(false)));
    Throwable instance =
        catchThrowable(
            () -> sandbox.autoScaling.detachInstances(
                r -> r.autoScalingGroupName(GROUP).instanceIds("i-0000000000000dead").shouldDecrementDesiredCapacity(false)));

    assertThat(errorCode(group)).isEqualTo("ValidationError");
    assertThat(errorCode(instance)).isEqualTo("ValidationError");
  }

  @Test
  void standby_enterAndExit_movesCapacity() {
    sandbox.autoScaling.enterStandby(
        r -> r.autoScalingGroupName(GROUP).instanceIds(COMPROMISED).shouldDecrementDesiredCapacity(true));
    AutoScalingGroup inStandby = group();
    sandbox.autoScaling.exitStandby(r -> r.autoScalingGroupName(GROUP).instanceIds(COMPROMISED));
    AutoScalingGroup back = group();

    assertThat(inStandby.desiredCapacity()).isEqualTo(1);
    assertThat(inStandby.instances()).filteredOn(i -> i.instanceId().equals(COMPROMISED))
        .singleElement().satisfies(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("Standby"));
    assertThat(back.desiredCapacity()).isEqualTo(2);
    assertThat(back.instances()).allSatisfy(i -> assertThat(i.lifecycleStateAsString()).isEqualTo("InService"));
  }

  @Test
  void exitStandby_instanceInService_isValidationError() {
    Throwable thrown =
        catchThrowable(() -> sandbox.autoScaling.exitStandby(r -> r.autoScalingGroupName(GROUP).instanceIds(COMPROMISED)));

    assertThat(errorCode(thrown)).isEqualTo("ValidationError");
  }
}
