package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Amazon EC2 over its own query protocol (API version 2016-11-15): form-encoded requests, XML
 * responses with a {@code requestId}, and errors as
 * {@code <Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors><RequestID>}.
 */
final class Ec2Service extends QueryService {
  private final Map<String, Function<Ec2Call, String>> operations = new LinkedHashMap<>();

  Ec2Service() {
    operations.put("DescribeInstances", Ec2Instances::describe);
    operations.put("ModifyInstanceAttribute", Ec2Instances::modifyAttribute);
    operations.put("DescribeInstanceAttribute", Ec2Instances::describeAttribute);
    operations.put("StopInstances", Ec2Instances::stop);
    operations.put("TerminateInstances", Ec2Instances::terminate);
    operations.put("DescribeNetworkInterfaces", Ec2Network::describeInterfaces);
    operations.put("ModifyNetworkInterfaceAttribute", Ec2Network::modifyInterfaceAttribute);
    operations.put("DescribeNetworkAcls", Ec2Network::describeAcls);
    operations.put("CreateNetworkAclEntry", Ec2Network::createAclEntry);
    operations.put("DeleteNetworkAclEntry", Ec2Network::deleteAclEntry);
    operations.put("DescribeSecurityGroups", Ec2SecurityGroups::describe);
    operations.put("CreateSecurityGroup", Ec2SecurityGroups::create);
    operations.put("DeleteSecurityGroup", Ec2SecurityGroups::delete);
    operations.put("AuthorizeSecurityGroupIngress", call -> Ec2SecurityGroups.authorize(call, false));
    operations.put("AuthorizeSecurityGroupEgress", call -> Ec2SecurityGroups.authorize(call, true));
    operations.put("RevokeSecurityGroupIngress", call -> Ec2SecurityGroups.revoke(call, false));
    operations.put("RevokeSecurityGroupEgress", call -> Ec2SecurityGroups.revoke(call, true));
    operations.put("CreateTags", Ec2Storage::createTags);
    operations.put("DeleteTags", Ec2Storage::deleteTags);
    operations.put("DescribeTags", Ec2Storage::describeTags);
    operations.put("DescribeVolumes", Ec2Storage::describeVolumes);
    operations.put("CreateSnapshot", Ec2Storage::createSnapshot);
    operations.put("CreateSnapshots", Ec2Storage::createSnapshots);
    operations.put("DescribeSnapshots", Ec2Storage::describeSnapshots);
    operations.put("CopySnapshot", Ec2SnapshotSharing::copySnapshot);
    operations.put("ModifySnapshotAttribute", Ec2SnapshotSharing::modifySnapshotAttribute);
    operations.put("DescribeSnapshotAttribute", Ec2SnapshotSharing::describeSnapshotAttribute);
    operations.put("DescribeAddresses", Ec2Addresses::describe);
    operations.put("AssociateAddress", Ec2Addresses::associate);
    operations.put("DisassociateAddress", Ec2Addresses::disassociate);
    operations.put("DescribeIamInstanceProfileAssociations", Ec2IamProfiles::describe);
    operations.put("ReplaceIamInstanceProfileAssociation", Ec2IamProfiles::replace);
    operations.put("DisassociateIamInstanceProfile", Ec2IamProfiles::disassociate);
    operations.put("ModifyInstanceMetadataOptions", Ec2Instances::modifyMetadataOptions);
    operations.put("GetConsoleOutput", Ec2Instances::consoleOutput);
    operations.put("DescribeImages", Ec2Launches::describeImages);
    operations.put("RunInstances", Ec2Launches::runInstances);
    operations.put("DescribeFlowLogs", Ec2Network::describeFlowLogs);
    operations.put("DescribeVpcEndpoints", Ec2Endpoints::describeVpcEndpoints);
    operations.put("DescribeInstanceTypes", Ec2Endpoints::describeInstanceTypes);
  }

  @Override
  public String signingName() {
    return "ec2";
  }

  @Override
  String handle(String action, QueryParams params, RequestContext context) {
    Function<Ec2Call, String> operation = operations.get(action);
    if (operation == null) {
      throw AwsError.badRequest(
          "InvalidAction", "The action " + action + " is not valid for this web service.");
    }
    Ec2Call call = new Ec2Call(action, params, context.state(), context.requestId());
    if (action.startsWith("Describe")) {
      Ec2Lifecycle.settle(context.state());
    }
    return operation.apply(call);
  }

  /** EC2 names a denied call {@code UnauthorizedOperation}, still with HTTP 403. */
  @Override
  public AwsError accessDenied(String message) {
    return new AwsError(403, "UnauthorizedOperation", "You are not authorized to perform this operation. " + message);
  }

  @Override
  String errorBody(AwsError error, String requestId) {
    Xml xml = new Xml("Response", null);
    xml.start("Errors")
        .start("Error")
        .text("Code", error.code)
        .text("Message", error.getMessage())
        .end()
        .end();
    xml.text("RequestID", requestId);
    return xml.finish();
  }
}
