package dev.cordon.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** An Amazon Machine Image that RunInstances can launch. */
final class Image {
  String imageId;
  String name;
  String description;
  String ownerId;
  String state = "available";
  String creationDate;
  String architecture = "x86_64";
  String rootDeviceName = "/dev/xvda";
  String platformDetails = "Linux/UNIX";
  boolean isPublic;
  /** Size of the root volume an instance launched from the image gets, in GiB. */
  int rootVolumeSize = 8;
  Map<String, String> tags = new LinkedHashMap<>();
}
