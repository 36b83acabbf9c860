package dev.cordon.core.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/** Writes the demo's threat intel: a plain-text block list and a STIX 2.1 bundle. */
final class DemoIntel {
  static final String BLOCKLIST = """
      # Command-and-control block list for the Cordon demo.
      # One address or CIDR range per line; '#' starts a comment.
      # Every entry is in a documentation range (RFC 5737, RFC 3849).

      203.0.113.100
      203.0.113.224/27     # bulletproof hosting range
      192.0.2.128/26
      2001:db8:bad::/48
      2001:db8:c2:1::17
      """;

  private DemoIntel() {}

  static List<Path> write(Path directory, SplittableRandom random) throws IOException {
    Path blocklist = directory.resolve("c2-blocklist.txt");
    DemoFiles.write(blocklist, BLOCKLIST.getBytes(StandardCharsets.UTF_8), false);
    Path stix = directory.resolve("feed.stix.json");
    DemoFiles.write(stix, DemoCloudTrail.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(bundle(random)),
        false);
    return List.of(blocklist, stix);
  }

  private static ObjectNode bundle(SplittableRandom random) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    String identity = "identity--" + DemoFiles.uuid(random);
    ObjectNode bundle = nodes.objectNode();
    bundle.put("type", "bundle");
    bundle.put("id", "bundle--" + DemoFiles.uuid(random));
    ArrayNode objects = bundle.putArray("objects");

    ObjectNode source = objects.addObject();
    source.put("type", "identity");
    source.put("spec_version", "2.1");
    source.put("id", identity);
    source.put("created", "2024-01-10T09:00:00.000Z");
    source.put("modified", "2024-01-10T09:00:00.000Z");
    source.put("name", "Cordon demo threat feed");
    source.put("identity_class", "organization");

    indicator(objects, random, identity, "Order-service C2 server", "[ipv4-addr:value = '203.0.113.100']");
    indicator(objects, random, identity, "C2 IPv6 range", "[ipv6-addr:value = '" + DemoDataset.C2_IPV6_RANGE + "']");
    return bundle;
  }

  private static void indicator(ArrayNode objects, SplittableRandom random, String identity, String name,
      String pattern) {
    ObjectNode indicator = objects.addObject();
    indicator.put("type", "indicator");
    indicator.put("spec_version", "2.1");
    indicator.put("id", "indicator--" + DemoFiles.uuid(random));
    indicator.put("created_by_ref", identity);
    indicator.put("created", "2024-01-10T09:00:00.000Z");
    indicator.put("modified", "2024-01-10T09:00:00.000Z");
    indicator.put("name", name);
    indicator.putArray("indicator_types").add("malicious-activity");
    indicator.put("pattern", pattern);
    indicator.put("pattern_type", "stix");
    indicator.put("valid_from", "2024-01-10T09:00:00Z");
  }
}
