package dev.cordon.core.response;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders the containment steps from the original state to the last ENI on the quarantine group
 * into parallel lanes, so few calls follow one another on the way to isolation.
 *
 * <p>Once record-state has written the original state, three lanes start together: out of
 * service (Auto Scaling and target groups), the VPCs' untrack and quarantine groups, and
 * protection (each of its calls on its own). They are listed in that order because each step's
 * STARTED entry is forced to disk, one at a time, before its call, so the steps on the way to
 * isolation go first. Each ENI moves to the untrack group once the instance is out of service and
 * its VPC's groups exist, then to the quarantine group. Out of service comes first
 * because an Auto Scaling group ignores termination protection: it would replace the isolated
 * instance once its health checks fail, and terminate the evidence.
 */
final class IsolationPath {
  private IsolationPath() {}

  static List<Step> steps(Target target, Memberships memberships, PreflightState preflight, boolean standby) {
    Step record = new ProtectSteps.RecordState(memberships, preflight.attributes());
    List<String> recorded = List.of(record.name());
    List<Step> outOfService = Step.after(recorded, ServiceSteps.all(memberships, standby, preflight.lifecycleState()));
    List<Step> groups = Step.after(recorded, IsolationSteps.groups(target, preflight));

    List<Step> steps = new ArrayList<>();
    steps.add(record);
    steps.addAll(outOfService);
    steps.addAll(groups);
    steps.addAll(Step.after(recorded, ProtectSteps.protections()));
    for (Target.Eni eni : target.interfaces()) {
      List<String> ready = new ArrayList<>(outOfService.stream().map(Step::name).toList());
      ready.add(IsolationSteps.EnsureGroup.name(eni.vpcId(), false));
      ready.add(IsolationSteps.EnsureGroup.name(eni.vpcId(), true));
      steps.add(Step.after(ready, new IsolationSteps.MoveInterface(eni, false)));
    }
    for (Target.Eni eni : target.interfaces()) {
      List<String> untracked = List.of(IsolationSteps.MoveInterface.name(eni, false));
      steps.add(Step.after(untracked, new IsolationSteps.MoveInterface(eni, true)));
    }
    return steps;
  }
}
