package dev.cordon.core.sigma;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cordon.core.input.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads Sigma rules for CloudTrail: Cordon's bundled pack from the jar, and users' rule files.
 * A rule that cannot be compiled is reported in {@link RuleLoadResult#skipped()} with the reason
 * and never stops the others from loading.
 */
public final class SigmaRules {
  private static final Logger log = LoggerFactory.getLogger(SigmaRules.class);
  /** The bundled rule files, one resource name a line, in the order they are tried. */
  private static final String PACK_INDEX = "/dev/cordon/rules/index.txt";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static volatile RuleLoadResult bundled;

  private SigmaRules() {}

  /**
   * Returns Cordon's bundled rule pack, compiled once per process.
   *
   * @throws IllegalStateException when the jar lacks the pack, which is a packaging error
   */
  public static RuleLoadResult bundled() {
    RuleLoadResult result = bundled;
    if (result == null) {
      result = loadPack();
      bundled = result;
    }
    return result;
  }

  /**
   * Loads every {@code .yml} and {@code .yaml} file under {@code path} (or the one file it
   * names), in path order.
   *
   * @throws UsageException when the path does not exist or cannot be listed
   */
  public static RuleLoadResult load(Path path) {
    if (!Files.exists(path)) {
      throw new UsageException("Rules path not found: " + path
          + ". Pass a directory of Sigma .yml rules or one rule file.");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(path)) {
      files = walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UsageException("Failed to list rules under " + path + ": " + e.getMessage());
    }

    RuleLoadResult result = new RuleLoadResult(List.of(), List.of());
    for (Path file : files) {
      try {
        result = result.plus(parse(Files.readString(file, StandardCharsets.UTF_8),
            file.toString()));
      } catch (IOException e) {
        result = result.plus(skip(file.toString(), null, "unreadable file: " + e.getMessage()));
      }
    }
    log.info("Loaded {} Sigma rules from {}; skipped {}", result.loaded().size(), path,
        result.skipped().size());
    return result;
  }

  /**
   * Compiles the rules in one YAML text. A text with several documents yields one rule per
   * document, each named by its {@code name} attribute or by the source and document index.
   *
   * @param source the file or resource name, used in skip reasons and as the default rule name
   */
  public static RuleLoadResult parse(String yaml, String source) {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = YAML.createParser(yaml);
        MappingIterator<JsonNode> it = YAML.readValues(parser, JsonNode.class)) {
      while (it.hasNext()) {
        documents.add(it.next());
      }
    } catch (IOException | RuntimeException e) {
      return skip(source, null, "invalid YAML: " + firstLine(e.getMessage()));
    }

    List<SigmaRule> loaded = new ArrayList<>();
    List<RuleLoadResult.SkippedRule> skipped = new ArrayList<>();
    String stem = stem(source);
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      String where = documents.size() == 1 ? source : source + " document " + (i + 1);
      String name = documents.size() == 1 ? stem : stem + "-" + (i + 1);
      try {
        loaded.add(RuleCompiler.compile(document, where, name));
      } catch (UnsupportedRuleException e) {
        String title = document == null ? null : document.path("title").asText(null);
        skipped.add(new RuleLoadResult.SkippedRule(where, title, e.getMessage()));
        log.warn("Skipped Sigma rule {} ({}): {}", where, title, e.getMessage());
      }
    }
    return new RuleLoadResult(loaded, skipped);
  }

  private static RuleLoadResult loadPack() {
    List<String> names = new ArrayList<>();
    try (InputStream index = SigmaRules.class.getResourceAsStream(PACK_INDEX)) {
      if (index == null) {
        throw new IllegalStateException("Rule pack index " + PACK_INDEX + " missing from jar");
      }
      new String(index.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .forEach(names::add);
    } catch (IOException e) {
      throw new IllegalStateException("Failed to read rule pack index " + PACK_INDEX, e);
    }

    RuleLoadResult result = new RuleLoadResult(List.of(), List.of());
    for (String name : names) {
      String resource = "/dev/cordon/rules/" + name;
      try (InputStream in = SigmaRules.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("Rule " + resource + " listed in the index is missing");
        }
        result = result.plus(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name));
      } catch (IOException e) {
        throw new IllegalStateException("Failed to read rule " + resource, e);
      }
    }
    return result;
  }

  private static RuleLoadResult skip(String source, String title, String reason) {
    log.warn("Skipped Sigma rules in {}: {}", source, reason);
    return new RuleLoadResult(List.of(),
        List.of(new RuleLoadResult.SkippedRule(source, title, reason)));
  }

  private static String stem(String source) {
    String file = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    int dot = file.lastIndexOf('.');
    return dot > 0 ? file.substring(0, dot) : file;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
