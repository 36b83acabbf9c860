package dev.cordon.core.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One CloudTrail record, with the fields the analysis uses lifted out and the whole record kept for
 * rules that look at any field. Strings are {@code null} when the record lacks them.
 *
 * @param sourceIpAddress an IP address, an AWS service name such as {@code ec2.amazonaws.com}, or
 *     {@code AWS Internal}
 * @param identityType {@code userIdentity.type}, such as {@code AssumedRole} or {@code IAMUser}
 * @param sessionIssuerArn {@code userIdentity.sessionContext.sessionIssuer.arn}, the role behind an
 *     assumed-role session
 * @param requestParameters {@code null} or a JSON node; may be huge
 * @param responseElements {@code null} or a JSON node; may be huge
 * @param raw the whole record as read
 * @param source the file (and line or record index) it came from
 */
public record CloudTrailEvent(
    Instant eventTime,
    String eventId,
    String eventName,
    String eventSource,
    String awsRegion,
    String sourceIpAddress,
    String userAgent,
    String errorCode,
    String errorMessage,
    String identityType,
    String principalArn,
    String principalId,
    String accessKeyId,
    String userName,
    String sessionIssuerArn,
    String recipientAccountId,
    Boolean readOnly,
    JsonNode requestParameters,
    JsonNode responseElements,
    JsonNode raw,
    String source) {

  public boolean failed() {
    return errorCode != null && !errorCode.isEmpty();
  }
}
