package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.errorCode;
import static dev.cordon.sandbox.SandboxClients.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import java.io.ByteArrayInputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;

class FaultInjectionContractTest extends SeedSandboxTest {
  private Ec2Client ec2;
  private IamClient iam;

  /** Builds retry-free clients on the seed, which SeedSandboxTest's @BeforeEach starts first. */
  @BeforeEach
  void startClients() {
    AwsClientFactory factory = new AwsClientFactory(AwsClientSettings.loopback(sandbox.server.endpoint()));
    ec2 = factory.configure(Ec2Client.builder()).overrideConfiguration(FaultInjectionContractTest::noRetries).build();
    iam = factory.configure(IamClient.builder()).overrideConfiguration(FaultInjectionContractTest::noRetries).build();
  }

  /** Disables SDK retries so each injected fault reaches the test; keeps the factory's empty profile. */
  private static void noRetries(software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.Builder config) {
    config.retryStrategy(AwsRetryStrategy.doNotRetry())
        .defaultProfileFileSupplier(
            () -> ProfileFile.builder()
                .content(new ByteArrayInputStream(new byte[0]))
                .type(ProfileFile.Type.CONFIGURATION)
                .build())
        .defaultProfileName("default");
  }

  @AfterEach
  void stopClients() {
    ec2.close();
    iam.close();
  }

  static Stream<Arguments> errorFaults() {
    return Stream.of(
        Arguments.of("throttle", "ec2", "RequestLimitExceeded", 503),
        Arguments.of("throttle", "iam", "Throttling", 400),
        Arguments.of("serverError", "ec2", "InternalError", 500),
        Arguments.of("unavailable", "iam", "ServiceUnavailable", 503));
  }

  @ParameterizedTest
  @MethodSource("errorFaults")
  void errorFault_twoCalls_failThenPass(String kind, String service, String code, int httpStatus) {
    Faults.Operation operation =
        service.equals("ec2")
            ? sandbox.server.faults().on("ec2", "DescribeInstances")
            : sandbox.server.faults().on("iam", "GetRole");
    Runnable call =
        service.equals("ec2")
            ? () -> ec2.describeInstances()
            : () -> iam.getRole(r -> r.roleName("order-service-instance-role"));
    switch (kind) {
      case "throttle" -> operation.throttle(2);
      case "serverError" -> operation.serverError(2);
      default -> operation.unavailable(2);
    }

    Throwable first = catchThrowable(call::run);
    Throwable second = catchThrowable(call::run);
    call.run();

    assertThat(errorCode(first)).isEqualTo(code);
    assertThat(status(first)).isEqualTo(httpStatus);
    assertThat(errorCode(second)).isEqualTo(code);
  }

  @Test
  void throttle_otherOperation_isUnaffected() {
    sandbox.server.faults().on("ec2", "ModifyNetworkInterfaceAttribute").throttle(2);

    ec2.describeInstances();

    assertThat(sandbox.server.faults().remaining("ec2", "ModifyNetworkInterfaceAttribute")).isEqualTo(2);
  }

  @Test
  void throttle_sdkDefaultRetries_absorbTwoFaults() {
    sandbox.server.faults().on("ec2", "ModifyNetworkInterfaceAttribute").throttle(2);

    sandbox.ec2.modifyNetworkInterfaceAttribute(
        r -> r.networkInterfaceId("eni-0a1b2c3d4e5f60002").groups("sg-0app1234"));

    assertThat(sandbox.server.faults().remaining("ec2", "ModifyNetworkInterfaceAttribute")).isZero();
  }

  @Test
  void latency_global_delaysEveryCall() {
    sandbox.server.faults().latency(100);

    long start = System.nanoTime();
    ec2.describeInstances();
    iam.listUsers();
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    // Two calls at 100 ms each take at least 200 ms.
    assertThat(elapsedMs).isGreaterThanOrEqualTo(200);
  }

  @Test
  void latency_perOperation_expiresAfterCount() {
    sandbox.server.faults().on("iam", "*").latency(150, 1);

    long start = System.nanoTime();
    iam.listUsers();
    long firstMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(firstMs).isGreaterThanOrEqualTo(150);
    assertThat(sandbox.server.faults().remaining("iam", "*")).isZero();
  }

  @Test
  void hideNewSecurityGroups_invisibleForTwoDescribes() {
    sandbox.server.faults().hideNewSecurityGroups(2);
    String groupId =
        ec2.createSecurityGroup(r -> r.groupName("isolation").description("no traffic").vpcId("vpc-0abc123")).groupId();

    Throwable byId = catchThrowable(() -> ec2.describeSecurityGroups(r -> r.groupIds(groupId)));
    var listed = ec2.describeSecurityGroups().securityGroups();
    var visible = ec2.describeSecurityGroups(r -> r.groupIds(groupId)).securityGroups();

    assertThat(errorCode(byId)).isEqualTo("InvalidGroup.NotFound");
    assertThat(listed).noneMatch(g -> g.groupId().equals(groupId));
    assertThat(visible).singleElement().satisfies(g -> assertThat(g.groupName()).isEqualTo("isolation"));
  }

  @Test
  void scenarioFaults_fromJson_applyAtStart() {
    String json =
        Scenario.builtIn().json().replace(
            "\"idSequence\": 0",
            "\"faults\": {\"latencyMs\": 0, \"rules\": [{\"service\": \"iam\", \"operation\": \"GetRole\","
                + " \"kind\": \"throttle\", \"remaining\": 1}]},\n  \"idSequence\": 0");
    try (SandboxServer server = SandboxServer.start(Scenario.fromJson("faulty", json));
        IamClient client =
            new AwsClientFactory(AwsClientSettings.loopback(server.endpoint()))
                .configure(IamClient.builder())
                .overrideConfiguration(FaultInjectionContractTest::noRetries)
                .build()) {
      Throwable thrown = catchThrowable(() -> client.getRole(r -> r.roleName("order-service-instance-role")));

      assertThat(errorCode(thrown)).isEqualTo("Throttling");
      assertThat(client.getRole(r -> r.roleName("order-service-instance-role")).role()).isNotNull();
    }
  }

  @Test
  void scenarioFaults_zeroCount_isRejected() {
    String json =
        Scenario.builtIn().json().replace(
            "\"idSequence\": 0",
            "\"faults\": {\"rules\": [{\"service\": \"ec2\", \"operation\": \"*\", \"kind\": \"throttle\", \"remaining\": 0}]},\n"
                + "  \"idSequence\": 0");

    assertThatThrownBy(() -> SandboxServer.start(Scenario.fromJson("endless", json)).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("remaining count of at least 1");
  }
}
