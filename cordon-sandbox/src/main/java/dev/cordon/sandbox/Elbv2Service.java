package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * Elastic Load Balancing v2 over the query protocol (API 2015-12-01): target groups and their
 * targets. Transitions settle on DescribeTargetHealth calls, as EC2's do on Describe calls: a new
 * target reads {@code initial} once and then {@code healthy}; a deregistered one reads
 * {@code draining} once and is then gone.
 */
final class Elbv2Service extends QueryProtocolService {
  static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";

  /** DescribeTargetHealth calls a transitional state stays visible for. */
  static final int TRANSITION_DESCRIBES = 1;

  Elbv2Service() {
    super("elasticloadbalancing", NAMESPACE, "2015-12-01");
    register("DescribeTargetGroups", Elbv2Service::describeTargetGroups);
    register("DescribeTargetHealth", Elbv2Service::describeTargetHealth);
    register("RegisterTargets", Elbv2Service::registerTargets);
    register("DeregisterTargets", Elbv2Service::deregisterTargets);
  }

  private static String describeTargetGroups(QueryCall call) {
    List<String> arns = call.params.list("TargetGroupArns.member");
    List<String> names = call.params.list("Names.member");
    String loadBalancerArn = call.params.get("LoadBalancerArn");
    if (!arns.isEmpty() && !names.isEmpty()) {
      throw AwsError.badRequest("ValidationError", "Target group names and target group ARNs cannot be specified at the same time");
    }
    List<TargetGroup> selected = new ArrayList<>();
    arns.forEach(arn -> selected.add(require(call.state, arn)));
    for (String name : names) {
      selected.add(
          call.state.targetGroups.stream()
              .filter(g -> g.targetGroupName.equals(name))
              .findFirst()
              .orElseThrow(() -> notFound("One or more target groups not found")));
    }
    if (arns.isEmpty() && names.isEmpty()) {
      selected.addAll(call.state.targetGroups);
    }
    if (loadBalancerArn != null) {
      selected.removeIf(g -> !g.loadBalancerArns.contains(loadBalancerArn));
    }
    Pages.Page<TargetGroup> page = Pages.page(selected, call.params, "PageSize", "Marker", 1, 400, 400);

    Xml xml = call.result();
    xml.start("TargetGroups");
    page.items().forEach(group -> targetGroup(xml, group));
    xml.end();
    xml.text("NextMarker", page.nextToken());
    return call.finish(xml);
  }

  private static void targetGroup(Xml xml, TargetGroup group) {
    xml.start("member")
        .text("TargetGroupArn", group.targetGroupArn)
        .text("TargetGroupName", group.targetGroupName)
        .text("Protocol", group.protocol)
        .text("Port", group.port)
        .text("VpcId", group.vpcId)
        .text("HealthCheckProtocol", group.protocol)
        .text("HealthCheckPort", "traffic-port")
        .text("HealthCheckEnabled", true)
        .text("HealthCheckIntervalSeconds", group.healthCheckIntervalSeconds)
        .text("HealthCheckTimeoutSeconds", group.healthCheckTimeoutSeconds)
        .text("HealthyThresholdCount", group.healthyThresholdCount)
        .text("UnhealthyThresholdCount", group.unhealthyThresholdCount)
        .text("HealthCheckPath", group.healthCheckPath);
    xml.start("Matcher").text("HttpCode", "200").end();
    xml.start("LoadBalancerArns");
    group.loadBalancerArns.forEach(arn -> xml.text("member", arn));
    xml.end();
    xml.text("TargetType", group.targetType)
        .text("ProtocolVersion", "HTTP1")
        .text("IpAddressType", "ipv4")
        .end();
  }

  private static String describeTargetHealth(QueryCall call) {
    TargetGroup group = require(call.state, call.params.require("TargetGroupArn"));
    List<QueryParams> requested = call.params.members("Targets.member");
    requested.forEach(target -> requireInstance(call.state, target.require("Id")));
    settle(group);

    Xml xml = call.result();
    xml.start("TargetHealthDescriptions");
    if (requested.isEmpty()) {
      group.targets.forEach(target -> health(xml, call.state, group, target));
    } else {
      for (QueryParams wanted : requested) {
        String id = wanted.require("Id");
        Integer port = wanted.integer("Port");
        TargetGroup.Target registered =
            group.targets.stream()
                .filter(t -> t.id.equals(id) && (port == null || t.port == port))
                .findFirst()
                .orElse(null);
        if (registered != null) {
          health(xml, call.state, group, registered);
        } else {
          TargetGroup.Target unused = new TargetGroup.Target();
          unused.id = id;
          unused.port = port == null ? group.port : port;
          unused.state = "unused";
          health(xml, call.state, group, unused);
        }
      }
    }
    xml.end();
    group.targets.forEach(target -> target.describesLeft = Math.max(0, target.describesLeft - 1));
    return call.finish(xml);
  }

  /** Ends transitions whose visible describes are used up: initial becomes healthy, draining goes. */
  private static void settle(TargetGroup group) {
    group.targets.removeIf(t -> t.state.equals("draining") && t.describesLeft == 0);
    for (TargetGroup.Target target : group.targets) {
      if (target.state.equals("initial") && target.describesLeft == 0) {
        target.state = "healthy";
      }
    }
  }

  private static void health(Xml xml, AccountState state, TargetGroup group, TargetGroup.Target target) {
    String instanceState = state.instance(target.id).map(i -> i.state).orElse("terminated");
    String healthState = target.state;
    String reason = null;
    String description = null;
    if (healthState.equals("unused")) {
      reason = "Target.NotRegistered";
      description = "Target is not registered to the target group";
    } else if (healthState.equals("draining")) {
      reason = "Target.DeregistrationInProgress";
      description = "Target deregistration is in progress";
    } else if (!instanceState.equals("running")) {
      healthState = "unused";
      reason = "Target.InvalidState";
      description = "Target is in the " + instanceState + " state";
    } else if (healthState.equals("initial")) {
      reason = "Elb.RegistrationInProgress";
      description = "Target registration is in progress";
    }
    xml.start("member");
    xml.start("Target")
        .text("Id", target.id)
        .text("Port", target.port)
        .text("AvailabilityZone", state.instance(target.id).map(i -> i.availabilityZone).orElse(null))
        .end();
    xml.text("HealthCheckPort", String.valueOf(target.port));
    xml.start("TargetHealth").text("State", healthState).text("Reason", reason).text("Description", description).end();
    xml.end();
  }

  private static String registerTargets(QueryCall call) {
    TargetGroup group = require(call.state, call.params.require("TargetGroupArn"));
    List<QueryParams> targets = requireTargets(call.params);
    for (QueryParams target : targets) {
      Instance instance = requireInstance(call.state, target.require("Id"));
      String vpcId = call.state.interfacesOf(instance.instanceId).stream().findFirst().map(e -> e.vpcId).orElse(null);
      if (!instance.state.equals("running") || !group.vpcId.equals(vpcId)) {
        throw invalidTarget(
            "The following targets are not in a running state or not in the target group's VPC and cannot be registered: '" + instance.instanceId + "'");
      }
    }
    targets.forEach(target -> register(group, target.get("Id"), portOf(group, target)));
    return call.finish(call.result());
  }

  private static String deregisterTargets(QueryCall call) {
    TargetGroup group = require(call.state, call.params.require("TargetGroupArn"));
    List<QueryParams> targets = requireTargets(call.params);
    targets.forEach(target -> requireInstance(call.state, target.require("Id")));
    targets.forEach(target -> deregister(group, target.get("Id"), portOf(group, target)));
    return call.finish(call.result());
  }

  /** Registers {@code instanceId}, or re-registers a draining one; a healthy target stays as is. */
  static void register(TargetGroup group, String instanceId, int port) {
    TargetGroup.Target target =
        group.targets.stream().filter(t -> t.id.equals(instanceId) && t.port == port).findFirst().orElse(null);
    if (target == null) {
      target = new TargetGroup.Target();
      target.id = instanceId;
      target.port = port;
      group.targets.add(target);
    } else if (!target.state.equals("draining")) {
      return;
    }
    target.state = "initial";
    target.describesLeft = TRANSITION_DESCRIBES;
  }

  /** Starts draining {@code instanceId} on {@code port}, or on every port when port is null. */
  static void deregister(TargetGroup group, String instanceId, Integer port) {
    for (TargetGroup.Target target : group.targets) {
      if (target.id.equals(instanceId) && (port == null || target.port == port) && !target.state.equals("draining")) {
        target.state = "draining";
        target.describesLeft = TRANSITION_DESCRIBES;
      }
    }
  }

  private static int portOf(TargetGroup group, QueryParams target) {
    Integer port = target.integer("Port");
    return port == null ? group.port : port;
  }

  private static List<QueryParams> requireTargets(QueryParams params) {
    List<QueryParams> targets = params.members("Targets.member");
    if (targets.isEmpty()) {
      throw AwsError.badRequest("ValidationError", "A target must be specified");
    }
    return targets;
  }

  private static Instance requireInstance(AccountState state, String id) {
    return state.instance(id)
        .filter(i -> !i.state.equals("terminated"))
        .orElseThrow(() -> invalidTarget("The following targets are not valid instances: '" + id + "'"));
  }

  static TargetGroup require(AccountState state, String arn) {
    return state.targetGroup(arn).orElseThrow(() -> notFound("Target groups '" + arn + "' not found"));
  }

  private static AwsError notFound(String message) {
    return AwsError.badRequest("TargetGroupNotFound", message);
  }

  private static AwsError invalidTarget(String message) {
    return AwsError.badRequest("InvalidTarget", message);
  }
}
