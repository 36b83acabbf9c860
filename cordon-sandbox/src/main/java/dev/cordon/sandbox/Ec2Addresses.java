package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;

/** Elastic IP addresses: DescribeAddresses and DisassociateAddress. */
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

  static java.util.Optional<Address> find(AccountState state, String publicIp, String allocationId) {
    return state.addresses.stream()
        .filter(a -> publicIp == null || a.publicIp.equals(publicIp))
        .filter(a -> allocationId == null || a.allocationId.equals(allocationId))
        .findFirst();
  }
}
