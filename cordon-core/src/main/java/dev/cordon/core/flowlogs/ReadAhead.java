package dev.cordon.core.flowlogs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on its own thread into a few blocks ahead of the reader, so inflating a gzip file
 * and scanning its lines run on two cores. An error of the source is thrown to the reader after
 * the blocks read before it, so the lines before the damage are still scanned.
 */
final class ReadAhead extends InputStream {
  private static final int BLOCK_BYTES = 1 << 18;
  private static final int BLOCKS_AHEAD = 4;
  /** Bytes asked for per read, so a failing read loses little of what came before it. */
  private static final int READ_BYTES = 1 << 16;
  private static final byte[] END = new byte[0];

  private final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(BLOCKS_AHEAD);
  private final Thread thread;
  private volatile IOException failure;
  private byte[] block = new byte[0];
  private int position;
  private boolean ended;

  ReadAhead(InputStream source, String name) {
    thread = new Thread(() -> fill(source), "cordon-read-ahead " + name);
    thread.setDaemon(true);
    thread.start();
  }

  private void fill(InputStream source) {
    byte[] next = new byte[BLOCK_BYTES];
    int filled = 0;
    try {
      for (int read; (read = source.read(next, filled, Math.min(READ_BYTES, BLOCK_BYTES - filled))) >= 0; ) {
        filled += read;
        if (filled == BLOCK_BYTES) {
          blocks.put(next);
          next = new byte[BLOCK_BYTES];
          filled = 0;
        }
      }
      if (filled > 0) {
        blocks.put(Arrays.copyOf(next, filled));
      }
    } catch (IOException e) {
      failure = e;
      if (filled > 0 && !putQuietly(Arrays.copyOf(next, filled))) {
        return;
      }
    } catch (InterruptedException e) {
      // The reader closed the stream; stop reading.
      return;
    }
    putQuietly(END);
  }

  /** Puts a block; returns false when the reader closed the stream meanwhile. */
  private boolean putQuietly(byte[] next) {
    try {
      blocks.put(next);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (position == block.length && !nextBlock()) {
      return -1;
    }
    int count = Math.min(length, block.length - position);
    System.arraycopy(block, position, buffer, offset, count);
    position += count;
    return count;
  }

  private boolean nextBlock() throws IOException {
    if (ended) {
      return false;
    }
    try {
      block = blocks.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading ahead");
    }
    position = 0;
    if (block == END) {
      ended = true;
      if (failure != null) {
        throw failure;
      }
      return false;
    }
    return true;
  }

  @Override
  public void close() {
    thread.interrupt();
    block = Arrays.copyOf(block, 0);
  }
}
