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
 * quarantine group, and the AWS calls made on that path. Not a test: run its main method, with
 * the latency in milliseconds as the optional argument (default 100).
 */
public final class ContainmentBenchmark {
  private ContainmentBenchmark() {}

  public static void main(String[] args) throws Exception {
    int latency = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    AtomicInteger calls = new AtomicInteger();
    AtomicLong isolatedAt = new AtomicLong();
    AtomicInteger callsToIsolation = new AtomicInteger();
    List<String> eniSteps = List.of("quarantine-eni:eni-0a1b2c3d4e5f60001", "quarantine-eni:eni-0a1b2c3d4e5f60002");
    AtomicInteger isolatedEnis = new AtomicInteger();

    try (SandboxServer sandbox = SandboxServer.start()) {
      AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(sandbox.endpoint()));
      AwsClients clients = new AwsClients(counting(factory.ec2(), Ec2Client.class, calls),
          counting(factory.sts(), StsClient.class, calls), counting(factory.iam(), IamClient.class, calls),
          counting(factory.autoScaling(), AutoScalingClient.class, calls),
          counting(factory.elasticLoadBalancingV2(), ElasticLoadBalancingV2Client.class, calls),
          factory.ssm(), factory.s3(), factory.s3Presigner());
      Path incidents = Files.createTempDirectory("cordon-benchmark");
      CallHook hook = (step, action) -> {
        if (eniSteps.contains(step) && isolatedEnis.incrementAndGet() == eniSteps.size()) {
          isolatedAt.set(System.nanoTime());
          callsToIsolation.set(calls.get());
        }
      };
      Containment containment = new Containment(clients, incidents, Clock.systemUTC(), hook, duration -> { }, line -> { });
      GuardDutyFinding finding = new GuardDutyFinding("benchmark-c2", "Backdoor:EC2/C&CActivity.B", 8.0, "C2", "C2",
          "123456789012", "us-east-1", null, null, null, null, 1, false, "ACTOR", "NETWORK_CONNECTION",
          "i-0abc123def456", null, List.of(), "203.0.113.100", 443, 49152, "TCP", "OUTBOUND", null, "benchmark");

      sandbox.faults().latency(latency);
      long preflightStart = System.nanoTime();
      Plan plan = containment.planContainment(new ContainmentRequest(null, finding, null, false, false, false));
      int preflightCalls = calls.get();
      long confirmed = System.nanoTime();
      containment.execute(plan);
      long finished = System.nanoTime();

      System.out.printf("latency per call: %d ms%n", latency);
      System.out.printf("preflight: %d calls, %.2f s%n", preflightCalls, (confirmed - preflightStart) / 1e9);
      System.out.printf("confirmation to all ENIs isolated: %d calls, %.2f s%n",
          callsToIsolation.get() - preflightCalls, (isolatedAt.get() - confirmed) / 1e9);
      System.out.printf("confirmation to done: %d calls, %.2f s%n", calls.get() - preflightCalls,
          (finished - confirmed) / 1e9);
    }
  }

  /** Wraps a client so every call through its interface is counted; calls stay sequential. */
  private static <T> T counting(T client, Class<T> type, AtomicInteger calls) {
    Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (unused, method, args) -> {
      if (!method.getName().equals("close") && !method.getName().equals("serviceClientConfiguration")
          && !method.getName().equals("serviceName")) {
        calls.incrementAndGet();
      }
      try {
        return method.invoke(client, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
    return type.cast(proxy);
  }
}
