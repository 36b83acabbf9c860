package dev.cordon.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest, so it follows the Maven project version. */
final class VersionProvider implements IVersionProvider {
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version != null ? version : "development";
  }

  @Override
  public String[] getVersion() {
    return new String[] {"cordon " + version()};
  }
}
