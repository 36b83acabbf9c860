package dev.cordon.core.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a stream at the first read failure of its source and keeps the failure for the caller to
 * throw once it has used the bytes before it. A buffering stream above a failing source would
 * otherwise discard those bytes: {@link java.io.BufferedInputStream#read(byte[], int, int)} reads
 * the source again while it reports bytes available, as a gzip stream does until its end, and
 * drops what it copied when that read fails.
 */
public final class ReadFailureGuard extends FilterInputStream {
  private volatile IOException failure;

  public ReadFailureGuard(InputStream in) {
    super(in);
  }

  /** Returns the failure that ended the stream, or null when the source ended normally or not yet. */
  public IOException failure() {
    return failure;
  }

  /** Throws the failure that ended the stream, if any. */
  public void throwFailure() throws IOException {
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int count = read(one, 0, 1);
    return count < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (failure != null) {
      return -1;
    }
    try {
      return in.read(buffer, offset, length);
    } catch (IOException e) {
      failure = e;
      return -1;
    }
  }

  @Override
  public int available() throws IOException {
    return failure != null ? 0 : in.available();
  }
}
