package dev.cordon.core.flowlogs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the log events out of CloudWatch Logs JSON: {@code aws logs filter-log-events} and
 * {@code get-log-events} output ({@code events[]}), subscription envelopes ({@code logEvents[]}),
 * several such documents one after another, and bare event objects one per line. Only one event
 * is held at a time.
 */
final class CloudWatchEvents {
  private static final JsonFactory JSON = new JsonFactory();

  /** Receives each event in document order, numbered from 1. */
  interface Handler {
    void message(long event, String message);

    void missingMessage(long event);
  }

  /** Expected meaning of a JSON object. */
  private enum Role {
    /** A top-level object: an event when it has a message, else an envelope. */
    TOP,
    /** An element of {@code events} or {@code logEvents}: must have a message. */
    EVENT,
    /** Anything else; searched only for nested event arrays. */
    OTHER
  }

  private final Handler handler;
  private long events;

  private CloudWatchEvents(Handler handler) {
    this.handler = handler;
  }

  /** Reads every JSON value in {@code in}; stops with an exception at the first syntax error. */
  static void read(InputStream in, Handler handler) throws IOException {
    CloudWatchEvents reader = new CloudWatchEvents(handler);
    try (JsonParser parser = JSON.createParser(in)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        reader.readValue(parser, token, Role.TOP);
      }
    }
  }

  private void readValue(JsonParser parser, JsonToken token, Role role) throws IOException {
    if (token == JsonToken.START_OBJECT) {
      readObject(parser, role);
    } else if (token == JsonToken.START_ARRAY) {
      readArray(parser, role);
    }
  }

  private void readArray(JsonParser parser, Role elementRole) throws IOException {
    JsonToken token;
    while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
      if (token == null) {
        throw new EOFException("JSON ends inside an array");
      }
      readValue(parser, token, elementRole);
    }
  }

  private void readObject(JsonParser parser, Role role) throws IOException {
    String message = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("message".equals(name) && value == JsonToken.VALUE_STRING) {
        message = parser.getText();
      } else if (value == JsonToken.START_ARRAY) {
        boolean eventArray = "events".equals(name) || "logEvents".equals(name);
        readArray(parser, eventArray ? Role.EVENT : Role.OTHER);
      } else if (value == JsonToken.START_OBJECT) {
        readObject(parser, Role.OTHER);
      }
    }

    if (message != null && role != Role.OTHER) {
      handler.message(++events, message);
    } else if (role == Role.EVENT) {
      handler.missingMessage(++events);
    }
  }
}
