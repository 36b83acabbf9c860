package dev.cordon.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Decodes an {@code aws-chunked} request body: chunks of {@code HEX-SIZE[;chunk-signature=...]\r\n
 * DATA\r\n}, ending with a zero-size chunk that trailing headers (such as a checksum) may follow.
 * Chunk signatures and trailers are read and not checked, as the sandbox checks no signature.
 */
final class AwsChunked {
  private AwsChunked() {}

  /**
   * Returns the payload.
   *
   * @throws AwsError IncompleteBody when a chunk header is malformed or the body ends early
   */
  static byte[] decode(byte[] body) {
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    int position = 0;
    while (true) {
      int lineEnd = indexOfCrLf(body, position);
      if (lineEnd < 0) {
        throw incomplete("a chunk header has no CRLF at byte " + position);
      }
      String header = new String(body, position, lineEnd - position, StandardCharsets.US_ASCII);
      int semicolon = header.indexOf(';');
      String hexSize = (semicolon < 0 ? header : header.substring(0, semicolon)).trim();
      int size;
      try {
        size = Integer.parseInt(hexSize, 16);
      } catch (NumberFormatException e) {
        throw incomplete("invalid chunk size '" + hexSize + "' at byte " + position);
      }
      position = lineEnd + 2;
      if (size == 0) {
        return payload.toByteArray();
      }
      if (size < 0 || position + size > body.length) {
        throw incomplete("a chunk of " + size + " bytes runs past the end of the body");
      }
      payload.write(body, position, size);
      position += size + 2;
    }
  }

  private static int indexOfCrLf(byte[] body, int from) {
    for (int i = from; i + 1 < body.length; i++) {
      if (body[i] == '\r' && body[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static AwsError incomplete(String detail) {
    return AwsError.badRequest("IncompleteBody", "Malformed aws-chunked body: " + detail + ".");
  }
}
