package dev.cordon.core.response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * Steps that take the instance out of service before isolation, so failed health checks neither
 * make Auto Scaling terminate the evidence nor send users to a dead target. Capacity is kept: the
 * desired capacity is not decremented, so the group launches a replacement at once.
 */
final class ServiceSteps {
  private ServiceSteps() {}

  /**
   * Returns the steps for the instance's memberships; {@code lifecycleState} is the instance's
   * state in its Auto Scaling group as the preflight described it, or null when it is in none.
   */
  static List<Step> all(Memberships memberships, boolean standby, String lifecycleState) {
    List<Step> steps = new ArrayList<>();
    if (memberships.autoScalingGroup() != null) {
      steps.add(new LeaveGroup(memberships.autoScalingGroup(), standby, lifecycleState));
    }
    if (!memberships.registrations().isEmpty()) {
      steps.add(new DeregisterTargets(memberships.registrations()));
    }
    return steps;
  }

  /**
   * Detaches the instance from its Auto Scaling group, or puts it in Standby. Whether that is done
   * comes from the preflight's fresh description, which every run (a resumed one too) makes after
   * any earlier attempt, so the check costs no call on the way to isolation.
   */
  static final class LeaveGroup implements Step {
    private final String group;
    private final boolean standby;
    private final String lifecycleState;

    LeaveGroup(String group, boolean standby, String lifecycleState) {
      this.group = group;
      this.standby = standby;
      this.lifecycleState = lifecycleState;
    }

    @Override public String name() {
      return "leave-auto-scaling-group:" + group;
    }

    @Override public String resource() {
      return group;
    }

    @Override public String description() {
      return (standby ? "Put the instance in Standby in " : "Detach the instance from ") + group
          + " without decrementing desired capacity, so a replacement launches";
    }

    @Override public boolean isDone(Run run) {
      String state = lifecycleState;
      if (state == null) {
        return true;
      }
      return standby ? state.startsWith("Standby") || state.startsWith("EnteringStandby") : state.startsWith("Detach");
    }

    @Override public Map<String, String> apply(Run run) {
      String id = run.target.instanceId();
      if (standby) {
        run.change("EnterStandby", group, () -> run.clients.autoScaling().enterStandby(request -> request
            .autoScalingGroupName(group).instanceIds(id).shouldDecrementDesiredCapacity(false)));
      } else {
        run.change("DetachInstances", group, () -> run.clients.autoScaling().detachInstances(request -> request
            .autoScalingGroupName(group).instanceIds(id).shouldDecrementDesiredCapacity(false)));
      }
      return Map.of("autoScalingGroup", group);
    }
  }

  static TargetDescription target(Memberships.Registration registration) {
    return TargetDescription.builder().id(registration.targetId()).port(registration.port()).build();
  }

  /**
   * Deregisters the instance from every target group that routed to it when the registrations
   * were described (in this preflight or when the original state was recorded). No fresh
   * description is needed: the ELBv2 API reference notes that DeregisterTargets of a target that
   * does not exist returns successfully, and the sandbox leaves a draining target draining.
   */
  static final class DeregisterTargets extends InstanceStep {
    @Override public boolean repeatable() {
      return true;
    }

    private final List<Memberships.Registration> registrations;

    DeregisterTargets(List<Memberships.Registration> registrations) {
      this.registrations = registrations;
    }

    @Override public String name() {
      return "deregister-targets";
    }

    @Override public String description() {
      return "Deregister the instance from " + registrations.size() + " target group(s)";
    }

    @Override public boolean isDone(Run run) {
      return Memberships.registrations(run, run.target.instanceId()).isEmpty();
    }

    @Override public Map<String, String> apply(Run run) {
      for (Memberships.Registration registration : registrations) {
        run.change("DeregisterTargets", registration.targetGroupArn(), () -> run.clients.elb().deregisterTargets(
            request -> request.targetGroupArn(registration.targetGroupArn()).targets(target(registration))));
      }
      return Map.of();
    }
  }
}
