package dev.cordon.core.response;

import dev.cordon.core.aws.AwsClientFactory;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/** The service clients a containment run calls. */
record AwsClients(
    Ec2Client ec2,
    StsClient sts,
    IamClient iam,
    AutoScalingClient autoScaling,
    ElasticLoadBalancingV2Client elb) {

  static AwsClients of(AwsClientFactory factory) {
    return new AwsClients(factory.ec2(), factory.sts(), factory.iam(), factory.autoScaling(),
        factory.elasticLoadBalancingV2());
  }

  /** Returns these clients with {@code ec2} in place of theirs, as tests that fake EC2 errors need. */
  AwsClients withEc2(Ec2Client replacement) {
    return new AwsClients(replacement, sts, iam, autoScaling, elb);
  }
}
