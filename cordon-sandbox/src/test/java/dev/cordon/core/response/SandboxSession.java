package dev.cordon.core.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.sandbox.SandboxServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * A sandbox, the SDK clients pointed at its loopback endpoint and the directory of incident
 * journals, shared by the response tests that run containment against the sandbox. Closing it
 * closes every client and the sandbox.
 */
class SandboxSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  final SandboxServer sandbox;
  final AwsClients clients;
  final Ec2Client ec2;
  final Path root;
  private final Clock clock;
  private final Run.Sleeper sleeper;

  /** Runs containment with journals under {@code root}, at {@code clock}, pausing between polls with {@code sleeper}. */
  SandboxSession(SandboxServer sandbox, Path root, Clock clock, Run.Sleeper sleeper) {
    this.sandbox = sandbox;
    this.root = root;
    this.clock = clock;
    this.sleeper = sleeper;
    this.clients = AwsClients.of(new AwsClientFactory(AwsClientSettings.loopback(sandbox.endpoint())));
    this.ec2 = clients.ec2();
  }

  Containment containment() {
    return containment(CallHook.NONE);
  }

  Containment containment(CallHook hook) {
    return containment(ec2, hook);
  }

  Containment containment(Ec2Client client, CallHook hook) {
    return containment(client, hook, clock);
  }

  Containment containment(Ec2Client client, CallHook hook, Clock runClock) {
    return new Containment(clients.withEc2(client), root, runClock, hook, sleeper, line -> {});
  }

  Plan plan(ContainmentRequest request) {
    return containment().planContainment(request);
  }

  /** Returns the plan without taking the instance's lock, for a test that only reads the plan. */
  Plan preview(ContainmentRequest request) {
    return containment().previewContainment(request);
  }

  Outcome contain(ContainmentRequest request) {
    return contain(CallHook.NONE, request);
  }

  Outcome contain(CallHook hook, ContainmentRequest request) {
    Containment containment = containment(hook);
    return containment.execute(containment.planContainment(request));
  }

  /** Returns the sandbox's whole state as JSON. */
  JsonNode dump() {
    try {
      return JSON.readTree(sandbox.stateJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JsonNode find(String collection, String idField, String id) {
    return find(dump(), collection, idField, id);
  }

  /** Returns the item of {@code collection} in {@code dump} whose {@code idField} is {@code id}. */
  JsonNode find(JsonNode dump, String collection, String idField, String id) {
    for (JsonNode item : dump.get(collection)) {
      if (item.path(idField).asText().equals(id)) {
        return item;
      }
    }
    throw new AssertionError("No " + id + " in " + collection);
  }

  byte[] object(String bucket, String key) {
    return clients.s3().getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
  }

  @Override
  public void close() {
    clients.ec2().close();
    clients.sts().close();
    clients.iam().close();
    clients.autoScaling().close();
    clients.elb().close();
    clients.ssm().close();
    clients.s3().close();
    clients.presigner().close();
    sandbox.close();
  }
}
