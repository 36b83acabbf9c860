package dev.cordon.core.network;

import dev.cordon.core.flowlogs.FlowRecord;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Pass 0 of the network analysis: finds the suspect's interfaces and addresses in the flow logs'
 * {@code instance-id} field, so the scope also covers ENIs and addresses that the finding did not
 * name. Feed it every record, then widen the scope with {@link
 * dev.cordon.core.scope.Scope#withDiscovered}.
 *
 * <p>The interface's own address is the ENI side of each record: {@code srcaddr} of egress and
 * {@code dstaddr} of ingress records. Where {@code pkt-srcaddr} or {@code pkt-dstaddr} differs from
 * it on that side, it is a secondary address of the instance. Without {@code flow-direction}, the
 * ENI address is the one present in every record of the interface; when two private addresses tie
 * (all records between the same two hosts), neither is taken. Not thread-safe.
 */
public final class ScopeDiscovery {
  private static final int MAX_SECONDARY_CANDIDATES = 64;

  private final String instanceId;
  private final Set<String> interfaceIds = new LinkedHashSet<>();
  private final Set<String> addresses = new LinkedHashSet<>();
  private final Map<String, InterfaceEvidence> undirected = new HashMap<>();

  public ScopeDiscovery(String instanceId) {
    this.instanceId = Objects.requireNonNull(instanceId, "instanceId");
  }

  public void accept(FlowRecord record) {
    if (record == null || !instanceId.equals(record.instanceId())) {
      return;
    }
    if (record.interfaceId() != null) {
      interfaceIds.add(record.interfaceId());
    }
    String direction = record.flowDirection();
    if ("egress".equals(direction)) {
      addSide(record.srcAddr(), record.pktSrcAddr());
    } else if ("ingress".equals(direction)) {
      addSide(record.dstAddr(), record.pktDstAddr());
    } else if (record.interfaceId() != null && record.srcAddr() != null
        && record.dstAddr() != null) {
      undirected.computeIfAbsent(record.interfaceId(), id -> new InterfaceEvidence()).add(record);
    }
  }

  public Set<String> interfaceIds() {
    return Set.copyOf(interfaceIds);
  }

  /** Returns the addresses found so far, including those inferred from records without direction. */
  public Set<String> addresses() {
    Set<String> all = new LinkedHashSet<>(addresses);
    for (InterfaceEvidence evidence : undirected.values()) {
      String address = evidence.interfaceAddress();
      if (address != null) {
        all.add(address);
        all.addAll(evidence.secondaries(address));
      }
    }
    return Set.copyOf(all);
  }

  private void addSide(String plain, String packet) {
    if (plain != null) {
      addresses.add(plain);
    }
    if (packet != null) {
      addresses.add(packet);
    }
  }

  /** Addresses seen on every record of one interface, and packet addresses that differed. */
  private static final class InterfaceEvidence {
    private Set<String> common;
    private final Map<String, Set<String>> packetAddresses = new HashMap<>();

    void add(FlowRecord record) {
      Set<String> pair = Set.of(record.srcAddr(), record.dstAddr());
      if (common == null) {
        common = new LinkedHashSet<>(pair);
      } else {
        common.retainAll(pair);
      }
      remember(record.srcAddr(), record.pktSrcAddr());
      remember(record.dstAddr(), record.pktDstAddr());
    }

    String interfaceAddress() {
      if (common == null || common.isEmpty()) {
        return null;
      }
      if (common.size() == 1) {
        return common.iterator().next();
      }
      String onlyPrivate = null;
      int privateCount = 0;
      for (String address : common) {
        if (!NetworkText.isPublic(address)) {
          onlyPrivate = address;
          privateCount++;
        }
      }
      return privateCount == 1 ? onlyPrivate : null;
    }

    Set<String> secondaries(String interfaceAddress) {
      return packetAddresses.getOrDefault(interfaceAddress, Set.of());
    }

    private void remember(String plain, String packet) {
      if (packet == null || packet.equals(plain)) {
        return;
      }
      Set<String> seen = packetAddresses.computeIfAbsent(plain, p -> new LinkedHashSet<>());
      if (seen.size() < MAX_SECONDARY_CANDIDATES) {
        seen.add(packet);
      }
    }
  }
}
