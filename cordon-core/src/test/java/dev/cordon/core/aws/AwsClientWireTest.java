package dev.cordon.core.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

/** Requests of the factory's clients, as a loopback HTTP server that always returns 503 sees them. */
class AwsClientWireTest {
  private static final String UNAVAILABLE =
      "<Response><Errors><Error><Code>Unavailable</Code><Message>down</Message></Error></Errors>"
          + "<RequestID>req-503</RequestID></Response>";

  private HttpServer server;
  private final List<String> userAgents = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
      exchange.getRequestBody().readAllBytes();
      byte[] body = UNAVAILABLE.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private AwsClientFactory factory() {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    return new AwsClientFactory(AwsClientSettings.loopback(endpoint));
  }

  @Test
  void client_serverError_retriedMaxAttempts() {
    try (Ec2Client ec2 = factory().ec2()) {
      assertThatThrownBy(ec2::describeInstances)
          .isInstanceOf(Ec2Exception.class)
          .satisfies(e -> assertThat(((Ec2Exception) e).requestId()).isEqualTo("req-503"));
    }

    assertThat(userAgents).hasSize(AwsClientFactory.MAX_ATTEMPTS);
  }

  @Test
  void client_userAgent_startsWithCordonAndVersion() {
    AwsClientFactory factory = factory();
    try (Ec2Client ec2 = factory.ec2()) {
      assertThatThrownBy(ec2::describeInstances).isInstanceOf(Ec2Exception.class);
    }

    assertThat(factory.userAgentPrefix()).startsWith(AwsClientFactory.USER_AGENT_PRODUCT);
    assertThat(userAgents).allSatisfy(agent -> assertThat(agent).startsWith(factory.userAgentPrefix() + " "));
  }

  @Test
  void awsException_serviceError_keepsRequestId() {
    Ec2Exception failure;
    try (Ec2Client ec2 = factory().ec2()) {
      failure = (Ec2Exception) org.assertj.core.api.Assertions.catchThrowable(ec2::describeInstances);
    }

    AwsException wrapped = AwsException.of("isolate", "DescribeInstances", "i-0abc123def456", failure);

    assertThat(wrapped.errorCode()).isEqualTo("Unavailable");
    assertThat(wrapped.requestId()).isEqualTo("req-503");
    assertThat(wrapped.step()).isEqualTo("isolate");
    assertThat(wrapped.getMessage())
        .isEqualTo("Step isolate failed: DescribeInstances on i-0abc123def456 returned Unavailable"
            + " (request ID req-503): down");
  }
}
