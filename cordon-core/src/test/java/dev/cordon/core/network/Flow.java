package dev.cordon.core.network;

import dev.cordon.core.flowlogs.FlowRecord;
import dev.cordon.core.intel.ThreatIntel;
import dev.cordon.core.scope.Scope;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds flow-log records for the network tests; unset fields are absent as in a v2 record. */
final class Flow {
  static final String INSTANCE = "i-0abc1234def567890";
  static final String ENI = "eni-0aaa1111bbbb2222c";
  static final String NAT_ENI = "eni-0nat0000000000001";
  static final String LOCAL = "10.0.1.5";
  static final String NAT_PRIVATE = "10.0.0.220";
  static final long T0 = 1_700_000_000L;

  String interfaceId = ENI;
  String instanceId;
  String src;
  String dst;
  String pktSrc;
  String pktDst;
  int srcPort;
  int dstPort;
  int protocol = 6;
  long packets = 1;
  long bytes;
  long start;
  long end;
  String action = "ACCEPT";
  String logStatus = "OK";
  int tcpFlags = FlowRecord.ABSENT;
  String dstService;
  String srcService;
  String direction;

  static Flow of(String src, int srcPort, String dst, int dstPort, long start, long bytes) {
    Flow flow = new Flow();
    flow.src = src;
    flow.srcPort = srcPort;
    flow.dst = dst;
    flow.dstPort = dstPort;
    flow.start = start;
    flow.end = start + 2;
    flow.bytes = bytes;
    flow.packets = Math.max(1, bytes / 500);
    return flow;
  }

  Flow on(String eni) {
    interfaceId = eni;
    return this;
  }

  Flow instance(String id) {
    instanceId = id;
    return this;
  }

  Flow packet(String source, String destination) {
    pktSrc = source;
    pktDst = destination;
    return this;
  }

  Flow flags(int flags) {
    tcpFlags = flags;
    return this;
  }

  Flow end(long value) {
    end = value;
    return this;
  }

  Flow rejected() {
    action = "REJECT";
    return this;
  }

  Flow toService(String name) {
    dstService = name;
    return this;
  }

  Flow fromService(String name) {
    srcService = name;
    return this;
  }

  Flow direction(String value) {
    direction = value;
    return this;
  }

  Flow protocol(int value) {
    protocol = value;
    return this;
  }

  FlowRecord build() {
    return new FlowRecord(5, "123456789012", interfaceId, src, dst, srcPort, dstPort, protocol,
        packets, bytes, start, end, action, logStatus, null, null, instanceId, tcpFlags, null,
        pktSrc, pktDst, null, null, srcService, dstService, direction, FlowRecord.ABSENT,
        Map.of(), "test");
  }

  static Scope scope(Set<String> flagged) {
    return new Scope(INSTANCE, null, Set.of(ENI), Set.of(LOCAL), Set.of(), flagged, null,
        Set.of(), null, null);
  }

  static ThreatIntel intel(String bad, String source) {
    return new ThreatIntel() {
      @Override
      public Optional<Match> match(String canonicalIp) {
        return bad.equals(canonicalIp)
            ? Optional.of(new Match(bad, source, "C2 server")) : Optional.empty();
      }

      @Override
      public int size() {
        return 1;
      }
    };
  }

  static ThreatIntel noIntel() {
    return intel("192.0.2.255", "none");
  }
}
