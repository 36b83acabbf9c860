package dev.cordon.core.cloudtrail;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

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

  /** Time fields tried in order: CloudTrail's own, then names used by log pipelines that re-export records. */
  private static final String[] TIME_FIELDS = {"eventTime", "@timestamp", "timestamp", "EventTime"};

  /**
   * Maps one CloudTrail record to an event.
   *
   * @throws IllegalArgumentException when the record is not an object or has no readable time; the
   *     message names the value, so a reader can report it and skip the record
   */
  public static CloudTrailEvent fromRecord(JsonNode record, String source) {
    if (record == null || !record.isObject()) {
      throw new IllegalArgumentException("record is not a JSON object");
    }
    JsonNode identity = record.path("userIdentity");
    JsonNode issuer = identity.path("sessionContext").path("sessionIssuer");
    return new CloudTrailEvent(
        eventTime(record),
        text(record, "eventID"),
        text(record, "eventName"),
        text(record, "eventSource"),
        text(record, "awsRegion"),
        text(record, "sourceIPAddress"),
        text(record, "userAgent"),
        text(record, "errorCode"),
        text(record, "errorMessage"),
        text(identity, "type"),
        text(identity, "arn"),
        text(identity, "principalId"),
        text(identity, "accessKeyId"),
        text(identity, "userName"),
        text(issuer, "arn"),
        text(record, "recipientAccountId"),
        readOnly(record.get("readOnly")),
        objectOrNull(record.get("requestParameters")),
        objectOrNull(record.get("responseElements")),
        record,
        source);
  }

  private static Instant eventTime(JsonNode record) {
    for (String field : TIME_FIELDS) {
      JsonNode value = record.get(field);
      if (value == null || value.isNull()) {
        continue;
      }
      if (value.isNumber()) {
        long number = value.longValue();
        return number > 100_000_000_000L ? Instant.ofEpochMilli(number) : Instant.ofEpochSecond(number);
      }
      try {
        return parseTime(value.asText());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "invalid " + field + " '" + value.asText() + "': expected ISO 8601 UTC such as 2024-01-15T03:15:22Z", e);
      }
    }
    throw new IllegalArgumentException("record has no eventTime (nor @timestamp or timestamp)");
  }

  /**
   * Parses ISO 8601 with {@code Z} or an offset (the AWS CLI prints local offsets), or the
   * {@code 2024-01-15 03:15:22[.123]} form that SQL engines and some pipelines write, read as UTC
   * because they convert CloudTrail's UTC times without adding a zone.
   */
  private static Instant parseTime(String text) {
    String trimmed = text.trim();
    Instant canonical = parseCanonicalTime(trimmed);
    if (canonical != null) {
      return canonical;
    }
    if (trimmed.length() > 10 && trimmed.charAt(10) == ' ' && !hasZone(trimmed)) {
      return LocalDateTime.parse(trimmed.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
    }
    return Instant.parse(trimmed);
  }

  /**
   * Parses the form CloudTrail writes, {@code 2024-01-15T03:15:22Z}, by hand, because {@link
   * Instant#parse} cost about 0.1 s of CPU over the first 4,000 records of a scan while the JIT
   * compiled it (measured on OpenJDK 17). Returns null for any other text, and for fields out of
   * range, which {@link Instant#parse} then accepts or rejects with its usual message.
   */
  private static Instant parseCanonicalTime(String text) {
    if (text.length() != 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
        || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59
        || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second);
  }

  /** Returns the decimal value of {@code count} ASCII digits from {@code from}, or -1. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean hasZone(String text) {
    return text.endsWith("Z") || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10;
  }

  /** Reads {@code readOnly}, which CloudTrail writes as a boolean and some exports as "true" or "false". */
  private static Boolean readOnly(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    String text = value.asText();
    if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
      return Boolean.valueOf(text);
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      return null;
    }
    String text = value.asText();
    return text.isEmpty() ? null : text;
  }

  private static JsonNode objectOrNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }
}
