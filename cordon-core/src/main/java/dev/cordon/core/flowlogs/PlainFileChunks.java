package dev.cordon.core.flowlogs;

import dev.cordon.core.input.MappedRegion;
import dev.cordon.core.input.OrderedWorkers;
import dev.cordon.core.input.ScanProgress;
import dev.cordon.core.input.StatsLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a large plain flow-log file with a filter as chunks on worker threads. Each worker tests
 * the lines of its byte range against the scope and keeps only the lines it cannot prove outside
 * (in scope, header, damaged). The calling thread applies the chunks in order to one {@link
 * FlowFileReader}, which numbers the lines, parses the kept ones and counts the rest, so records,
 * messages and stats are those of a sequential read.
 *
 * <p>A chunk owns the lines that start in its range. Workers assume the layout of the header on
 * the file's first line. When a header further down changed the layout, a later chunk is read
 * again on the calling thread with the layout in effect at its start.
 */
final class PlainFileChunks {
  static final long CHUNK_BYTES = 16L << 20;
  private static final int HEAD_BYTES = 64 * 1024;

  /** Scan result of one chunk. Lines are numbered from 1 within the chunk. */
  private static final class Chunk {
    final long from;
    final long to;
    final FlowLayout startLayout;
    long lines;
    long outside;
    long latestEnd = FlowRecord.ABSENT;
    boolean milliseconds;
    final List<Long> keptLines = new ArrayList<>();
    /** Text of each kept line, or null for a line too long to keep. */
    final List<String> keptText = new ArrayList<>();
    Exception error;

    Chunk(long from, long to, FlowLayout startLayout) {
      this.from = from;
      this.to = to;
      this.startLayout = startLayout;
    }
  }

  private final Path path;
  private final FlowRecordFilter filter;
  private final FlowLayout headerless;
  private final FlowLayout firstLayout;
  private final FlowFileReader reader;
  private final ScanProgress progress;
  private long linesBefore;
  private String error;

  private PlainFileChunks(Path path, FlowRecordFilter filter, FlowLayout headerless, FlowLayout firstLayout,
      FlowFileReader reader, ScanProgress progress) {
    this.path = path;
    this.filter = filter;
    this.headerless = headerless;
    this.firstLayout = firstLayout;
    this.reader = reader;
    this.progress = progress;
  }

  /**
   * Returns one task per chunk of {@code chunkBytes} when the file is plain space-separated text
   * of at least two chunks and the filter selects, else null. The tasks' output must run on one thread, in order.
   */
  static List<OrderedWorkers.Task> tasks(Path path, FlowLayout headerless, FlowRecordFilter filter, StatsLog stats,
      Consumer<? super FlowRecord> sink, ScanProgress progress, long chunkBytes) {
    long size;
    byte[] head;
    try {
      size = Files.size(path);
      if (filter.keepsAll() || size < 2 * chunkBytes) {
        return null;
      }
      try (InputStream in = Files.newInputStream(path)) {
        head = in.readNBytes(HEAD_BYTES);
      }
    } catch (IOException e) {
      return null;
    }
    FlowLayout first = firstLayout(head, headerless);
    if (first == null) {
      return null;
    }

    FlowFileReader reader = new FlowFileReader(path, headerless, filter, stats, sink).countingInto(progress);
    PlainFileChunks chunks = new PlainFileChunks(path, filter, headerless, first, reader, progress);
    List<OrderedWorkers.Task> tasks = new ArrayList<>();
    for (long from = 0; from < size; from += chunkBytes) {
      long start = from;
      long end = Math.min(size, from + chunkBytes);
      boolean last = end == size;
      tasks.add(out -> {
        Chunk chunk = chunks.scan(start, end, start == 0 ? headerless : first);
        out.execute(() -> chunks.apply(chunk));
        if (last) {
          out.execute(() -> reader.finish(chunks.error));
        }
      });
    }
    return tasks;
  }

  /**
   * Returns the layout after the first non-blank line: its own when it is a header, else the
   * headerless one. Returns null when the file is not space-separated text (gzip, Parquet, JSON,
   * CSV) or its first line does not fit in the head.
   */
  private static FlowLayout firstLayout(byte[] head, FlowLayout headerless) {
    boolean gzip = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
    if (gzip || head.length < 4 || (head[0] == 'P' && head[1] == 'A' && head[2] == 'R' && head[3] == '1')) {
      return null;
    }
    String text = new String(head, StandardCharsets.UTF_8);
    int start = text.startsWith("\uFEFF") ? 1 : 0;
    while (true) {
      int newline = text.indexOf('\n', start);
      if (newline < 0) {
        return null;
      }
      String line = text.substring(start, newline);
      start = newline + 1;
      List<String> tokens = tokens(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
      if (line.isBlank()) {
        continue;
      }
      if (tokens.isEmpty() || tokens.get(0).startsWith("{") || tokens.get(0).startsWith("[") || line.indexOf(',') >= 0) {
        return null;
      }
      return FlowFields.isHeader(tokens) ? FlowLayout.fromHeader(tokens, 0) : headerless;
    }
  }

  /** Splits a line on runs of spaces and tabs, as {@link RecordParser#splitWhitespace} does. */
  private static List<String> tokens(String line) {
    // A loop rather than String.split: this can run for thousands of kept lines, and the JIT
    // then spent about 0.6 s compiling the regular-expression code in a scan of 1.25 GB.
    List<String> tokens = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= line.length(); i++) {
      boolean separator = i == line.length() || line.charAt(i) == ' ' || line.charAt(i) == '\t';
      if (separator && start >= 0) {
        tokens.add(line.substring(start, i));
        start = -1;
      } else if (!separator && start < 0) {
        start = i;
      }
    }
    return tokens;
  }

  /**
   * Scans the lines that start in {@code [from, to)} on the calling thread, through a mapping of
   * the chunk when one can be unmapped at once (see {@link MappedRegion}), else through reads.
   */
  private Chunk scan(long from, long to, FlowLayout startLayout) {
    Chunk chunk = new Chunk(from, to, startLayout);
    try (FileChannel channel = FileChannel.open(path)) {
      long start = from == 0 ? 0 : lineStartAfter(channel, from - 1);
      if (start < 0 || start >= to) {
        return chunk;
      }
      if (!MappedRegion.available()) {
        channel.position(start);
        LineScanner.scan(progress.counting(Channels.newInputStream(channel)), new ChunkLines(chunk, filter), to - start);
        return chunk;
      }
      // The region reaches one line's maximum length past the chunk, so the chunk's last line
      // either ends inside it or is read far enough to be found too long, as from the file.
      long end = Math.min(channel.size(), to + LineScanner.MAX_LINE_BYTES + 2);
      try (MappedRegion region = MappedRegion.map(channel, start, (int) (end - start))) {
        LineScanner.scan(progress.counting(region.inputStream()), new ChunkLines(chunk, filter), to - start);
      } catch (InternalError e) {
        // The JVM reports a read of a mapped page that the file no longer has this way.
        throw new IOException("the file shrank while it was read", e);
      }
    } catch (IOException | UncheckedIOException e) {
      chunk.error = e;
    }
    return chunk;
  }

  /** Returns the offset after the first {@code \n} at or after {@code offset}, or -1 when there is none. */
  private static long lineStartAfter(FileChannel channel, long offset) throws IOException {
    // Lines are short, so a small buffer mostly reads once; a chunk allocates it anew.
    ByteBuffer buffer = ByteBuffer.allocate(4 * 1024);
    long position = offset;
    while (true) {
      buffer.clear();
      int read = channel.read(buffer, position);
      if (read <= 0) {
        return -1;
      }
      for (int i = 0; i < read; i++) {
        if (buffer.get(i) == '\n') {
          return position + i + 1;
        }
      }
      position += read;
    }
  }

  /** Applies a chunk to the reader, on the calling thread in file order. */
  private void apply(Chunk scanned) {
    if (error != null) {
      return;
    }
    Chunk chunk = scanned;
    FlowLayout current = reader.layout() == null ? headerless : reader.layout();
    if (chunk.from > 0 && !Arrays.equals(chunk.startLayout.names, current.names)) {
      chunk = scan(chunk.from, chunk.to, current);
    }

    for (int i = 0; i < chunk.keptLines.size(); i++) {
      reader.readChunkLine(linesBefore + chunk.keptLines.get(i), chunk.keptText.get(i));
    }
    reader.countChunk(linesBefore + chunk.lines, chunk.outside, chunk.latestEnd, chunk.milliseconds);
    linesBefore += chunk.lines;
    if (chunk.error != null) {
      error = reader.failureMessage(chunk.error);
    }
  }

  /** Sorts the lines of one chunk into counted and kept, following header lines as the reader would. */
  private static final class ChunkLines implements LineScanner.Handler {
    private final Chunk chunk;
    private final FlowRecordFilter filter;
    private ScopeMatcher matcher;
    private LineSieve sieve;

    ChunkLines(Chunk chunk, FlowRecordFilter filter) {
      this.chunk = chunk;
      this.filter = filter;
      this.matcher = new ScopeMatcher(filter, chunk.startLayout);
    }

    @Override
    public void line(byte[] buffer, int start, int end) {
      chunk.lines++;
      if (matcher.isOutside(buffer, start, end)) {
        long raw = matcher.end();
        boolean milliseconds = raw > RecordParser.MAX_EPOCH_SECONDS;
        long seconds = milliseconds ? raw / 1000 : raw;
        chunk.outside++;
        chunk.milliseconds |= milliseconds;
        chunk.latestEnd = Math.max(chunk.latestEnd, seconds);
        return;
      }

      int stop = end > start && buffer[end - 1] == '\r' ? end - 1 : end;
      String text = new String(buffer, start, stop - start, StandardCharsets.UTF_8);
      boolean tooLong = text.length() > LineScanner.MAX_LINE_CHARS;
      chunk.keptLines.add(chunk.lines);
      chunk.keptText.add(tooLong ? null : text);
      if (!tooLong) {
        followHeader(text);
      }
    }

    @Override
    public void tooLong() {
      chunk.lines++;
      chunk.keptLines.add(chunk.lines);
      chunk.keptText.add(null);
    }

    @Override
    public LineSieve sieve() {
      if (sieve != null && sieve.layout() == matcher.layout()) {
        return sieve;
      }
      sieve = new LineSieve(filter, matcher.layout());
      return sieve;
    }

    @Override
    public void passed(int count) {
      chunk.lines += count;
      chunk.outside += count;
    }

    private void followHeader(String text) {
      String trimmed = text.stripLeading();
      if (trimmed.isEmpty() || trimmed.charAt(0) < 'a' || trimmed.charAt(0) > 'z') {
        return;
      }
      List<String> tokens = tokens(text);
      if (!tokens.isEmpty() && FlowFields.isHeader(tokens)) {
        matcher = new ScopeMatcher(filter, FlowLayout.fromHeader(tokens, 0));
      }
    }
  }
}
