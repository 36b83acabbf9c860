package dev.cordon.cli;

import dev.cordon.core.aws.AwsClientFactory;
import dev.cordon.core.aws.AwsClientSettings;
import dev.cordon.core.input.UsageException;
import dev.cordon.core.response.Incidents;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options for the AWS account and the incident directory, shared by contain and release. */
final class AwsOptions {
  @Option(names = "--profile", paramLabel = "P", description = "Named profile from the shared AWS config files.")
  String profile;

  @Option(names = "--region", paramLabel = "R", description = "AWS region of the instance, such as us-east-1.")
  String region;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "Send every call to this URL. A loopback URL (the sandbox) uses dummy credentials.")
  String endpointUrl;

  @Option(names = "--role-arn", paramLabel = "ARN",
      description = "Assume this role in the affected account through STS before any call.")
  String roleArn;

  @Option(names = "--incident-dir", paramLabel = "DIR",
      description = "Directory of incident journals and evidence. Default: $$CORDON_INCIDENT_DIR, else ./incidents.")
  Path incidentDir;

  AwsClientFactory factory() {
    return new AwsClientFactory(AwsClientSettings.fromOptions(profile, region, endpoint(), roleArn));
  }

  Path incidentRoot() {
    return Incidents.directory(incidentDir, System.getenv());
  }

  private URI endpoint() {
    if (endpointUrl == null) {
      return null;
    }
    try {
      URI uri = new URI(endpointUrl);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new URISyntaxException(endpointUrl, "expected scheme://host[:port]");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException("Invalid --endpoint-url '" + endpointUrl + "': expected a URL such as"
          + " http://127.0.0.1:4566.");
    }
  }
}
