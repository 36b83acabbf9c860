package dev.cordon.core.response;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * State of the instance before the first change, written once per incident so
 * {@code release} restores it even after several partial runs.
 *
 * @param disableApiTermination termination protection, or null when the endpoint does not serve
 *     DescribeInstanceAttribute, in which case release leaves it as it is
 * @param shutdownBehavior {@code stop} or {@code terminate}, or null when unknown, as above
 * @param securityGroups security group IDs per ENI ID
 * @param deleteOnTermination DeleteOnTermination per device name
 * @param volumeIds volume ID per device name
 * @param publicIps public address per ENI ID, for ENIs that have one
 * @param targetRegistrations target groups that routed to the instance
 * @param elasticIps Elastic IPs associated with its ENIs
 * @param accountId the AWS account the instance is in, so release refuses other accounts' credentials
 * @param region the region contain called, so release and a re-run refuse another region
 * @param endpoint the endpoint override contain called, or null for the AWS default endpoint; null
 *     also in states recorded before the region was, which have a null {@code region} too
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OriginalState(
    String instanceId,
    String recordedAt,
    Boolean disableApiTermination,
    String shutdownBehavior,
    Map<String, String> tags,
    Map<String, List<String>> securityGroups,
    Map<String, Boolean> deleteOnTermination,
    Map<String, String> volumeIds,
    Map<String, String> publicIps,
    String instanceProfileArn,
    String autoScalingGroup,
    List<Memberships.Registration> targetRegistrations,
    List<Memberships.ElasticIp> elasticIps,
    String accountId,
    String region,
    String endpoint) {}
