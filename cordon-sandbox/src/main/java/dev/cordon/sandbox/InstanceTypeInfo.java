package dev.cordon.sandbox;

import java.util.List;

/**
 * The parts of an instance type's description that the sandbox serves: memory and instance
 * storage. A scenario may list types to add to or replace the built-in ones.
 */
final class InstanceTypeInfo {
  String instanceType;
  long memoryMiB;
  /** Total instance-store size in GB, or 0 when the type has none. */
  long instanceStorageGb;

  InstanceTypeInfo() {}

  private InstanceTypeInfo(String instanceType, long memoryMiB, long instanceStorageGb) {
    this.instanceType = instanceType;
    this.memoryMiB = memoryMiB;
    this.instanceStorageGb = instanceStorageGb;
  }

  /** Instance types every sandbox serves, with the figures EC2 publishes for them. */
  static final List<InstanceTypeInfo> BUILT_IN = List.of(
      new InstanceTypeInfo("t3.micro", 1024, 0),
      new InstanceTypeInfo("t3.medium", 4096, 0),
      new InstanceTypeInfo("m5.large", 8192, 0),
      new InstanceTypeInfo("m5.xlarge", 16384, 0),
      new InstanceTypeInfo("m5d.large", 8192, 75),
      new InstanceTypeInfo("c5.xlarge", 8192, 0),
      new InstanceTypeInfo("i3.large", 15616, 475));
}
