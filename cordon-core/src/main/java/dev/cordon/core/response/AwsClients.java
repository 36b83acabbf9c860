package dev.cordon.core.response;

import dev.cordon.core.aws.AwsClientFactory;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The service clients a containment run calls. */
record AwsClients(
    Ec2Client ec2,
    StsClient sts,
    IamClient iam,
    AutoScalingClient autoScaling,
    ElasticLoadBalancingV2Client elb,
    SsmClient ssm,
    S3Client s3,
    S3Presigner presigner) {

  /** Builds every client from {@code factory}. */
  static AwsClients of(AwsClientFactory factory) {
    return new AwsClients(factory.ec2(), factory.sts(), factory.iam(), factory.autoScaling(),
        factory.elasticLoadBalancingV2(), factory.ssm(), factory.s3(), factory.s3Presigner());
  }

  /** Returns these clients with {@code ec2} in place of theirs, as tests that fake EC2 errors need. */
  AwsClients withEc2(Ec2Client replacement) {
    return new AwsClients(replacement, sts, iam, autoScaling, elb, ssm, s3, presigner);
  }

  /** Returns these clients with {@code replacement} in place of their SSM client, for fault tests. */
  AwsClients withSsm(SsmClient replacement) {
    return new AwsClients(ec2, sts, iam, autoScaling, elb, replacement, s3, presigner);
  }

  /** Returns these clients with {@code replacement} in place of their STS client, for tests. */
  AwsClients withSts(StsClient replacement) {
    return new AwsClients(ec2, replacement, iam, autoScaling, elb, ssm, s3, presigner);
  }
}
