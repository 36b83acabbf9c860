package dev.cordon.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyConditionsTest {
  /**
   * One operator on one key: context values and policy values are '|'-separated, and an empty
   * context column means the key is missing from the request.
   */
  @ParameterizedTest(name = "{0} {1} vs {2} -> {3}")
  @CsvSource(delimiter = ';', nullValues = "MISSING", value = {
      // String family; several policy values are ORed, and ORed then negated for Not operators.
      "StringEquals;              a;                 b|a;                      true",
      "StringEquals;              A;                 a;                        false",
      "StringEqualsIgnoreCase;    A;                 a;                        true",
      "StringNotEquals;           a;                 b|c;                      true",
      "StringNotEquals;           a;                 b|a;                      false",
      "StringLike;                prod/db-password;  prod/*;                   true",
      "StringLike;                prod/d;            prod/d?;                  false",
      "StringNotLike;             dev/db;            prod/*;                   true",
      // Missing keys: false for positive operators, true for negated ones, IfExists and ForAllValues.
      "StringEquals;              MISSING;           a;                        false",
      "StringNotEquals;           MISSING;           a;                        true",
      "StringEqualsIfExists;      MISSING;           a;                        true",
      "StringEqualsIfExists;      b;                 a;                        false",
      "ForAllValues:StringEquals; MISSING;           a;                        true",
      "ForAnyValue:StringEquals;  MISSING;           a;                        false",
      "ForAnyValue:StringNotEquals; MISSING;         a;                        false",
      // Multi-valued context keys.
      "ForAnyValue:StringEquals;  x|a;               a;                        true",
      "ForAllValues:StringEquals; x|a;               a;                        false",
      "ForAllValues:StringEquals; a|b;               a|b|c;                    true",
      // ARNs match part by part, so a wildcard in the region stops at its colon.
      "ArnEquals;                 arn:aws:ec2:us-east-1:123456789012:instance/i-1; arn:aws:ec2:*:*:instance/i-1; true",
      "ArnLike;                   arn:aws:ec2:us-east-1:123456789012:instance/i-1; arn:aws:ec2:us-*;              false",
      "ArnNotLike;                arn:aws:ec2:us-east-1:123456789012:instance/i-1; arn:aws:ec2:*:*:instance/i-2; true",
      // Dates: ISO 8601 with or without offset, a plain date, epoch seconds (1705288800 is 2024-01-15T03:20:00Z).
      "DateLessThan;              2024-01-15T03:19:59Z; 2024-01-15T03:20:00Z;    true",
      "DateLessThan;              2024-01-15T03:20:00Z; 2024-01-15T03:20:00Z;    false",
      "DateLessThanEquals;        2024-01-15T03:20:00Z; 2024-01-15T04:20:00+01:00; true",
      "DateGreaterThan;           2024-01-15T03:20:01Z; 1705288800;              true",
      "DateGreaterThanEquals;     2024-01-14T23:59:59Z; 2024-01-15;              false",
      "DateLessThan;              2024-01-15T03:20:00Z; not-a-date;              false",
      "DateNotEquals;             2024-01-15T03:20:00Z; 2024-01-15T03:20:00.000Z; false",
      "NumericLessThan;           9;                 10;                       true",
      "Bool;                      false;             false;                    true",
      "Bool;                      FALSE;             true;                     false",
      // Addresses: a bare address is a /32, IPv6 blocks work, families never match each other.
      "IpAddress;                 203.0.113.100;     203.0.113.0/24;           true",
      "IpAddress;                 203.0.113.100;     203.0.113.100;            true",
      "IpAddress;                 2001:db8::1;       2001:db8::/32;            true",
      "NotIpAddress;              127.0.0.1;         10.0.0.0/8|192.0.2.0/24;  true",
      "NotIpAddress;              10.0.1.55;         10.0.0.0/8|192.0.2.0/24;  false",
      "NotIpAddressIfExists;      MISSING;           10.0.0.0/8;               true",
      "IpAddress;                 ::ffff:1;          0.0.0.0/0;                false",
      // Null checks whether the key is missing.
      "Null;                      MISSING;           true;                     true",
      "Null;                      a;                 true;                     false",
      "Null;                      a;                 false;                    true"})
  void holds_operatorTable_matchesIam(String operator, String actual, String expected, boolean holds) {
    List<String> context = actual == null ? List.of() : Arrays.asList(actual.split("\\|"));

    assertThat(PolicyConditions.holds(operator, context, Arrays.asList(expected.split("\\|")))).isEqualTo(holds);
  }

  @Test
  void holds_severalKeysAndOperators_joinedWithAnd() throws Exception {
    JsonNode condition = Scenario.MAPPER.readTree(
        "{\"StringEquals\":{\"aws:userid\":\"AROA1:i-1\",\"aws:PrincipalArn\":\"arn:aws:iam::1:role/r\"},"
            + "\"Bool\":{\"aws:SecureTransport\":\"false\"}}");
    Map<String, List<String>> context = Map.of(
        "aws:userid", List.of("AROA1:i-1"),
        "aws:principalarn", List.of("arn:aws:iam::1:role/r"),
        "aws:securetransport", List.of("false"));

    assertThat(PolicyConditions.holds(condition, context)).isTrue();
    assertThat(PolicyConditions.holds(condition, Map.of("aws:userid", List.of("AROA1:i-1")))).isFalse();
  }

  @Test
  void holds_unknownSetOperator_isRejected() {
    assertThatThrownBy(() -> PolicyConditions.holds("ForSomeValues:StringEquals", List.of("a"), List.of("a")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ForSomeValues");
  }
}
