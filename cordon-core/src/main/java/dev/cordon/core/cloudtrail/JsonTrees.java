package dev.cordon.core.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Builds a {@link JsonNode} tree from a streaming parser, equal to what {@code
 * ObjectMapper.readTree} builds with default settings: the same node types for numbers (int, long,
 * big integer, double), the last value of a repeated field name, the fields in file order.
 *
 * <p>It exists so that reading records does not first create an {@link
 * com.fasterxml.jackson.databind.ObjectMapper}, which costs about 100 ms of CPU when a command
 * starts (measured with Jackson 2.22 on OpenJDK 17), while a {@link JsonFactory} and this class
 * cost a few. Only JSON Lines and lookup-events strings still need a mapper.
 */
final class JsonTrees {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /**
   * Parses the JSON value in {@code content[offset, offset + length)}. Text after the value is
   * ignored, as {@code ObjectMapper.readTree} ignores it by default.
   *
   * @throws IOException when the text is not valid JSON, ends inside the value, or exceeds
   *     Jackson's default read limits; the message comes from the parser
   */
  static JsonNode read(byte[] content, int offset, int length) throws IOException {
    try (JsonParser parser = FACTORY.createParser(content, offset, length)) {
      JsonToken token = parser.nextToken();
      if (token == null) {
        throw new EOFException("no JSON value");
      }
      return readValue(parser, token);
    }
  }

  /** Returns a parser over {@code in}, which it closes when it is closed. */
  static JsonParser parser(InputStream in) throws IOException {
    return FACTORY.createParser(in);
  }

  /**
   * Reads the value that starts at the parser's current token, leaving the parser on its last
   * token, as {@code ObjectMapper.readTree(JsonParser)} does.
   */
  static JsonNode readValue(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new EOFException("no JSON value");
    }
    return readValue(parser, token);
  }

  /** Reads the value that starts at {@code token}, iteratively, so that deep nesting uses no stack. */
  private static JsonNode readValue(JsonParser parser, JsonToken token) throws IOException {
    if (!token.isStructStart()) {
      return scalar(parser, token);
    }
    Deque<ContainerNode<?>> open = new ArrayDeque<>();
    ContainerNode<?> root = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
    open.push(root);
    while (!open.isEmpty()) {
      ContainerNode<?> container = open.peek();
      String field = null;
      token = parser.nextToken();
      if (token == JsonToken.FIELD_NAME) {
        field = parser.currentName();
        token = parser.nextToken();
      }
      if (token == null) {
        throw new EOFException("JSON ends inside an " + (container.isObject() ? "object" : "array"));
      }
      if (token.isStructEnd()) {
        open.pop();
        continue;
      }

      JsonNode value;
      if (token.isStructStart()) {
        ContainerNode<?> child = token == JsonToken.START_OBJECT ? NODES.objectNode() : NODES.arrayNode();
        open.push(child);
        value = child;
      } else {
        value = scalar(parser, token);
      }
      if (container instanceof ObjectNode object) {
        object.set(field, value);
      } else {
        ((ArrayNode) container).add(value);
      }
    }
    return root;
  }

  private static JsonNode scalar(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        switch (parser.getNumberType()) {
          case INT:
            return NODES.numberNode(parser.getIntValue());
          case LONG:
            return NODES.numberNode(parser.getLongValue());
          default:
            return NODES.numberNode(parser.getBigIntegerValue());
        }
      case VALUE_NUMBER_FLOAT:
        if (parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
          return NODES.numberNode(parser.getDecimalValue());
        }
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("unexpected JSON token " + token);
    }
  }
}
