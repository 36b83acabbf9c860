package dev.cordon.core.apiactivity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cordon.core.cloudtrail.CloudTrailEvent;
import dev.cordon.core.input.RecordSource;
import dev.cordon.core.scope.Scope;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** CloudTrail records built in code or read from test resources, and scopes to analyse them. */
final class TestEvents {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String ACCOUNT = "111122223333";
  static final String ROLE = "WebAppRole";
  static final String INSTANCE = "i-0abc1234def567890";
  static final String SESSION_ARN = "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + ROLE + "/" + INSTANCE;
  static final String EGRESS = "203.0.113.10";
  static final String ATTACKER_IP = "198.51.100.66";

  private static final AtomicInteger NEXT_ID = new AtomicInteger();

  private TestEvents() {}

  /** Starts a record of the instance session calling {@code service:name} at {@code time}. */
  static Builder sessionCall(String time, String service, String name) {
    return new Builder(time, service, name).assumedRole(ROLE, INSTANCE, "ASIASESSIONKEY1").ip(EGRESS);
  }

  static Builder call(String time, String service, String name) {
    return new Builder(time, service, name);
  }

  /** Returns EC2's AssumeRole record that hands {@code key} to {@code instance}. */
  static CloudTrailEvent handOut(String time, String instance, String key) {
    return call(time, "sts", "AssumeRole")
        .identity("{\"type\":\"AWSService\",\"invokedBy\":\"ec2.amazonaws.com\"}")
        .ip("ec2.amazonaws.com")
        .agent("ec2.amazonaws.com")
        .request("{\"roleArn\":\"arn:aws:iam::" + ACCOUNT + ":role/" + ROLE
            + "\",\"roleSessionName\":\"" + instance + "\"}")
        .response("{\"credentials\":{\"accessKeyId\":\"" + key
            + "\",\"expiration\":\"Sep 14, 2020, 7:01:26 AM\"}}")
        .build();
  }

  static Scope scope(Set<String> egress, Set<String> responders, String since, String until) {
    return new Scope(INSTANCE, null, Set.of(), Set.of(), egress, Set.of(), null, responders,
        since == null ? null : Instant.parse(since), until == null ? null : Instant.parse(until));
  }

  static Scope scope() {
    return scope(Set.of(EGRESS), Set.of(), null, null);
  }

  /** Returns a source that counts its passes in {@code passes}. */
  static RecordSource<CloudTrailEvent> source(List<CloudTrailEvent> events, AtomicInteger passes) {
    return sink -> {
      passes.incrementAndGet();
      events.forEach(sink);
    };
  }

  static RecordSource<CloudTrailEvent> source(List<CloudTrailEvent> events) {
    return source(events, new AtomicInteger());
  }

  /** Reads a test resource that is a JSON array of records or JSON Lines. */
  static List<CloudTrailEvent> resource(String name) {
    try (InputStream in = TestEvents.class.getResourceAsStream("/apiactivity/" + name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      List<CloudTrailEvent> events = new ArrayList<>();
      if (text.startsWith("[")) {
        for (JsonNode record : JSON.readTree(text)) {
          events.add(CloudTrailEvent.fromRecord(record, name));
        }
        return events;
      }
      int line = 0;
      for (String json : text.split("\n")) {
        line++;
        events.add(CloudTrailEvent.fromRecord(JSON.readTree(json), name + ":" + line));
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds one CloudTrail record as JSON, then maps it like a reader would. */
  static final class Builder {
    private final ObjectNode record = JSON.createObjectNode();

    private Builder(String time, String service, String name) {
      record.put("eventVersion", "1.09");
      record.put("eventTime", time);
      record.put("eventID", "evt-" + NEXT_ID.incrementAndGet());
      record.put("eventSource", service + ".amazonaws.com");
      record.put("eventName", name);
      record.put("awsRegion", "us-east-1");
      record.put("sourceIPAddress", EGRESS);
      record.put("userAgent", "aws-sdk-java/2.25.0");
      record.put("recipientAccountId", ACCOUNT);
    }

    Builder assumedRole(String role, String sessionName, String key) {
      return identity("{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLEROLEID:" + sessionName
          + "\",\"arn\":\"arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + sessionName
          + "\",\"accountId\":\"" + ACCOUNT + "\",\"accessKeyId\":\"" + key
          + "\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\"arn:aws:iam::"
          + ACCOUNT + ":role/" + role + "\",\"userName\":\"" + role + "\"},"
          + "\"ec2RoleDelivery\":\"2.0\"}}");
    }

    Builder user(String userName, String key) {
      return identity("{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::"
          + ACCOUNT + ":user/" + userName + "\",\"accountId\":\"" + ACCOUNT
          + "\",\"accessKeyId\":\"" + key + "\",\"userName\":\"" + userName + "\"}");
    }

    Builder identity(String json) {
      record.set("userIdentity", parse(json));
      return this;
    }

    Builder key(String key) {
      ((ObjectNode) record.get("userIdentity")).put("accessKeyId", key);
      return this;
    }

    Builder ip(String ip) {
      record.put("sourceIPAddress", ip);
      return this;
    }

    Builder agent(String agent) {
      record.put("userAgent", agent);
      return this;
    }

    Builder region(String region) {
      record.put("awsRegion", region);
      return this;
    }

    Builder denied(String errorCode) {
      record.put("errorCode", errorCode);
      record.put("errorMessage", "not authorized");
      return this;
    }

    Builder request(String json) {
      record.set("requestParameters", parse(json));
      return this;
    }

    Builder response(String json) {
      record.set("responseElements", parse(json));
      return this;
    }

    Builder field(String name, String value) {
      record.put(name, value);
      return this;
    }

    Builder resource(String arn) {
      record.set("resources", parse("[{\"ARN\":\"" + arn + "\",\"type\":\"AWS::EC2::Instance\"}]"));
      return this;
    }

    CloudTrailEvent build() {
      return CloudTrailEvent.fromRecord(record, "test");
    }

    private static JsonNode parse(String json) {
      try {
        return JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(json, e);
      }
    }
  }
}
