package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Elastic IP addresses: DescribeAddresses, AssociateAddress and DisassociateAddress. */
final class Ec2Addresses {
  private Ec2Addresses() {}

  private static Ec2Filters<Address> filters() {
    return new Ec2Filters<Address>(address -> address.tags)
        .single("allocation-id", a -> a.allocationId)
        .single("association-id", a -> a.associationId)
        .single("domain", a -> a.domain)
        .single("instance-id", a -> a.instanceId)
        .single("network-interface-id", a -> a.networkInterfaceId)
        .single("private-ip-address", a -> a.privateIpAddress)
        .single("public-ip", a -> a.publicIp);
  }

  static String describe(Ec2Call call) {
    List<Address> selected = new ArrayList<>();
    List<String> ips = call.params.list("PublicIp");
    List<String> allocations = call.params.list("AllocationId");
    for (String ip : ips) {
      selected.add(
          find(call.state, ip, null)
              .orElseThrow(() -> AwsError.badRequest("InvalidAddress.NotFound", "Address '" + ip + "' not found.")));
    }
    for (String id : allocations) {
      selected.add(
          find(call.state, null, id)
              .orElseThrow(
                  () -> AwsError.badRequest("InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist")));
    }
    if (ips.isEmpty() && allocations.isEmpty()) {
      selected.addAll(call.state.addresses);
    }
    List<Address> filtered = filters().apply(selected, call.params);
    call.checkDryRun();

    Xml xml = call.response();
    xml.start("addressesSet");
    for (Address address : filtered) {
      xml.start("item")
          .text("publicIp", address.publicIp)
          .text("allocationId", address.allocationId)
          .text("domain", address.domain)
          .text("instanceId", address.instanceId)
          .text("associationId", address.associationId)
          .text("networkInterfaceId", address.networkInterfaceId)
          .text("networkInterfaceOwnerId", address.networkInterfaceId == null ? null : call.state.accountId)
          .text("privateIpAddress", address.privateIpAddress);
      Ec2Writers.tags(xml, address.tags);
      xml.text("publicIpv4Pool", "amazon").text("networkBorderGroup", call.state.region);
      xml.end();
    }
    xml.end();
    return xml.finish();
  }

  /**
   * Detaches the address from its ENI by association id or by public IP. The instance loses its
   * public address at once; connections already open through it are not modelled as cut.
   */
  static String disassociate(Ec2Call call) {
    String associationId = call.params.get("AssociationId");
    String publicIp = call.params.get("PublicIp");
    if (associationId == null && publicIp == null) {
      throw AwsError.missingParameter("AssociationId");
    }
    Address address =
        call.state.addresses.stream()
            .filter(a -> a.associationId != null)
            .filter(a -> associationId == null ? a.publicIp.equals(publicIp) : a.associationId.equals(associationId))
            .findFirst()
            .orElseThrow(
                () -> associationId == null
                    ? AwsError.badRequest("InvalidAddress.NotFound", "Address '" + publicIp + "' not found.")
                    : AwsError.badRequest(
                        "InvalidAssociationID.NotFound", "The association ID '" + associationId + "' does not exist"));
    call.checkDryRun();

    call.state.networkInterface(address.networkInterfaceId)
        .filter(eni -> address.publicIp.equals(eni.publicIp))
        .ifPresent(eni -> eni.publicIp = null);
    address.associationId = null;
    address.networkInterfaceId = null;
    address.instanceId = null;
    address.privateIpAddress = null;
    return call.returnTrue();
  }

  /**
   * Associates an address with an ENI's private address, by allocation ID. An address already
   * associated elsewhere moves only with AllowReassociation, and an instance ID picks its primary ENI.
   */
  static String associate(Ec2Call call) {
    String allocationId = call.params.require("AllocationId");
    Address address = find(call.state, null, allocationId).orElseThrow(() -> AwsError.badRequest(
        "InvalidAllocationID.NotFound", "The allocation ID '" + allocationId + "' does not exist"));
    NetworkInterface eni = targetInterface(call);
    String privateIp = call.params.get("PrivateIpAddress") == null ? eni.privateIpAddress : call.params.get("PrivateIpAddress");
    if (!privateIp.equals(eni.privateIpAddress) && !eni.secondaryPrivateIpAddresses.contains(privateIp)) {
      throw AwsError.invalidValue("PrivateIpAddress", privateIp,
          "The address is not assigned to " + eni.networkInterfaceId + ".");
    }
    boolean sameTarget = eni.networkInterfaceId.equals(address.networkInterfaceId) && privateIp.equals(address.privateIpAddress);
    if (address.associationId != null && !sameTarget && !call.params.flag("AllowReassociation")) {
      throw AwsError.badRequest("Resource.AlreadyAssociated",
          "resource " + allocationId + " is already associated with associate-id " + address.associationId);
    }
    call.checkDryRun();

    if (address.networkInterfaceId != null && !sameTarget) {
      call.state.networkInterface(address.networkInterfaceId)
          .filter(previous -> address.publicIp.equals(previous.publicIp))
          .ifPresent(previous -> previous.publicIp = null);
    }
    if (!sameTarget || address.associationId == null) {
      address.associationId = call.state.nextId("eipassoc");
    }
    address.networkInterfaceId = eni.networkInterfaceId;
    address.privateIpAddress = privateIp;
    address.instanceId = eni.attachment == null ? null : eni.attachment.instanceId;
    if (privateIp.equals(eni.privateIpAddress)) {
      eni.publicIp = address.publicIp;
    }
    return call.response().text("return", "true").text("associationId", address.associationId).finish();
  }

  private static NetworkInterface targetInterface(Ec2Call call) {
    String eniId = call.params.get("NetworkInterfaceId");
    if (eniId != null) {
      return call.state.networkInterface(eniId).orElseThrow(() -> AwsError.badRequest(
          "InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + eniId + "' does not exist"));
    }
    String instanceId = call.params.get("InstanceId");
    if (instanceId == null) {
      throw AwsError.missingParameter("NetworkInterfaceId");
    }
    Ec2Instances.require(call.state, instanceId);
    return call.state.interfacesOf(instanceId).stream()
        .filter(eni -> eni.attachment.deviceIndex == 0)
        .findFirst()
        .orElseThrow(() -> AwsError.badRequest("InvalidInstanceID", "The instance " + instanceId + " has no primary network interface."));
  }

  static java.util.Optional<Address> find(AccountState state, String publicIp, String allocationId) {
    return state.addresses.stream()
        .filter(a -> publicIp == null || a.publicIp.equals(publicIp))
        .filter(a -> allocationId == null || a.allocationId.equals(allocationId))
        .findFirst();
  }
}
