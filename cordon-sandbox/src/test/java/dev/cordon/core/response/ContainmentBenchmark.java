package dev.cordon.core.response;

import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.core.guardduty.GuardDutyFinding;
import dev.cordon.sandbox.SandboxServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Measures containment of the seed incident with latency injected into every sandbox call: the
 * time from confirmation (the start of {@link Containment#execute}) to the last ENI on the
 * quarantine group, the AWS calls made on that path, and how many of them follow one another.
 * Not a test: run its main method, with the latency in milliseconds as the optional first argument
 * (default 100). A second argument {@code existing-groups} creates the untrack and quarantine
 * groups first, as an earlier incident in the VPC leaves them.
 *
 * <p>The sequential depth is the longest chain of calls in which each starts after the previous
 * one returned. Calls in parallel lanes overlap by the injected latency, so they do not chain.
 */
public final class ContainmentBenchmark {
  private ContainmentBenchmark() {}

  /** One AWS call, with {@link System#nanoTime} at its start and at its return. */
  record Call(String operation, long start, long end) {}

  public static void main(String[] args) throws Exception {
    int latency = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    boolean existingGroups = args.length > 1 && args[1].equals("existing-groups");
    List<Call> calls = new ArrayList<>();
    AtomicLong isolatedAt = new AtomicLong();
    List<String> eniSteps = List.of("quarantine-eni:eni-0a1b2c3d4e5f60001", "quarantine-eni:eni-0a1b2c3d4e5f60002");
    AtomicInteger isolatedEnis = new AtomicInteger();

    try (SandboxServer sandbox = SandboxServer.start()) {
      AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(sandbox.endpoint()));
      AwsClients clients = new AwsClients(timed(factory.ec2(), Ec2Client.class, calls),
          timed(factory.sts(), StsClient.class, calls), timed(factory.iam(), IamClient.class, calls),
          timed(factory.autoScaling(), AutoScalingClient.class, calls),
          timed(factory.elasticLoadBalancingV2(), ElasticLoadBalancingV2Client.class, calls),
          factory.ssm(), factory.s3(), factory.s3Presigner());
      Path incidents = Files.createTempDirectory("cordon-benchmark");
      CallHook hook = (step, action) -> {
        if (eniSteps.contains(step) && isolatedEnis.incrementAndGet() == eniSteps.size()) {
          isolatedAt.set(System.nanoTime());
        }
      };
      Containment containment = new Containment(clients, incidents, Clock.systemUTC(), hook, duration -> { }, line -> { });
      GuardDutyFinding finding = new GuardDutyFinding("benchmark-c2", "Backdoor:EC2/C&CActivity.B", 8.0, "C2", "C2",
          "123456789012", "us-east-1", null, null, null, null, 1, false, "ACTOR", "NETWORK_CONNECTION",
          "i-0abc123def456", null, List.of(), "203.0.113.100", 443, 49152, "TCP", "OUTBOUND", null, "benchmark");

      if (existingGroups) {
        createGroups(factory.ec2());
      }

      sandbox.faults().latency(latency);
      long preflightStart = System.nanoTime();
      Plan plan = containment.planContainment(new ContainmentRequest(null, finding, null, false, false, false));
      long confirmed = System.nanoTime();
      containment.execute(plan);
      long finished = System.nanoTime();

      System.out.print(plan.render());
      System.out.printf("latency per call: %d ms%s%n", latency, existingGroups ? ", groups existed" : "");
      print("preflight", calls, preflightStart, confirmed);
      print("confirmation to all ENIs isolated", calls, confirmed, isolatedAt.get());
      print("confirmation to done", calls, confirmed, finished);
      System.out.println("calls from confirmation to isolation, in start order:");
      synchronized (calls) {
        calls.stream().filter(call -> call.start() >= confirmed && call.end() <= isolatedAt.get())
            .sorted(Comparator.comparingLong(Call::start))
            .forEach(call -> System.out.printf("  %7.3f-%7.3f s  %s%n", (call.start() - confirmed) / 1e9,
                (call.end() - confirmed) / 1e9, call.operation()));
      }
    }
  }

  /** Creates the seed VPC's untrack and quarantine groups in the shape contain gives them. */
  private static void createGroups(Ec2Client ec2) {
    String vpcId = "vpc-0abc123";
    String untrack = ec2.createSecurityGroup(request -> request.vpcId(vpcId)
        .groupName(IsolationSteps.groupName(vpcId, false)).description("earlier incident")).groupId();
    ec2.authorizeSecurityGroupIngress(request -> request.groupId(untrack).ipPermissions(IsolationSteps.allTraffic()));
    String quarantine = ec2.createSecurityGroup(request -> request.vpcId(vpcId)
        .groupName(IsolationSteps.groupName(vpcId, true)).description("earlier incident")).groupId();
    ec2.revokeSecurityGroupEgress(request -> request.groupId(quarantine).ipPermissions(IsolationSteps.allTraffic()));
  }

  private static void print(String path, List<Call> calls, long from, long to) {
    List<Call> window;
    synchronized (calls) {
      window = calls.stream().filter(call -> call.start() >= from && call.end() <= to).toList();
    }
    System.out.printf("%s: %d calls, %d sequential, %.2f s%n", path, window.size(), sequentialDepth(window),
        (to - from) / 1e9);
  }

  /** Returns the length of the longest chain of calls in which each starts after the previous returned. */
  static int sequentialDepth(List<Call> calls) {
    List<Call> byStart = calls.stream().sorted(Comparator.comparingLong(Call::start)).toList();
    int[] depth = new int[byStart.size()];
    int longest = 0;
    for (int i = 0; i < byStart.size(); i++) {
      depth[i] = 1;
      for (int j = 0; j < i; j++) {
        if (byStart.get(j).end() <= byStart.get(i).start()) {
          depth[i] = Math.max(depth[i], depth[j] + 1);
        }
      }
      longest = Math.max(longest, depth[i]);
    }
    return longest;
  }

  /** Wraps a client so every call through its interface is recorded with its start and end. */
  private static <T> T timed(T client, Class<T> type, List<Call> calls) {
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (unused, method, args) -> {
      boolean counted = !method.getName().equals("close") && !method.getName().equals("serviceClientConfiguration")
          && !method.getName().equals("serviceName");
      long start = System.nanoTime();
      try {
        return method.invoke(client, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      } finally {
        if (counted) {
          synchronized (calls) {
            calls.add(new Call(type.getSimpleName().replace("Client", "") + "." + method.getName(), start,
                System.nanoTime()));
          }
        }
      }
    });
    return type.cast(proxy);
  }
}
