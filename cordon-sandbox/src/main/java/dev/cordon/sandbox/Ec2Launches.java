package dev.cordon.sandbox;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** DescribeImages, RunInstances and the launch that Auto Scaling replacements share with it. */
final class Ec2Launches {
  /** Addresses AWS reserves at the start of every subnet (network, router, DNS, future use). */
  private static final int RESERVED_HOSTS = 4;

  private Ec2Launches() {}

  private static Ec2Filters<Image> imageFilters() {
    return new Ec2Filters<Image>(image -> image.tags)
        .single("image-id", i -> i.imageId)
        .single("name", i -> i.name)
        .single("owner-id", i -> i.ownerId)
        .single("state", i -> i.state)
        .single("architecture", i -> i.architecture)
        .single("is-public", i -> i.isPublic);
  }

  static String describeImages(Ec2Call call) {
    List<String> ids = call.params.list("ImageId");
    List<Image> selected = new ArrayList<>();
    for (String id : ids) {
      selected.add(
          call.state.image(id)
              .orElseThrow(() -> AwsError.badRequest("InvalidAMIID.NotFound", "The image id '[" + id + "]' does not exist")));
    }
    if (ids.isEmpty()) {
      selected.addAll(call.state.images);
    }
    List<String> owners = call.params.list("Owner");
    if (!owners.isEmpty()) {
      selected.removeIf(image -> owners.stream().noneMatch(owner -> ownedBy(call.state, image, owner)));
    }
    List<Image> filtered = imageFilters().apply(selected, call.params);
    return call.describePage(filtered, "imagesSet", 5, 1000, Ec2Launches::writeImage);
  }

  private static void writeImage(Xml xml, Image image) {
    xml.start("item")
        .text("imageId", image.imageId)
        .text("imageLocation", image.ownerId + "/" + image.name)
        .text("imageState", image.state)
        .text("imageOwnerId", image.ownerId)
        .text("creationDate", image.creationDate)
        .text("isPublic", image.isPublic)
        .text("architecture", image.architecture)
        .text("imageType", "machine")
        .text("name", image.name)
        .text("description", image.description)
        .text("rootDeviceType", "ebs")
        .text("rootDeviceName", image.rootDeviceName)
        .text("virtualizationType", "hvm")
        .text("hypervisor", "xen")
        .text("platformDetails", image.platformDetails);
    Ec2Writers.tags(xml, image.tags);
    xml.end();
  }

  private static boolean ownedBy(AccountState state, Image image, String owner) {
    if (owner.equals("self")) {
      return image.ownerId.equals(state.accountId);
    }
    if (owner.equals("amazon")) {
      return image.ownerId.equals("amazon") || image.ownerId.equals("137112412989");
    }
    return image.ownerId.equals(owner);
  }

  /**
   * Launches MaxCount instances in one reservation. The instances start pending and are running
   * on the next Describe call, as {@link Ec2Lifecycle} settles them.
   */
  static String runInstances(Ec2Call call) {
    QueryParams params = call.params;
    Integer min = params.integer("MinCount");
    Integer max = params.integer("MaxCount");
    if (min == null) {
      throw AwsError.missingParameter("MinCount");
    }
    if (max == null) {
      throw AwsError.missingParameter("MaxCount");
    }
    if (min < 1 || max < min) {
      throw AwsError.invalidValue("MaxCount", String.valueOf(max), "MinCount must be at least 1 and at most MaxCount.");
    }
    LaunchSpec spec = new LaunchSpec();
    spec.imageId = params.require("ImageId");
    spec.instanceType = params.get("InstanceType") == null ? "m5.large" : params.get("InstanceType");
    spec.keyName = params.get("KeyName");
    spec.subnetId = params.get("SubnetId");
    spec.groupIds.addAll(params.list("SecurityGroupId"));
    spec.iamInstanceProfileArn = Ec2IamProfiles.profileArn(call.state, params.child("IamInstanceProfile"));
    spec.tags.putAll(Ec2Storage.tagSpecification(params, "instance"));
    validate(call.state, spec);
    call.checkDryRun();

    String reservationId = call.state.nextId("r");
    List<Instance> launched = new ArrayList<>();
    for (int i = 0; i < max; i++) {
      launched.add(launch(call.state, spec, reservationId));
    }
    Xml xml = call.response();
    xml.text("reservationId", reservationId).text("ownerId", call.state.accountId);
    xml.start("groupSet").end();
    xml.start("instancesSet");
    launched.forEach(instance -> Ec2Writers.instance(xml, call.state, instance));
    xml.end();
    return xml.finish();
  }

  /** Checks the image, subnet and groups; a missing subnet means the first subnet of the account. */
  private static void validate(AccountState state, LaunchSpec spec) {
    if (state.image(spec.imageId).isEmpty()) {
      throw AwsError.badRequest("InvalidAMIID.NotFound", "The image id '[" + spec.imageId + "]' does not exist");
    }
    if (spec.subnetId == null) {
      if (state.subnets.isEmpty()) {
        throw AwsError.badRequest("MissingInput", "No subnets found for the default VPC. Please specify a subnet.");
      }
      spec.subnetId = state.subnets.get(0).subnetId;
    }
    Subnet subnet =
        state.subnet(spec.subnetId)
            .orElseThrow(() -> AwsError.badRequest("InvalidSubnetID.NotFound", "The subnet ID '" + spec.subnetId + "' does not exist"));
    if (!spec.groupIds.isEmpty()) {
      Ec2SecurityGroups.requireInVpc(state, spec.groupIds, subnet.vpcId);
    }
  }

  /**
   * Creates a pending instance with a primary ENI at the subnet's first free address and a root
   * volume deleted on termination. The caller has validated {@code spec}.
   */
  static Instance launch(AccountState state, LaunchSpec spec, String reservationId) {
    Subnet subnet = state.subnet(spec.subnetId).orElseThrow();
    Image image = state.image(spec.imageId).orElseThrow();
    String now = state.clockNow().toString();

    Instance instance = new Instance();
    instance.instanceId = state.nextId("i");
    instance.imageId = spec.imageId;
    instance.instanceType = spec.instanceType;
    instance.availabilityZone = subnet.availabilityZone;
    instance.launchTime = now;
    instance.state = "pending";
    instance.keyName = spec.keyName;
    instance.rootDeviceName = image.rootDeviceName;
    instance.reservationId = reservationId;
    instance.tags.putAll(spec.tags);
    if (spec.iamInstanceProfileArn != null) {
      instance.iamInstanceProfile = Ec2IamProfiles.association(state, spec.iamInstanceProfileArn);
    }
    state.instances.add(instance);

    NetworkInterface eni = new NetworkInterface();
    eni.networkInterfaceId = state.nextId("eni");
    eni.subnetId = subnet.subnetId;
    eni.vpcId = subnet.vpcId;
    eni.availabilityZone = subnet.availabilityZone;
    eni.description = "Primary network interface";
    eni.macAddress = macAddress(state.idSequence);
    eni.privateIpAddress = freeAddress(state, subnet);
    eni.groupIds = new ArrayList<>(spec.groupIds.isEmpty() ? defaultGroup(state, subnet.vpcId) : spec.groupIds);
    eni.attachment = new NetworkInterface.Attachment();
    eni.attachment.attachmentId = state.nextId("eni-attach");
    eni.attachment.instanceId = instance.instanceId;
    eni.attachment.deviceIndex = 0;
    eni.attachment.deleteOnTermination = true;
    eni.attachment.attachTime = now;
    state.networkInterfaces.add(eni);

    Volume root = new Volume();
    root.volumeId = state.nextId("vol");
    root.size = image.rootVolumeSize;
    root.availabilityZone = subnet.availabilityZone;
    root.state = "in-use";
    root.createTime = now;
    root.encrypted = true;
    root.attachment = new Volume.Attachment();
    root.attachment.instanceId = instance.instanceId;
    root.attachment.device = image.rootDeviceName;
    root.attachment.deleteOnTermination = true;
    root.attachment.attachTime = now;
    state.volumes.add(root);
    return instance;
  }

  /** Returns a locally administered MAC address derived from {@code sequence}. */
  private static String macAddress(long sequence) {
    return String.format(
        "0a:00:%02x:%02x:%02x:%02x",
        (sequence >> 24) & 0xff, (sequence >> 16) & 0xff, (sequence >> 8) & 0xff, sequence & 0xff);
  }

  private static List<String> defaultGroup(AccountState state, String vpcId) {
    return state.securityGroups.stream()
        .filter(g -> g.vpcId.equals(vpcId) && g.groupName.equals("default"))
        .map(g -> g.groupId)
        .limit(1)
        .toList();
  }

  /** Returns the lowest address of the subnet after the reserved ones that no ENI uses. */
  private static String freeAddress(AccountState state, Subnet subnet) {
    Set<String> used = new HashSet<>();
    for (NetworkInterface eni : state.networkInterfaces) {
      used.add(eni.privateIpAddress);
      used.addAll(eni.secondaryPrivateIpAddresses);
    }
    int slash = subnet.cidrBlock.indexOf('/');
    int base = InetAddresses.coerceToInteger(InetAddresses.forString(subnet.cidrBlock.substring(0, slash)));
    int size = 1 << (32 - Integer.parseInt(subnet.cidrBlock.substring(slash + 1)));
    for (int offset = RESERVED_HOSTS; offset < size - 1; offset++) {
      Inet4Address candidate = InetAddresses.fromInteger(base + offset);
      String text = candidate.getHostAddress();
      if (!used.contains(text)) {
        return text;
      }
    }
    throw AwsError.badRequest(
        "InsufficientFreeAddressesInSubnet", "The subnet '" + subnet.subnetId + "' has no free addresses.");
  }
}
