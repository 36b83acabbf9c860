package dev.cordon.core.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * Converts SDK model objects to JSON through their field metadata, with the API's member names,
 * so evidence files read like the AWS CLI's output.
 */
final class SdkJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SdkJson() {}

  static JsonNode toJson(Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    if (value instanceof SdkPojo pojo) {
      ObjectNode object = NODES.objectNode();
      for (SdkField<?> field : pojo.sdkFields()) {
        Object member = field.getValueOrDefault(pojo);
        if (member != null && !isEmptyAutoCollection(member)) {
          object.set(field.memberName(), toJson(member));
        }
      }
      return object;
    }
    if (value instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      items.forEach(item -> array.add(toJson(item)));
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((key, member) -> object.set(String.valueOf(key), toJson(member)));
      return object;
    }
    if (value instanceof Boolean flag) {
      return NODES.booleanNode(flag);
    }
    if (value instanceof Integer number) {
      return NODES.numberNode(number);
    }
    if (value instanceof Long number) {
      return NODES.numberNode(number);
    }
    if (value instanceof SdkBytes bytes) {
      return NODES.binaryNode(bytes.asByteArray());
    }
    return NODES.textNode(value.toString());
  }

  /** The SDK returns unset lists as empty auto-construct lists; they carry no information. */
  private static boolean isEmptyAutoCollection(Object member) {
    return member instanceof Collection<?> items && items.isEmpty();
  }
}
