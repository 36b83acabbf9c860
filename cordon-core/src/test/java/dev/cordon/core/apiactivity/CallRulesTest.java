package dev.cordon.core.apiactivity;

import static dev.cordon.core.apiactivity.TestEvents.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cordon.core.cloudtrail.CloudTrailEvent;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallRulesTest {
  private final CallRules rules = new CallRules(TestEvents.INSTANCE);

  @ParameterizedTest(name = "{0}:{1} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      ec2              | DescribeInstances          | -                                              | discovery            | ec2-enumeration
      sts              | GetCallerIdentity          | -                                              | discovery            | caller-identity
      iam              | ListRoles                  | -                                              | discovery            | iam-enumeration
      iam              | GetAccountAuthorizationDetails | -                                          | discovery            | iam-enumeration
      s3               | GetBucketPolicy            | -                                              | discovery            | s3-enumeration
      s3               | ListBuckets                | -                                              | collection           | s3-buckets-listed
      s3               | GetObject                  | {"bucketName":"b","key":"k"}                   | collection           | s3-object-read
      secretsmanager   | GetSecretValue             | {"secretId":"prod/db"}                         | credential-access    | secret-read
      secretsmanager   | ListSecrets                | -                                              | credential-access    | secret-listed
      ec2              | GetPasswordData            | {"instanceId":"i-1"}                           | credential-access    | ec2-password-data
      ssm              | GetParameter               | {"name":"/prod/db","withDecryption":true}      | credential-access    | ssm-parameter-decrypted
      iam              | CreateUser                 | {"userName":"bob"}                             | persistence          | iam-create-user
      iam              | CreateAccessKey            | {"userName":"bob"}                             | persistence          | iam-create-access-key
      iam              | CreateLoginProfile         | {"userName":"bob"}                             | persistence          | iam-login-profile
      iam              | UpdateLoginProfile         | {"userName":"bob"}                             | persistence          | iam-login-profile
      ec2              | ImportKeyPair              | {"keyName":"k"}                                | persistence          | ec2-key-pair-imported
      iam              | AttachUserPolicy           | {"userName":"bob"}                             | privilege-escalation | iam-policy-attached
      iam              | AttachRolePolicy           | {"roleName":"r"}                               | privilege-escalation | iam-policy-attached
      iam              | PutUserPolicy              | {"userName":"bob"}                             | privilege-escalation | iam-policy-attached
      iam              | PutRolePolicy              | {"roleName":"r"}                               | privilege-escalation | iam-policy-attached
      iam              | CreatePolicyVersion        | {"policyArn":"p"}                              | privilege-escalation | iam-policy-attached
      ec2              | RunInstances               | {"iamInstanceProfile":{"name":"admin"}}        | privilege-escalation | iam-pass-role-to-instance
      lambda           | CreateFunction20150331     | {"role":"arn:aws:iam::1:role/admin"}           | privilege-escalation | iam-pass-role-to-function
      ec2              | RunInstances               | {"instanceType":"p2.xlarge"}                   | execution            | ec2-instances-launched
      sts              | AssumeRole                 | {"roleArn":"arn:aws:iam::999:role/x"}          | lateral-movement     | sts-assume-role
      ec2-instance-connect | SendSSHPublicKey       | {"instanceId":"i-2"}                           | lateral-movement     | ec2-instance-connect
      ssm              | SendCommand                | {"documentName":"AWS-RunShellScript"}          | lateral-movement     | ssm-command
      ssm              | StartSession               | {"target":"i-2"}                               | lateral-movement     | ssm-session
      ec2              | ModifySnapshotAttribute    | {"snapshotId":"snap-1","createVolumePermission":{"add":{"items":[{"userId":"444455556666"}]}}} | exfiltration | ebs-snapshot-shared
      ec2              | ModifySnapshotAttribute    | {"snapshotId":"snap-1","createVolumePermission":{"remove":{"items":[{"userId":"444455556666"}]}}} | exfiltration | snapshot-permission-changed
      ec2              | ModifyImageAttribute       | {"imageId":"ami-1","launchPermission":{"add":{"items":[{"group":"all"}]}}} | exfiltration | ebs-snapshot-shared
      rds              | ModifyDBSnapshotAttribute  | {"attributeName":"restore","valuesToAdd":["444455556666"]} | exfiltration | ebs-snapshot-shared
      s3               | PutBucketPolicy            | {"bucketName":"b","bucketPolicy":{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject"}]}} | exfiltration | s3-bucket-opened
      s3               | PutBucketPolicy            | {"bucketName":"b","bucketPolicy":{"Statement":[{"Principal":{"AWS":"arn:aws:iam::444455556666:root"}}]}} | exfiltration | s3-bucket-opened
      s3               | PutBucketPolicy            | {"bucketName":"b","bucketPolicy":{"Statement":[{"Principal":{"AWS":"arn:aws:iam::111122223333:role/app"}}]}} | exfiltration | s3-bucket-access-changed
      s3               | PutBucketAcl               | {"bucketName":"b","AccessControlPolicy":{"AccessControlList":{"Grant":{"Grantee":{"URI":"http://acs.amazonaws.com/groups/global/AllUsers"}}}}} | exfiltration | s3-bucket-opened
      s3               | DeletePublicAccessBlock    | {"bucketName":"b"}                             | exfiltration         | s3-bucket-opened
      cloudtrail       | StopLogging                | {"name":"t"}                                   | defense-impairment   | cloudtrail-logging-stopped
      cloudtrail       | DeleteTrail                | {"name":"t"}                                   | defense-impairment   | cloudtrail-logging-stopped
      cloudtrail       | UpdateTrail                | {"name":"t"}                                   | defense-impairment   | cloudtrail-trail-changed
      cloudtrail       | PutEventSelectors          | {"trailName":"t"}                              | defense-impairment   | cloudtrail-trail-changed
      guardduty        | DeleteDetector             | {"detectorId":"d"}                             | defense-impairment   | guardduty-detector-deleted
      guardduty        | UpdateDetector             | {"detectorId":"d","enable":false}              | defense-impairment   | guardduty-detector-disabled
      ec2              | DeleteFlowLogs             | {"flowLogIds":["fl-1"]}                        | defense-impairment   | vpc-flow-logs-deleted
      logs             | DeleteLogGroup             | {"logGroupName":"g"}                           | stealth              | logs-deleted
      s3               | DeleteBucket               | {"bucketName":"b"}                             | impact               | s3-bucket-deleted
      ec2              | TerminateInstances         | {"instancesSet":{"items":[{"instanceId":"i-other"}]}} | impact        | ec2-other-instances-terminated
      """)
  void classify_knownCall_returnsTacticAndRule(String service, String name, String request,
      String tactic, String rule) {
    TestEvents.Builder builder = call("2024-01-01T00:00:00Z", service, name);
    if (request != null) {
      builder.request(request);
    }

    Optional<CallRule> result = rules.classify(builder.build());

    assertThat(result).isPresent();
    assertThat(result.get().tactic()).isEqualTo(tactic);
    assertThat(result.get().id()).isEqualTo(rule);
    assertThat(result.get().techniques()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}:{1}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      kms        | Decrypt            | {"keyId":"k"}
      sqs        | ReceiveMessage     | {"queueUrl":"q"}
      sqs        | SendMessage        | {"queueUrl":"q"}
      guardduty  | UpdateDetector     | {"detectorId":"d","enable":true}
      ec2        | TerminateInstances | {"instancesSet":{"items":[{"instanceId":"i-0abc1234def567890"}]}}
      """)
  void classify_normalCall_returnsNothing(String service, String name, String request) {
    CloudTrailEvent event = call("2024-01-01T00:00:00Z", service, name).request(request).build();

    assertThat(rules.classify(event)).isEmpty();
  }
}
