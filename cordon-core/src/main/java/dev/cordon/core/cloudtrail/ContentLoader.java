package dev.cordon.core.cloudtrail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Loads a whole file into memory, decompressed when it starts with the gzip magic bytes 1f 8b, into
 * buffers that one thread reuses from file to file: thousands of small S3 log files would otherwise
 * allocate a buffer each. The buffers grow to the largest file the thread has loaded, and {@link
 * #releaseLargeBuffers} drops them after a file past {@value #MAX_KEPT_BYTES} bytes.
 *
 * <p>Gzip is inflated with {@link Inflater} straight into the output array, which saves the copy
 * and the small reads of {@link java.util.zip.GZIPInputStream}, and accepts what that stream
 * accepts: concatenated members, optional header fields, and bytes after the last member that do
 * not start a valid member, which are ignored. Each member's CRC-32 and size are checked. Any
 * damage makes {@link #load} return -1, so the caller reads the file with its streaming reader,
 * which keeps the records before the damage and reports it.
 */
final class ContentLoader {
  private static final ThreadLocal<ContentLoader> PER_THREAD = ThreadLocal.withInitial(ContentLoader::new);
  private static final int FIRST_OUTPUT_BYTES = 1 << 20;
  private static final int FIRST_INPUT_BYTES = 64 * 1024;
  /**
   * Largest buffer kept between files. CloudTrail delivers a log file about every 5 minutes per
   * account and region, so its files are usually far smaller.
   */
  private static final int MAX_KEPT_BYTES = 16 << 20;
  private static final int GZIP_MAGIC = 0x8b1f;
  private static final int DEFLATE = 8;
  private static final int FLAG_HEADER_CRC = 2;
  private static final int FLAG_EXTRA = 4;
  private static final int FLAG_NAME = 8;
  private static final int FLAG_COMMENT = 16;
  private static final int TRAILER_BYTES = 8;

  private byte[] input = new byte[FIRST_INPUT_BYTES];
  private byte[] output = new byte[FIRST_OUTPUT_BYTES];
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  /** The buffer that contains the last loaded file: {@link #input} for a plain file, else {@link #output}. */
  private byte[] content = output;

  private ContentLoader() {}

  /** Returns the calling thread's loader. */
  static ContentLoader forThisThread() {
    return PER_THREAD.get();
  }

  /**
   * Loads {@code file} and returns its decompressed length, or -1 when it is longer than {@code
   * maxBytes} (compressed or not), is damaged gzip, or cannot be read. The bytes are in {@link
   * #content()} until the next call on this thread.
   */
  int load(Path file, int maxBytes) {
    int inputLength = readFile(file, maxBytes);
    if (inputLength < 0) {
      return -1;
    }
    if (inputLength < 2 || ((input[0] & 0xff) | (input[1] & 0xff) << 8) != GZIP_MAGIC) {
      content = input;
      return inputLength;
    }
    content = output;
    try {
      return inflateMembers(inputLength, maxBytes);
    } catch (DataFormatException e) {
      return -1;
    }
  }

  /**
   * Replaces a buffer larger than {@value #MAX_KEPT_BYTES} bytes with a small one, so that a thread
   * that once read a huge file does not keep its memory. Call it when done with {@link #content()}.
   */
  void releaseLargeBuffers() {
    if (input.length > MAX_KEPT_BYTES) {
      input = new byte[FIRST_INPUT_BYTES];
    }
    if (output.length > MAX_KEPT_BYTES) {
      output = new byte[FIRST_OUTPUT_BYTES];
    }
    content = output;
  }

  /** Returns the buffer that contains the last loaded file from offset 0. */
  byte[] content() {
    return content;
  }

  private int readFile(Path file, int maxBytes) {
    try (InputStream in = Files.newInputStream(file)) {
      int length = 0;
      while (true) {
        if (length == input.length) {
          if (length > maxBytes) {
            return -1;
          }
          input = Arrays.copyOf(input, grownLength(length, maxBytes));
        }
        int read = in.read(input, length, input.length - length);
        if (read < 0) {
          return length > maxBytes ? -1 : length;
        }
        length += read;
      }
    } catch (IOException e) {
      // The streaming reader opens the file again and reports the error with the file's name.
      return -1;
    }
  }

  /** Inflates every member into {@link #output}; returns the total length, or -1 as {@link #load} does. */
  private int inflateMembers(int inputLength, int maxBytes) throws DataFormatException {
    int position = 0;
    int length = 0;
    while (true) {
      int header = headerLength(position, inputLength);
      if (header < 0) {
        // After the first member, java.util.zip.GZIPInputStream ends the stream quietly here too.
        return position == 0 ? -1 : length;
      }
      int end = inflateMember(position + header, inputLength, length, maxBytes);
      if (end < 0) {
        return -1;
      }
      length = end;
      position = inputLength - inflater.getRemaining() + TRAILER_BYTES;
      if (position >= inputLength) {
        return length;
      }
    }
  }

  /**
   * Inflates the member whose compressed data starts at {@code from} to {@code output[start...]},
   * checks its trailer and returns the end of its output, or -1 when the data or the trailer is
   * damaged or the output would pass {@code maxBytes}.
   */
  private int inflateMember(int from, int inputLength, int start, int maxBytes) throws DataFormatException {
    inflater.reset();
    inflater.setInput(input, from, inputLength - from);
    int length = start;
    while (!inflater.finished()) {
      if (length == output.length) {
        if (length > maxBytes) {
          return -1;
        }
        output = Arrays.copyOf(output, grownLength(length, maxBytes));
        content = output;
      }
      int inflated = inflater.inflate(output, length, output.length - length);
      length += inflated;
      if (inflated == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
        return -1;
      }
    }

    int trailer = inputLength - inflater.getRemaining();
    if (length > maxBytes || trailer + TRAILER_BYTES > inputLength) {
      return -1;
    }
    crc.reset();
    crc.update(output, start, length - start);
    boolean crcMatches = (int) crc.getValue() == littleEndianInt(trailer);
    boolean sizeMatches = length - start == littleEndianInt(trailer + 4);
    return crcMatches && sizeMatches ? length : -1;
  }

  /**
   * Returns the length of the gzip member header at {@code position} (RFC 1952, section 2.3), or -1
   * when there is none: wrong magic bytes, a method other than deflate, a header cut short, or a
   * header CRC that does not match.
   */
  private int headerLength(int position, int inputLength) {
    int fixed = 10;
    if (inputLength - position < fixed
        || ((input[position] & 0xff) | (input[position + 1] & 0xff) << 8) != GZIP_MAGIC
        || input[position + 2] != DEFLATE) {
      return -1;
    }
    int flags = input[position + 3] & 0xff;
    int end = position + fixed;
    if ((flags & FLAG_EXTRA) != 0) {
      if (end + 2 > inputLength) {
        return -1;
      }
      end += 2 + ((input[end] & 0xff) | (input[end + 1] & 0xff) << 8);
    }
    if ((flags & FLAG_NAME) != 0) {
      end = afterZero(end, inputLength);
    }
    if ((flags & FLAG_COMMENT) != 0) {
      end = afterZero(end, inputLength);
    }
    if ((flags & FLAG_HEADER_CRC) != 0) {
      if (end < 0 || end + 2 > inputLength) {
        return -1;
      }
      crc.reset();
      crc.update(input, position, end - position);
      if (((int) crc.getValue() & 0xffff) != ((input[end] & 0xff) | (input[end + 1] & 0xff) << 8)) {
        return -1;
      }
      end += 2;
    }
    return end < 0 || end > inputLength ? -1 : end - position;
  }

  /** Returns a doubled buffer length, but no more than one byte past {@code maxBytes}, which proves a file too long. */
  private static int grownLength(int length, int maxBytes) {
    return (int) Math.min((long) length * 2, (long) maxBytes + 1);
  }

  /** Returns the offset after the next zero byte from {@code from}, or -1 when there is none. */
  private int afterZero(int from, int inputLength) {
    if (from < 0) {
      return -1;
    }
    for (int i = from; i < inputLength; i++) {
      if (input[i] == 0) {
        return i + 1;
      }
    }
    return -1;
  }

  private int littleEndianInt(int offset) {
    return (input[offset] & 0xff) | (input[offset + 1] & 0xff) << 8
        | (input[offset + 2] & 0xff) << 16 | (input[offset + 3] & 0xff) << 24;
  }
}
