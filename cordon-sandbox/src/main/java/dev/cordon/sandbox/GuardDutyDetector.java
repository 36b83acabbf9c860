package dev.cordon.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A GuardDuty detector and its findings. Findings are stored in GuardDuty's own JSON shape (the
 * REST API's camelCase members), so GetFindings returns them as stored and ListFindings filters
 * on their paths.
 */
final class GuardDutyDetector {
  String detectorId;
  /** ENABLED or DISABLED. */
  String status = "ENABLED";
  Instant createdAt;
  List<ObjectNode> findings = new ArrayList<>();
}
