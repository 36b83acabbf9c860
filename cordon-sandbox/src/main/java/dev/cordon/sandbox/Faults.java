package dev.cordon.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Faults the sandbox injects so tests can exercise retries and waits: throttling, server errors
 * and latency per operation, a latency on every call, and eventual consistency for new security
 * groups. Every per-operation fault applies to a fixed number of calls and then expires, so a
 * test that retries always ends.
 *
 * <p>Set faults from a test, for example {@code sandbox.faults().on("ec2",
 * "ModifyNetworkInterfaceAttribute").throttle(2)} to fail the next two calls, or in the
 * scenario's {@code faults} object, which has the same fields as the state dump shows. Service
 * names are SigV4 signing names ({@code ec2}, {@code iam}, {@code sts}, {@code autoscaling},
 * {@code elasticloadbalancing}); the operation {@code *} matches every operation of the service.
 */
public final class Faults {
  static final Set<String> KINDS = Set.of("throttle", "serverError", "unavailable", "latency");

  /** Delay added to every call, in milliseconds. */
  long latencyMs;

  /** DescribeSecurityGroups calls for which a security group created from now on stays invisible. */
  int newSecurityGroupDescribeLag;

  /**
   * Pending per-operation faults. The list is replaced rather than modified, so a state dump can
   * iterate it while calls consume faults; only the remaining counts change in place.
   */
  volatile List<Rule> rules = new ArrayList<>();

  /** One fault on the next {@link #remaining} calls of an operation. */
  static final class Rule {
    String service;
    String operation;
    /** One of {@link #KINDS}. */
    String kind;
    int remaining;
    /** Delay of a {@code latency} rule, in milliseconds. */
    long latencyMs;
  }

  /** The outcome for one call: a delay to wait first, then an error to return, or none. */
  record Injection(long delayMs, AwsError error) {}

  /** Returns the faults of {@code operation} of {@code service}, to add to. */
  public Operation on(String service, String operation) {
    return new Operation(service, operation);
  }

  /** Delays every call by {@code millis} until changed; 0 turns it off. */
  public synchronized Faults latency(long millis) {
    requireNonNegative("latency", millis);
    latencyMs = millis;
    return this;
  }

  /**
   * Makes each security group created from now on invisible to the next {@code describeCalls}
   * DescribeSecurityGroups calls: absent from lists and InvalidGroup.NotFound by id, as a
   * read-after-write in EC2 can be. 0 turns it off.
   */
  public synchronized Faults hideNewSecurityGroups(int describeCalls) {
    requireNonNegative("describeCalls", describeCalls);
    newSecurityGroupDescribeLag = describeCalls;
    return this;
  }

  /** Removes every fault. */
  public synchronized Faults clear() {
    latencyMs = 0;
    newSecurityGroupDescribeLag = 0;
    rules = new ArrayList<>();
    return this;
  }

  /** Returns how many calls the pending faults of {@code service} {@code operation} still affect. */
  public synchronized int remaining(String service, String operation) {
    return rules.stream()
        .filter(rule -> rule.service.equals(service) && rule.operation.equals(operation))
        .mapToInt(rule -> rule.remaining)
        .sum();
  }

  /** Faults of one operation. */
  public final class Operation {
    private final String service;
    private final String operation;

    private Operation(String service, String operation) {
      if (service == null || service.isBlank() || operation == null || operation.isBlank()) {
        throw new IllegalArgumentException("A fault needs a service signing name and an operation name (or *).");
      }
      this.service = service;
      this.operation = operation;
    }

    /**
     * Fails the next {@code calls} calls with throttling: EC2's RequestLimitExceeded (HTTP 503)
     * or the query services' Throttling (HTTP 400).
     */
    public Operation throttle(int calls) {
      return add("throttle", calls, 0);
    }

    /** Fails the next {@code calls} calls with InternalError (HTTP 500). */
    public Operation serverError(int calls) {
      return add("serverError", calls, 0);
    }

    /** Fails the next {@code calls} calls with ServiceUnavailable (HTTP 503). */
    public Operation unavailable(int calls) {
      return add("unavailable", calls, 0);
    }

    /** Delays the next {@code calls} calls by {@code millis} each, on top of the global latency. */
    public Operation latency(long millis, int calls) {
      requireNonNegative("latency", millis);
      return add("latency", calls, millis);
    }

    private Operation add(String kind, int calls, long millis) {
      if (calls < 1) {
        throw new IllegalArgumentException("Invalid fault count " + calls + ": a fault applies to at least 1 call.");
      }
      Rule rule = new Rule();
      rule.service = service;
      rule.operation = operation;
      rule.kind = kind;
      rule.remaining = calls;
      rule.latencyMs = millis;
      synchronized (Faults.this) {
        List<Rule> next = new ArrayList<>(rules);
        next.add(rule);
        rules = next;
      }
      return this;
    }
  }

  /**
   * Consumes the faults that apply to one call: every matching latency rule adds its delay, and
   * the first matching error rule supplies the error.
   */
  synchronized Injection next(String service, String operation) {
    long delay = latencyMs;
    AwsError error = null;
    boolean consumed = false;
    for (Rule rule : rules) {
      boolean matches =
          rule.remaining > 0
              && rule.service.equals(service)
              && (rule.operation.equals("*") || rule.operation.equals(operation));
      if (!matches) {
        continue;
      }
      if (rule.kind.equals("latency")) {
        delay += rule.latencyMs;
        rule.remaining--;
        consumed = true;
      } else if (error == null) {
        error = error(rule.kind, service);
        rule.remaining--;
        consumed = true;
      }
    }
    if (consumed) {
      List<Rule> next = new ArrayList<>(rules);
      next.removeIf(rule -> rule.remaining <= 0);
      rules = next;
    }
    return new Injection(delay, error);
  }

  /** Returns whether {@code rule} can be applied; used to validate scenarios. */
  static boolean isValid(Rule rule) {
    return rule.service != null
        && rule.operation != null
        && KINDS.contains(rule.kind)
        && rule.remaining > 0
        && rule.latencyMs >= 0;
  }

  private static AwsError error(String kind, String service) {
    switch (kind) {
      case "throttle":
        return service.equals("ec2")
            ? new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.")
            : new AwsError(400, "Throttling", "Rate exceeded");
      case "serverError":
        return new AwsError(500, "InternalError", "An internal error has occurred (injected by the sandbox).");
      default:
        return new AwsError(503, "ServiceUnavailable", "The service is unavailable (injected by the sandbox).");
    }
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException("Invalid " + name + " " + value + ": expected 0 or more.");
    }
  }
}
