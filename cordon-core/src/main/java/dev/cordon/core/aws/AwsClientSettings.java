package dev.cordon.core.aws;

import dev.cordon.core.input.UsageException;
import java.net.URI;
import java.util.regex.Pattern;

/**
 * Endpoint, region and identity that {@link AwsClientFactory} connects with.
 *
 * @param profile named profile from the shared AWS config files, or null for the default chain;
 *     ignored when {@code loopbackOnly} is set
 * @param region AWS region such as {@code us-east-1}; required when {@code loopbackOnly} is set,
 *     otherwise null lets the SDK resolve it
 * @param endpoint endpoint override for every client, or null for the service's own endpoint;
 *     required when {@code loopbackOnly} is set
 * @param loopbackOnly whether the factory may only reach a loopback endpoint with dummy
 *     credentials, as tests, the sandbox and the demo require
 * @param roleArn role to assume through STS AssumeRole before every call, or null to use the base
 *     credentials directly. Responders who work from a security account set it.
 */
public record AwsClientSettings(
    String profile, String region, URI endpoint, boolean loopbackOnly, String roleArn) {
  /** AWS region names: partition prefix, words, number (us-east-1, us-gov-west-1, cn-north-1). */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  /** IPv4 169.254.0.0/16 and IPv6 fe80::/10 literals, where the metadata service lives. */
  private static final Pattern LINK_LOCAL =
      Pattern.compile("^(169\\.254\\.|\\[?fe[89ab][0-9a-f]:)", Pattern.CASE_INSENSITIVE);

  /** Drops the {@code /} of an endpoint given as {@code http://host:port/}, which names the same endpoint. */
  public AwsClientSettings {
    if (endpoint != null && "/".equals(endpoint.getRawPath()) && endpoint.getRawQuery() == null
        && endpoint.getRawFragment() == null) {
      String text = endpoint.toString();
      endpoint = URI.create(text.substring(0, text.length() - 1));
    }
  }

  /**
   * Returns whether two endpoints, as recorded in an incident's files, are the same: both absent,
   * or equal but for a final {@code /}, which journals written before endpoints were trimmed keep.
   */
  public static boolean sameEndpoint(String recorded, String current) {
    if (recorded == null || current == null) {
      return recorded == null && current == null;
    }
    return trimSlash(recorded).equals(trimSlash(current));
  }

  private static String trimSlash(String endpoint) {
    return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
  }

  /** Settings without a role to assume. */
  public AwsClientSettings(String profile, String region, URI endpoint, boolean loopbackOnly) {
    this(profile, region, endpoint, loopbackOnly, null);
  }

  /** Region that loopback settings use unless another is given. */
  public static final String SANDBOX_REGION = "us-east-1";

  /** Returns loopback-only settings for {@code endpoint} in {@link #SANDBOX_REGION}. */
  public static AwsClientSettings loopback(URI endpoint) {
    return new AwsClientSettings(null, SANDBOX_REGION, endpoint, true);
  }

  /** Returns loopback-only settings for {@code endpoint} in {@code region}. */
  public static AwsClientSettings loopback(URI endpoint, String region) {
    return new AwsClientSettings(null, region, endpoint, true);
  }

  /**
   * Returns settings for command-line options. An endpoint on a loopback address selects
   * loopback-only mode (dummy credentials, no metadata look-ups, {@link #SANDBOX_REGION} unless a
   * region is given), because only the sandbox or a local emulator listens there; any other
   * endpoint, or none, uses the profile or the default credential chain against AWS.
   */
  public static AwsClientSettings fromOptions(String profile, String region, URI endpoint, String roleArn) {
    if (region != null && !REGION.matcher(region).matches()) {
      throw new UsageException("invalid --region '" + region + "': expected a region name such as"
          + " us-east-1 or eu-central-1");
    }
    if (endpoint != null && endpoint.getHost() != null
        && LINK_LOCAL.matcher(endpoint.getHost()).find()) {
      throw new UsageException("rejected --endpoint-url '" + endpoint + "': link-local addresses are"
          + " the instance metadata service's, never an AWS API endpoint");
    }
    boolean loopback = endpoint != null && endpoint.getHost() != null
        && LoopbackEndpoints.isLoopbackHost(endpoint.getHost());
    if (loopback) {
      return new AwsClientSettings(null, region == null ? SANDBOX_REGION : region, endpoint, true, roleArn);
    }
    return new AwsClientSettings(profile, region, endpoint, false, roleArn);
  }

  /** Returns these settings with {@code region} in place of theirs. */
  public AwsClientSettings withRegion(String region) {
    return new AwsClientSettings(profile, region, endpoint, loopbackOnly, roleArn);
  }

  /** Returns these settings with {@code roleArn} to assume, or without a role when null. */
  public AwsClientSettings withRole(String roleArn) {
    return new AwsClientSettings(profile, region, endpoint, loopbackOnly, roleArn);
  }
}
