package dev.cordon.core.flowlogs;

import dev.cordon.core.input.UsageException;
import dev.cordon.core.net.IpAddresses;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Scope of a flow-log scan: a record is in scope when any of the named fields holds one of the
 * values. The scanner tests the fields on the raw bytes of each line before parsing it, so a scan
 * with a filter skips the cost of building records outside it.
 *
 * <p>Only the fields that name an interface, an instance or an address can be filtered on: {@code
 * interface-id}, {@code instance-id}, {@code srcaddr}, {@code dstaddr}, {@code pkt-srcaddr} and
 * {@code pkt-dstaddr}. Address values are compared in canonical form ({@link
 * IpAddresses#canonical}), so {@code 2001:DB8::1} matches a log that writes {@code 2001:db8::1}.
 * A file whose format lacks every named field has no record in scope.
 */
public final class FlowRecordFilter {
  private static final FlowRecordFilter ALL = new FlowRecordFilter(Map.of());

  /** Values by {@link FlowFields} slot; empty means every record is in scope. */
  private final Map<Integer, Set<String>> valuesBySlot;

  private FlowRecordFilter(Map<Integer, Set<String>> valuesBySlot) {
    this.valuesBySlot = valuesBySlot;
  }

  /** Returns the filter that keeps every record. */
  public static FlowRecordFilter all() {
    return ALL;
  }

  /**
   * Returns a filter that keeps the records where any of {@code fieldNames} contains any of {@code
   * values}. Values that are not address literals are kept as given for address fields too, and
   * then match nothing.
   *
   * @throws UsageException when a field name cannot be filtered on, or either collection is empty
   */
  public static FlowRecordFilter matchAny(Collection<String> fieldNames, Collection<String> values) {
    if (fieldNames.isEmpty() || values.isEmpty()) {
      throw new UsageException("a flow-log filter needs at least one field and one value, got fields "
          + fieldNames + " and values " + values);
    }
    Map<Integer, Set<String>> bySlot = new LinkedHashMap<>();
    for (String name : fieldNames) {
      int slot = FlowFields.slotOf(FlowFields.normalize(name));
      if (!isFilterable(slot)) {
        throw new UsageException("cannot filter flow logs on '" + name + "'; use interface-id,"
            + " instance-id, srcaddr, dstaddr, pkt-srcaddr or pkt-dstaddr");
      }
      Set<String> set = bySlot.computeIfAbsent(slot, s -> new HashSet<>());
      for (String value : values) {
        set.add(isAddressSlot(slot) ? canonicalOrSelf(value) : value);
      }
    }
    return new FlowRecordFilter(freeze(bySlot));
  }

  /** Returns a filter that keeps the records either filter keeps; {@link #all()} absorbs the other. */
  public FlowRecordFilter or(FlowRecordFilter other) {
    if (keepsAll() || other.keepsAll()) {
      return ALL;
    }
    Map<Integer, Set<String>> merged = new LinkedHashMap<>();
    for (Map<Integer, Set<String>> side : java.util.List.of(valuesBySlot, other.valuesBySlot)) {
      side.forEach((slot, values) -> merged.computeIfAbsent(slot, s -> new HashSet<>()).addAll(values));
    }
    return new FlowRecordFilter(freeze(merged));
  }

  /** Returns whether every record is in scope, so no line needs a test. */
  public boolean keepsAll() {
    return valuesBySlot.isEmpty();
  }

  /** Tests a parsed record; the byte-level test of the scanner never keeps less than this. */
  public boolean test(FlowRecord record) {
    if (keepsAll()) {
      return true;
    }
    for (Map.Entry<Integer, Set<String>> entry : valuesBySlot.entrySet()) {
      String value = valueOf(record, entry.getKey());
      if (value != null && entry.getValue().contains(value)) {
        return true;
      }
    }
    return false;
  }

  /** Returns the values for a slot, empty when the slot is not filtered on. */
  Set<String> valuesFor(int slot) {
    return valuesBySlot.getOrDefault(slot, Set.of());
  }

  Set<Integer> slots() {
    return valuesBySlot.keySet();
  }

  @Override
  public String toString() {
    return keepsAll() ? "FlowRecordFilter[all]" : "FlowRecordFilter" + valuesBySlot;
  }

  static boolean isAddressSlot(int slot) {
    return slot == FlowFields.SRCADDR || slot == FlowFields.DSTADDR
        || slot == FlowFields.PKT_SRCADDR || slot == FlowFields.PKT_DSTADDR;
  }

  private static boolean isFilterable(int slot) {
    return isAddressSlot(slot) || slot == FlowFields.INTERFACE_ID || slot == FlowFields.INSTANCE_ID;
  }

  private static String canonicalOrSelf(String value) {
    String canonical = IpAddresses.canonical(value);
    return canonical != null ? canonical : value;
  }

  private static String valueOf(FlowRecord record, int slot) {
    switch (slot) {
      case FlowFields.INTERFACE_ID:
        return record.interfaceId();
      case FlowFields.INSTANCE_ID:
        return record.instanceId();
      case FlowFields.SRCADDR:
        return record.srcAddr();
      case FlowFields.DSTADDR:
        return record.dstAddr();
      case FlowFields.PKT_SRCADDR:
        return record.pktSrcAddr();
      case FlowFields.PKT_DSTADDR:
        return record.pktDstAddr();
      default:
        return null;
    }
  }

  private static Map<Integer, Set<String>> freeze(Map<Integer, Set<String>> bySlot) {
    Map<Integer, Set<String>> frozen = new LinkedHashMap<>();
    bySlot.forEach((slot, values) -> frozen.put(slot, Set.copyOf(values)));
    return Collections.unmodifiableMap(frozen);
  }
}
