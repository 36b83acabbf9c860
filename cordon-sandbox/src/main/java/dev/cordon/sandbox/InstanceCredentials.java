package dev.cordon.sandbox;

import java.time.Instant;

/**
 * Temporary credentials of an instance's profile role, for tests that call the sandbox "from" that
 * instance. Build an SDK client with {@code AwsSessionCredentials.create(accessKeyId,
 * secretAccessKey, sessionToken)}.
 *
 * @param issuedAt scenario time of issue, compared by {@code aws:TokenIssueTime} conditions
 */
public record InstanceCredentials(
    String accessKeyId, String secretAccessKey, String sessionToken, String instanceId, Instant issuedAt) {}
