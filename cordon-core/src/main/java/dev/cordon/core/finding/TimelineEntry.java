package dev.cordon.core.finding;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One moment in the merged timeline of flow logs, CloudTrail and GuardDuty.
 *
 * @param source {@code flowlogs}, {@code cloudtrail} or {@code guardduty}
 * @param findingId the finding this entry supports, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TimelineEntry(Instant time, String source, String summary, Severity severity, String findingId) {}
