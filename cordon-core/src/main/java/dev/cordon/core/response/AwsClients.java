package dev.cordon.core.response;

import dev.cordon.core.aws.AwsClientFactory;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sts.StsClient;

/** The service clients a containment run calls. */
record AwsClients(
    Ec2Client ec2,
    StsClient sts,
    IamClient iam,
    AutoScalingClient autoScaling,
    ElasticLoadBalancingV2Client elb,
    S3Client s3) {

  /**
   * Builds every client from {@code factory}. S3 addresses buckets by path in loopback mode,
   * because a loopback endpoint has no per-bucket host names.
   */
  static AwsClients of(AwsClientFactory factory) {
    S3Client s3 = factory.configure(S3Client.builder())
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(factory.settings().loopbackOnly()).build())
        .build();
    return new AwsClients(factory.ec2(), factory.sts(), factory.iam(), factory.autoScaling(),
        factory.elasticLoadBalancingV2(), s3);
  }

  /** Returns these clients with {@code ec2} in place of theirs, as tests that fake EC2 errors need. */
  AwsClients withEc2(Ec2Client replacement) {
    return new AwsClients(replacement, sts, iam, autoScaling, elb, s3);
  }
}
