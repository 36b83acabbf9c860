package dev.cordon.core.demo;

import static dev.cordon.core.demo.DemoDataset.ACCOUNT_ID;
import static dev.cordon.core.demo.DemoDataset.REGION;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Builds the demo's CloudTrail events in their full delivered form (eventVersion 1.09, complete
 * userIdentity with session context, request and event ids) and hands each to a sink.
 */
final class DemoEvents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** The date format CloudTrail uses inside responseElements, such as "Jan 15, 2024, 2:44:01 AM". */
  private static final DateTimeFormatter RESPONSE_DATE =
      DateTimeFormatter.ofPattern("MMM d, yyyy, h:mm:ss a", Locale.US).withZone(ZoneOffset.UTC);
  private static final List<String> DISCOVERY_REGIONS = List.of("us-east-1", "us-east-2", "us-west-1",
      "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1", "ap-southeast-1", "ap-southeast-2",
      "ap-northeast-1", "ap-south-1", "sa-east-1");
  private static final String BACKDOOR_USER_ID = "AIDAY34FZKBOPQ7WXRT2M";
  private static final String RESPONDER_ROLE_ID = "AROAY34FZKBOD5SRJ4QWE";
  private static final String SNAPSHOT_ID = "snap-0f1e2d3c4b5a69788";
  private static final String DATABASE_SECRET = "prod/order-service/db-password";
  private static final List<String> FIELD_ORDER = List.of("eventVersion", "userIdentity", "eventTime",
      "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "errorCode", "errorMessage",
      "requestParameters", "responseElements", "additionalEventData", "requestID", "eventID", "readOnly",
      "resources", "eventType", "managementEvent", "recipientAccountId", "sharedEventID", "eventCategory",
      "tlsDetails");

  private final SplittableRandom random;
  private final Consumer<DemoCloudTrail.Scheduled> sink;

  DemoEvents(SplittableRandom random, Consumer<DemoCloudTrail.Scheduled> sink) {
    this.random = random;
    this.sink = sink;
  }

  /** EC2 assumes the instance role on the instance's behalf and receives a new key. */
  void credentialHandOut(Instant time, String instanceId, String accessKeyId) {
    ObjectNode identity = NODES.objectNode();
    identity.put("type", "AWSService");
    identity.put("invokedBy", "ec2.amazonaws.com");
    ObjectNode event = event(time, identity, "sts", "AssumeRole", REGION, "ec2.amazonaws.com", "ec2.amazonaws.com");
    ObjectNode request = event.putObject("requestParameters");
    request.put("roleArn", DemoDataset.ROLE_ARN);
    request.put("roleSessionName", instanceId);
    ObjectNode response = event.putObject("responseElements");
    ObjectNode credentials = response.putObject("credentials");
    credentials.put("accessKeyId", accessKeyId);
    credentials.put("sessionToken", "IQoJb3JpZ2luX2VjE" + DemoFiles.alphanumeric(random, 40));
    credentials.put("expiration", RESPONSE_DATE.format(time.plusSeconds(6 * 3600 + 1800)));
    ObjectNode assumed = response.putObject("assumedRoleUser");
    assumed.put("assumedRoleId", DemoDataset.ROLE_ID + ":" + instanceId);
    assumed.put("arn", sessionArn(instanceId));
    finish(event, time, REGION, true, "Management", false);
    resource(event, "AWS::IAM::Role", DemoDataset.ROLE_ARN);
    event.put("sharedEventID", DemoFiles.uuid(random));
  }

  /** Builds the userIdentity of calls made with an instance's role credentials. */
  ObjectNode instanceIdentity(String instanceId, String accessKeyId, Instant issued) {
    ObjectNode identity = NODES.objectNode();
    identity.put("type", "AssumedRole");
    identity.put("principalId", DemoDataset.ROLE_ID + ":" + instanceId);
    identity.put("arn", sessionArn(instanceId));
    identity.put("accountId", ACCOUNT_ID);
    identity.put("accessKeyId", accessKeyId);
    ObjectNode context = identity.putObject("sessionContext");
    ObjectNode issuer = context.putObject("sessionIssuer");
    issuer.put("type", "Role");
    issuer.put("principalId", DemoDataset.ROLE_ID);
    issuer.put("arn", DemoDataset.ROLE_ARN);
    issuer.put("accountId", ACCOUNT_ID);
    issuer.put("userName", DemoDataset.ROLE_NAME);
    context.putObject("webIdFederationData");
    ObjectNode attributes = context.putObject("attributes");
    attributes.put("creationDate", issued.toString());
    attributes.put("mfaAuthenticated", "false");
    context.put("ec2RoleDelivery", "2.0");
    return identity;
  }

  /**
   * Adds the order service's own calls between {@code from} and {@code until}: the database password once
   * at start-up, then SQS every 5 minutes, KMS every 15 and SSM every hour, each a few seconds late.
   */
  void application(ObjectNode identity, String sourceIp, Instant from, Instant until) {
    ObjectNode secret = call(from, identity, "secretsmanager", "GetSecretValue", sourceIp, DemoDataset.APPLICATION_USER_AGENT, true);
    secret.putObject("requestParameters").put("secretId", DATABASE_SECRET);
    for (Instant t = from.plusSeconds(60); t.isBefore(until); t = t.plusSeconds(300)) {
      long minutes = (t.getEpochSecond() - from.getEpochSecond()) / 60;
      Instant at = t.plusSeconds(random.nextInt(0, 20));
      ObjectNode send = call(at, identity, "sqs", "SendMessage", sourceIp, DemoDataset.APPLICATION_USER_AGENT, false);
      send.putObject("requestParameters")
          .put("queueUrl", "https://sqs." + REGION + ".amazonaws.com/" + ACCOUNT_ID + "/order-events");
      if (minutes % 15 == 1) {
        ObjectNode decrypt = call(at.plusSeconds(2), identity, "kms", "Decrypt", sourceIp, DemoDataset.APPLICATION_USER_AGENT, true);
        decrypt.putObject("requestParameters").put("encryptionAlgorithm", "SYMMETRIC_DEFAULT");
        resource(decrypt, "AWS::KMS::Key", "arn:aws:kms:" + REGION + ":" + ACCOUNT_ID
            + ":key/5f0c3c62-8d1e-4a3b-9f57-1b2a3c4d5e6f");
      }
      if (minutes % 60 == 1) {
        ObjectNode parameter = call(at.plusSeconds(4), identity, "ssm", "GetParameter", sourceIp, DemoDataset.APPLICATION_USER_AGENT, true);
        parameter.putObject("requestParameters").put("name", "/prod/order-service/config").put("withDecryption", true);
      }
    }
  }

  /** Adds the attacker's calls from the instance, the stolen key used outside, and the new user's key. */
  void attack() {
    ObjectNode stolen = instanceIdentity(DemoDataset.INSTANCE_ID, DemoDataset.STOLEN_ACCESS_KEY_ID,
        DemoDataset.STOLEN_KEY_ISSUED);
    Instant t = DemoDataset.ATTACK_START;
    String ip = DemoDataset.PUBLIC_ADDRESS;
    String agent = DemoDataset.ATTACK_USER_AGENT;

    call(t, stolen, "sts", "GetCallerIdentity", ip, agent, true);
    Instant describe = t.plusSeconds(65);
    for (String region : DISCOVERY_REGIONS) {
      ObjectNode e = call(describe, stolen, "ec2", "DescribeInstances", region, ip, agent, true);
      ObjectNode request = e.putObject("requestParameters");
      request.putObject("instancesSet");
      request.putObject("filterSet");
      describe = describe.plusSeconds(15);
    }
    call(Instant.parse("2024-01-15T02:25:02Z"), stolen, "iam", "ListRoles", ip, agent, true);
    call(Instant.parse("2024-01-15T02:25:31Z"), stolen, "iam", "ListUsers", ip, agent, true);
    call(Instant.parse("2024-01-15T02:26:04Z"), stolen, "iam", "ListAttachedRolePolicies", ip, agent, true)
        .putObject("requestParameters").put("roleName", DemoDataset.ROLE_NAME);
    call(Instant.parse("2024-01-15T02:27:12Z"), stolen, "s3", "ListBuckets", ip, agent, true)
        .putObject("requestParameters").put("Host", "s3.amazonaws.com");
    Instant read = Instant.parse("2024-01-15T02:28:00Z");
    for (int i = 1; i <= DemoDataset.STOLEN_OBJECT_COUNT; i++) {
      getObject(read, stolen, ip, agent, String.format(Locale.ROOT, "exports/2024/01/orders-%04d.csv.gz", i));
      read = read.plusSeconds(15);
    }
    secrets(stolen, ip, agent);
    persistence(stolen, ip, agent);
    outside(stolen);
  }

  private void secrets(ObjectNode stolen, String ip, String agent) {
    call(Instant.parse("2024-01-15T02:40:10Z"), stolen, "secretsmanager", "ListSecrets", ip, agent, true);
    call(Instant.parse("2024-01-15T02:40:40Z"), stolen, "secretsmanager", "GetSecretValue", ip, agent, true)
        .putObject("requestParameters").put("secretId", "prod/payments/stripe-api-key");
    call(Instant.parse("2024-01-15T02:41:05Z"), stolen, "secretsmanager", "GetSecretValue", ip, agent, true)
        .putObject("requestParameters").put("secretId", "prod/partners/sftp-password");

    String trail = "arn:aws:cloudtrail:" + REGION + ":" + ACCOUNT_ID + ":trail/" + DemoCloudTrail.TRAIL_NAME;
    ObjectNode stop = call(Instant.parse("2024-01-15T02:42:20Z"), stolen, "cloudtrail", "StopLogging", ip, agent, false);
    stop.put("errorCode", "AccessDenied");
    stop.put("errorMessage", "User: " + DemoDataset.INSTANCE_SESSION_ARN
        + " is not authorized to perform: cloudtrail:StopLogging on resource: " + trail
        + " because no identity-based policy allows the cloudtrail:StopLogging action");
    stop.putObject("requestParameters").put("name", trail);
    stop.putNull("responseElements");
  }

  private void persistence(ObjectNode stolen, String ip, String agent) {
    String userArn = "arn:aws:iam::" + ACCOUNT_ID + ":user/" + DemoDataset.BACKDOOR_USER;
    Instant created = Instant.parse("2024-01-15T02:44:01Z");
    ObjectNode createUser = call(created, stolen, "iam", "CreateUser", ip, agent, false);
    createUser.putObject("requestParameters").put("userName", DemoDataset.BACKDOOR_USER);
    ObjectNode user = createUser.putObject("responseElements").putObject("user");
    user.put("path", "/");
    user.put("userName", DemoDataset.BACKDOOR_USER);
    user.put("userId", BACKDOOR_USER_ID);
    user.put("arn", userArn);
    user.put("createDate", RESPONSE_DATE.format(created));

    Instant keyCreated = Instant.parse("2024-01-15T02:44:33Z");
    ObjectNode createKey = call(keyCreated, stolen, "iam", "CreateAccessKey", ip, agent, false);
    createKey.putObject("requestParameters").put("userName", DemoDataset.BACKDOOR_USER);
    ObjectNode accessKey = createKey.putObject("responseElements").putObject("accessKey");
    accessKey.put("userName", DemoDataset.BACKDOOR_USER);
    accessKey.put("accessKeyId", DemoDataset.BACKDOOR_ACCESS_KEY_ID);
    accessKey.put("status", "Active");
    accessKey.put("createDate", RESPONSE_DATE.format(keyCreated));

    call(Instant.parse("2024-01-15T02:45:02Z"), stolen, "iam", "AttachUserPolicy", ip, agent, false)
        .putObject("requestParameters").put("userName", DemoDataset.BACKDOOR_USER)
        .put("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess");

    Instant assumed = Instant.parse("2024-01-15T02:47:15Z");
    ObjectNode assume = call(assumed, stolen, "sts", "AssumeRole", ip, agent, true);
    assume.putObject("requestParameters").put("roleArn", DemoDataset.PARTNER_ROLE_ARN)
        .put("roleSessionName", "backup-sync");
    ObjectNode response = assume.putObject("responseElements");
    ObjectNode credentials = response.putObject("credentials");
    credentials.put("accessKeyId", DemoDataset.PARTNER_ACCESS_KEY_ID);
    credentials.put("sessionToken", "IQoJb3JpZ2luX2VjE" + DemoFiles.alphanumeric(random, 40));
    credentials.put("expiration", RESPONSE_DATE.format(assumed.plusSeconds(3600)));
    response.putObject("assumedRoleUser").put("assumedRoleId", "AROAZ7QKGM3EBN4TXW6LP:backup-sync")
        .put("arn", "arn:aws:sts::" + DemoDataset.PARTNER_ACCOUNT_ID + ":assumed-role/OrganizationAccountAccessRole/backup-sync");
    resource(assume, "AWS::IAM::Role", DemoDataset.PARTNER_ROLE_ARN);

    ObjectNode share = call(Instant.parse("2024-01-15T02:49:30Z"), stolen, "ec2", "ModifySnapshotAttribute", ip, agent, false);
    ObjectNode request = share.putObject("requestParameters");
    request.put("snapshotId", SNAPSHOT_ID);
    request.putObject("createVolumePermission").putObject("add").putArray("items").addObject()
        .put("userId", DemoDataset.PARTNER_ACCOUNT_ID);
    request.put("attributeType", "CREATE_VOLUME_PERMISSION");
    share.putObject("responseElements").put("_return", true);
  }

  /** Adds the calls with the stolen instance key and then the new user's key, both from OUTSIDE_ADDRESS. */
  private void outside(ObjectNode stolen) {
    String ip = DemoDataset.OUTSIDE_ADDRESS;
    String agent = DemoDataset.OUTSIDE_USER_AGENT;
    call(Instant.parse("2024-01-15T02:33:40Z"), stolen, "s3", "ListBuckets", ip, agent, true)
        .putObject("requestParameters").put("Host", "s3.amazonaws.com");
    getObject(Instant.parse("2024-01-15T02:34:15Z"), stolen, ip, DemoDataset.HOSTILE_USER_AGENT,
        "exports/2024/01/customers.csv.gz");
    getObject(Instant.parse("2024-01-15T02:34:52Z"), stolen, ip, agent, "exports/2024/01/payment-methods.csv.gz");

    ObjectNode user = NODES.objectNode();
    user.put("type", "IAMUser");
    user.put("principalId", BACKDOOR_USER_ID);
    user.put("arn", "arn:aws:iam::" + ACCOUNT_ID + ":user/" + DemoDataset.BACKDOOR_USER);
    user.put("accountId", ACCOUNT_ID);
    user.put("accessKeyId", DemoDataset.BACKDOOR_ACCESS_KEY_ID);
    user.put("userName", DemoDataset.BACKDOOR_USER);
    call(Instant.parse("2024-01-15T02:55:12Z"), user, "iam", "ListUsers", ip, agent, true);
    Instant login = Instant.parse("2024-01-15T02:56:03Z");
    ObjectNode profile = call(login, user, "iam", "CreateLoginProfile", ip, agent, false);
    profile.putObject("requestParameters").put("userName", DemoDataset.BACKDOOR_USER)
        .put("passwordResetRequired", false);
    profile.putObject("responseElements").putObject("loginProfile").put("userName", DemoDataset.BACKDOOR_USER)
        .put("createDate", RESPONSE_DATE.format(login)).put("passwordResetRequired", false);
  }

  /** Adds the responder's DescribeInstances call, then the CreateTags call Cordon makes with her session. */
  void responders() {
    ObjectNode alice = NODES.objectNode();
    alice.put("type", "AssumedRole");
    alice.put("principalId", RESPONDER_ROLE_ID + ":alice");
    alice.put("arn", DemoDataset.RESPONDER_ARN);
    alice.put("accountId", ACCOUNT_ID);
    alice.put("accessKeyId", "ASIA" + DemoFiles.keyCharacters(random, 16));
    ObjectNode context = alice.putObject("sessionContext");
    context.putObject("sessionIssuer").put("type", "Role").put("principalId", RESPONDER_ROLE_ID)
        .put("arn", "arn:aws:iam::" + ACCOUNT_ID + ":role/SecurityResponder").put("accountId", ACCOUNT_ID)
        .put("userName", "SecurityResponder");
    context.putObject("attributes").put("creationDate", "2024-01-15T03:17:45Z").put("mfaAuthenticated", "true");

    String ip = DemoDataset.RESPONDER_ADDRESS;
    ObjectNode describe = call(DemoDataset.RESPONDER_START, alice, "ec2", "DescribeInstances", ip,
        "aws-cli/2.15.10 Python/3.11.6 Darwin/23.2.0 exe/x86_64", true);
    describe.putObject("requestParameters").putObject("instancesSet").putArray("items").addObject()
        .put("instanceId", DemoDataset.INSTANCE_ID);

    ObjectNode tag = call(DemoDataset.CORDON_CALL, alice, "ec2", "CreateTags", ip,
        "cordon/0.1.0 aws-sdk-java/2.40.2 Linux/6.5 OpenJDK_64-Bit_Server_VM/17.0.9", false);
    ObjectNode request = tag.putObject("requestParameters");
    request.putObject("resourcesSet").putArray("items").addObject().put("resourceId", DemoDataset.INSTANCE_ID);
    request.putObject("tagSet").putArray("items").addObject().put("key", "cordon:incident")
        .put("value", "compromised 2024-01-15T03:25Z");
    tag.putObject("responseElements").put("_return", true);
  }

  private void getObject(Instant time, ObjectNode identity, String ip, String agent, String key) {
    ObjectNode e = event(time, identity, "s3", "GetObject", REGION, ip, agent);
    ObjectNode request = e.putObject("requestParameters");
    request.put("bucketName", DemoDataset.DATA_BUCKET);
    request.put("Host", DemoDataset.DATA_BUCKET + ".s3." + REGION + ".amazonaws.com");
    request.put("key", key);
    e.putNull("responseElements");
    ObjectNode extra = e.putObject("additionalEventData");
    extra.put("SignatureVersion", "SigV4");
    extra.put("CipherSuite", "TLS_AES_128_GCM_SHA256");
    extra.put("bytesTransferredIn", 0);
    extra.put("AuthenticationMethod", "AuthHeader");
    extra.put("x-amz-id-2", DemoFiles.alphanumeric(random, 76));
    extra.put("bytesTransferredOut", random.nextLong(200_000, 5_000_000));
    e.put("requestID", DemoFiles.hex(random, 16).toUpperCase(Locale.ROOT));
    e.put("eventID", DemoFiles.uuid(random));
    e.put("readOnly", true);
    ArrayNode resources = e.putArray("resources");
    resources.addObject().put("type", "AWS::S3::Object")
        .put("ARN", "arn:aws:s3:::" + DemoDataset.DATA_BUCKET + "/" + key);
    resources.addObject().put("accountId", ACCOUNT_ID).put("type", "AWS::S3::Bucket")
        .put("ARN", "arn:aws:s3:::" + DemoDataset.DATA_BUCKET);
    e.put("eventType", "AwsApiCall");
    e.put("managementEvent", false);
    e.put("recipientAccountId", ACCOUNT_ID);
    e.put("eventCategory", "Data");
    tls(e, DemoDataset.DATA_BUCKET + ".s3." + REGION + ".amazonaws.com");
    sink.accept(new DemoCloudTrail.Scheduled(time, REGION, e));
  }

  private ObjectNode call(Instant time, ObjectNode identity, String service, String name, String ip, String agent,
      boolean readOnly) {
    return call(time, identity, service, name, REGION, ip, agent, readOnly);
  }

  /**
   * Builds a management event and schedules it. Callers add requestParameters, responseElements
   * and errors to the returned node afterwards; {@link #ordered} puts the fields in CloudTrail's
   * order when the file is written.
   */
  private ObjectNode call(Instant time, ObjectNode identity, String service, String name, String region, String ip,
      String agent, boolean readOnly) {
    ObjectNode e = event(time, identity, service, name, region, ip, agent);
    finish(e, time, region, readOnly, "Management", true);
    return e;
  }

  private ObjectNode event(Instant time, ObjectNode identity, String service, String name, String region,
      String ip, String agent) {
    ObjectNode e = NODES.objectNode();
    e.put("eventVersion", "1.09");
    e.set("userIdentity", identity.deepCopy());
    e.put("eventTime", time.toString());
    e.put("eventSource", service + ".amazonaws.com");
    e.put("eventName", name);
    e.put("awsRegion", region);
    e.put("sourceIPAddress", ip);
    e.put("userAgent", agent);
    return e;
  }

  /** Adds the ids and flags after the request, in CloudTrail's field order, and schedules the event. */
  private void finish(ObjectNode e, Instant time, String region, boolean readOnly, String category, boolean tls) {
    e.put("requestID", DemoFiles.uuid(random));
    e.put("eventID", DemoFiles.uuid(random));
    e.put("readOnly", readOnly);
    e.put("eventType", "AwsApiCall");
    e.put("managementEvent", true);
    e.put("recipientAccountId", ACCOUNT_ID);
    e.put("eventCategory", category);
    if (tls) {
      tls(e, e.get("eventSource").asText().replace(".amazonaws.com", "." + region + ".amazonaws.com"));
    }
    sink.accept(new DemoCloudTrail.Scheduled(time, region, e));
  }

  private static void tls(ObjectNode e, String host) {
    e.putObject("tlsDetails").put("tlsVersion", "TLSv1.3").put("cipherSuite", "TLS_AES_128_GCM_SHA256")
        .put("clientProvidedHostHeader", host);
  }

  private static void resource(ObjectNode e, String type, String arn) {
    ArrayNode resources = e.has("resources") ? (ArrayNode) e.get("resources") : e.putArray("resources");
    resources.addObject().put("accountId", ACCOUNT_ID).put("type", type).put("ARN", arn);
  }

  /**
   * Returns a copy of {@code event} with its fields in the order CloudTrail writes them, and null
   * requestParameters and responseElements where the call had none, as CloudTrail records them.
   */
  static ObjectNode ordered(ObjectNode event) {
    ObjectNode copy = NODES.objectNode();
    for (String field : FIELD_ORDER) {
      if (event.has(field)) {
        copy.set(field, event.get(field));
      } else if (field.equals("requestParameters") || field.equals("responseElements")) {
        copy.putNull(field);
      }
    }
    event.properties().forEach(f -> {
      if (!copy.has(f.getKey())) {
        copy.set(f.getKey(), f.getValue());
      }
    });
    return copy;
  }

  private static String sessionArn(String instanceId) {
    return "arn:aws:sts::" + ACCOUNT_ID + ":assumed-role/" + DemoDataset.ROLE_NAME + "/" + instanceId;
  }
}
