package dev.cordon.sandbox;

import static dev.cordon.sandbox.SandboxClients.assertDryRunPassed;
import static dev.cordon.sandbox.SandboxClients.errorCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociation;
import software.amazon.awssdk.services.ec2.model.IamInstanceProfileAssociationState;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** The EC2 calls containment makes besides security groups: addresses, profiles, IMDS, launches. */
class Ec2ContainmentContractTest extends SeedSandboxTest {
  private static final String COMPROMISED = "i-0abc123def456";
  private static final String PROFILE_ARN = "arn:aws:iam::123456789012:instance-profile/order-service-instance-role";

  private static Filter filter(String name, String value) {
    return Filter.builder().name(name).values(value).build();
  }

  @Test
  void describeAddresses_seed_associatedWithSuspectPrimaryEni() {
    Address address = sandbox.ec2.describeAddresses(r -> r.publicIps("198.51.100.20")).addresses().get(0);

    assertThat(address.instanceId()).isEqualTo(COMPROMISED);
    assertThat(address.networkInterfaceId()).isEqualTo("eni-0a1b2c3d4e5f60001");
    assertThat(address.associationId()).isEqualTo("eipassoc-0abc123def4560001");
    assertThat(sandbox.instance(COMPROMISED).networkInterfaces().get(0).association().ipOwnerId()).isEqualTo("123456789012");
    assertThat(
            sandbox.ec2.describeNetworkInterfaces(r -> r.networkInterfaceIds("eni-0a1b2c3d4e5f60001"))
                .networkInterfaces().get(0).association().allocationId())
        .isEqualTo("eipalloc-0abc123def4560001");
  }

  @Test
  void disassociateAddress_removesPublicIpFromInstance() {
    sandbox.ec2.disassociateAddress(r -> r.associationId("eipassoc-0abc123def4560001"));

    Address address = sandbox.ec2.describeAddresses().addresses().get(0);
    assertThat(address.associationId()).isNull();
    assertThat(address.instanceId()).isNull();
    assertThat(sandbox.instance(COMPROMISED).publicIpAddress()).isNull();
  }

  @Test
  void disassociateAddress_unknownAssociation_isNotFound() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.disassociateAddress(r -> r.associationId("eipassoc-0dead")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidAssociationID.NotFound");
  }

  @Test
  void describeAddresses_unknownAllocation_isNotFound() {
    Throwable thrown = catchThrowable(() -> sandbox.ec2.describeAddresses(r -> r.allocationIds("eipalloc-0dead")));

    assertThat(errorCode(thrown)).isEqualTo("InvalidAllocationID.NotFound");
  }

  @Test
  void describeProfileAssociations_byInstance_associated() {
    IamInstanceProfileAssociation association =
        sandbox.ec2.describeIamInstanceProfileAssociations(r -> r.filters(filter("instance-id", COMPROMISED)))
            .iamInstanceProfileAssociations().get(0);

    assertThat(association.associationId()).isEqualTo("iip-assoc-0abc123def4560001");
    assertThat(association.iamInstanceProfile().arn()).isEqualTo(PROFILE_ARN);
    assertThat(association.state()).isEqualTo(IamInstanceProfileAssociationState.ASSOCIATED);
  }

  @Test
  void replaceProfile_newProfile_changesInstance() {
    sandbox.iam.createInstanceProfile(r -> r.instanceProfileName("cordon-quarantine"));

    IamInstanceProfileAssociation replaced =
        sandbox.ec2.replaceIamInstanceProfileAssociation(
                r -> r.associationId("iip-assoc-0abc123def4560001").iamInstanceProfile(p -> p.name("cordon-quarantine")))
            .iamInstanceProfileAssociation();

    assertThat(replaced.state()).isEqualTo(IamInstanceProfileAssociationState.ASSOCIATING);
    assertThat(replaced.associationId()).isNotEqualTo("iip-assoc-0abc123def4560001");
    assertThat(sandbox.instance(COMPROMISED).iamInstanceProfile().arn())
        .isEqualTo("arn:aws:iam::123456789012:instance-profile/cordon-quarantine");
  }

  @Test
  void replaceProfile_unknownProfile_isInvalid() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.replaceIamInstanceProfileAssociation(
                r -> r.associationId("iip-assoc-0abc123def4560001").iamInstanceProfile(p -> p.name("none"))));

    assertThat(errorCode(thrown)).isEqualTo("InvalidParameterValue");
  }

  @Test
  void disassociateIamInstanceProfile_removesProfile() {
    var result = sandbox.ec2.disassociateIamInstanceProfile(r -> r.associationId("iip-assoc-0abc123def4560001"));

    assertThat(result.iamInstanceProfileAssociation().state()).isEqualTo(IamInstanceProfileAssociationState.DISASSOCIATING);
    assertThat(sandbox.instance(COMPROMISED).iamInstanceProfile()).isNull();
    Throwable again =
        catchThrowable(() -> sandbox.ec2.disassociateIamInstanceProfile(r -> r.associationId("iip-assoc-0abc123def4560001")));
    assertThat(errorCode(again)).isEqualTo("InvalidAssociationID.NotFound");
  }

  @Test
  void metadataOptions_requireTokens_applied() {
    var response =
        sandbox.ec2.modifyInstanceMetadataOptions(
            r -> r.instanceId(COMPROMISED).httpTokens(HttpTokensState.REQUIRED).httpPutResponseHopLimit(1));

    assertThat(response.instanceMetadataOptions().stateAsString()).isEqualTo("pending");
    assertThat(sandbox.instance(COMPROMISED).metadataOptions().httpTokens()).isEqualTo(HttpTokensState.REQUIRED);
    assertThat(sandbox.instance(COMPROMISED).metadataOptions().stateAsString()).isEqualTo("applied");
  }

  @Test
  void metadataOptions_dryRun_isRejected412() {
    Throwable thrown =
        catchThrowable(
            () -> sandbox.ec2.modifyInstanceMetadataOptions(
                r -> r.instanceId(COMPROMISED).httpEndpoint("disabled").dryRun(true)));

    assertDryRunPassed(thrown);
    assertThat(sandbox.instance(COMPROMISED).metadataOptions().httpEndpointAsString()).isEqualTo("enabled");
  }

  @Test
  void consoleOutput_seed_isBase64Text() {
    String output = sandbox.ec2.getConsoleOutput(r -> r.instanceId(COMPROMISED)).output();

    String text = new String(Base64.getDecoder().decode(output), StandardCharsets.UTF_8);
    assertThat(text).contains("prod-order-service-3 login:");
  }

  @Test
  void describeImages_ownerSelf_returnsOrderServiceImage() {
    var images = sandbox.ec2.describeImages(r -> r.owners("self")).images();

    assertThat(images).extracting(Image::imageId).containsExactly("ami-0abcdef1234567890");
    Throwable unknown = catchThrowable(() -> sandbox.ec2.describeImages(r -> r.imageIds("ami-0000000000000dead")));
    assertThat(errorCode(unknown)).isEqualTo("InvalidAMIID.NotFound");
  }

  @Test
  void runInstances_forensicWorkstation_pendingThenRunning() {
    TagSpecification tags =
        TagSpecification.builder()
            .resourceType(ResourceType.INSTANCE)
            .tags(Tag.builder().key("Name").value("cordon-forensics").build())
            .build();

    var launched =
        sandbox.ec2.runInstances(
                r -> r.imageId("ami-0fedcba9876543210").instanceType(InstanceType.T3_MEDIUM).minCount(1).maxCount(1)
                    .subnetId("subnet-0abc1234").securityGroupIds("sg-0app1234").tagSpecifications(tags))
            .instances().get(0);

    assertThat(launched.state().nameAsString()).isEqualTo("pending");
    assertThat(launched.tags()).extracting(Tag::value).containsExactly("cordon-forensics");
    // 10.0.0.0/20 reserves .0 to .3 and no ENI uses 10.0.0.4, so it is the first free address.
    assertThat(launched.privateIpAddress()).isEqualTo("10.0.0.4");
    assertThat(sandbox.instance(launched.instanceId()).state().nameAsString()).isEqualTo("running");
  }

  @Test
  void runInstances_unknownImageOrGroup_fails() {
    Throwable image =
        catchThrowable(() -> sandbox.ec2.runInstances(r -> r.imageId("ami-0000000000000dead").minCount(1).maxCount(1)));
    Throwable group =
        catchThrowable(
            () -> sandbox.ec2.runInstances(
                r -> r.imageId("ami-0abcdef1234567890").minCount(1).maxCount(1).securityGroupIds("sg-0000000000000dead")));

    assertThat(errorCode(image)).isEqualTo("InvalidAMIID.NotFound");
    assertThat(errorCode(group)).isEqualTo("InvalidGroup.NotFound");
  }

  @Test
  void describeFlowLogs_vpcFilter_returnsLogGroup() {
    var flowLog =
        sandbox.ec2.describeFlowLogs(r -> r.filter(filter("resource-id", "vpc-0abc123"))).flowLogs().get(0);

    assertThat(flowLog.logGroupName()).isEqualTo("/vpc/prod/flow-logs");
    assertThat(flowLog.flowLogStatus()).isEqualTo("ACTIVE");
    assertThat(flowLog.maxAggregationInterval()).isEqualTo(60);
  }
}
