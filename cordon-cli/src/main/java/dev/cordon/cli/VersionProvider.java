package dev.cordon.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version from the jar's manifest, so it follows the Maven project version. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"cordon " + (version != null ? version : "development build")};
  }
}
