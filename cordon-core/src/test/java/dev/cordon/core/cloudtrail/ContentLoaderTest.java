package dev.cordon.core.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader must return what {@link GZIPInputStream} returns, or -1 where that stream fails. */
class ContentLoaderTest {
  private static final int MAX = 256 << 20;
  private static final byte[] RECORDS = text("{\"Records\":[{\"eventName\":\"RunInstances\"}]}");

  @TempDir
  Path dir;

  @Test
  void load_plainFile_returnsBytes() throws IOException {
    assertThat(load(write("plain.json", RECORDS))).isEqualTo(RECORDS);
  }

  @Test
  void load_emptyFile_returnsNoBytes() throws IOException {
    assertThat(load(write("empty.json", new byte[0]))).isEmpty();
  }

  @Test
  void load_gzip_returnsInflatedBytes() throws IOException {
    assertThat(load(write("one.json.gz", gzip(RECORDS)))).isEqualTo(RECORDS);
  }

  @Test
  void load_concatenatedMembers_returnsAllMembers() throws IOException {
    byte[] second = text("{\"Records\":[]}");
    byte[] file = concat(gzip(RECORDS), gzip(new byte[0]), gzip(second));

    byte[] loaded = load(write("three.json.gz", file));

    assertThat(loaded).isEqualTo(concat(RECORDS, second)).isEqualTo(gunzip(file));
  }

  @Test
  void load_headerWithNameCommentExtraAndCrc_skipsHeaderFields() throws IOException {
    byte[] file = gzipWithAllHeaderFields(RECORDS);

    assertThat(load(write("fields.json.gz", file))).isEqualTo(RECORDS).isEqualTo(gunzip(file));
  }

  @Test
  void load_bytesAfterLastMember_ignoredAsGzipStreamDoes() throws IOException {
    byte[] file = concat(gzip(RECORDS), text("garbage that is not a gzip member"));

    assertThat(load(write("trailing.json.gz", file))).isEqualTo(RECORDS).isEqualTo(gunzip(file));
  }

  @Test
  void load_outputLargerThanFirstBuffer_grows() throws IOException {
    // 3 MiB of random letters inflate past the first 1 MiB output buffer twice.
    byte[] big = new byte[3 << 20];
    Random random = new Random(1);
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) ('a' + random.nextInt(26));
    }

    assertThat(load(write("big.json.gz", gzip(big)))).isEqualTo(big);
  }

  @Test
  void releaseLargeBuffers_afterHugeFile_nextLoadStillCorrect() throws IOException {
    // 20 MiB of zeros grow the output buffer past the 16 MiB that is kept between files.
    byte[] huge = new byte[20 << 20];
    ContentLoader loader = ContentLoader.forThisThread();
    assertThat(loader.load(write("huge.json.gz", gzip(huge)), MAX)).isEqualTo(huge.length);
    assertThat(loader.content().length).isGreaterThan(16 << 20);

    loader.releaseLargeBuffers();

    assertThat(loader.content().length).isLessThanOrEqualTo(16 << 20);
    assertThat(load(write("one.json.gz", gzip(RECORDS)))).isEqualTo(RECORDS);
  }

  @Test
  void load_truncatedGzip_fails() throws IOException {
    byte[] whole = gzip(RECORDS);
    byte[] cut = Arrays.copyOf(whole, whole.length - 12);

    assertThat(ContentLoader.forThisThread().load(write("cut.json.gz", cut), MAX)).isEqualTo(-1);
  }

  @Test
  void load_wrongCrc_fails() throws IOException {
    byte[] file = gzip(RECORDS);
    // The CRC-32 is the first 4 bytes of the 8-byte trailer.
    file[file.length - 8] ^= 1;

    assertThat(ContentLoader.forThisThread().load(write("crc.json.gz", file), MAX)).isEqualTo(-1);
  }

  @Test
  void load_headerCutShort_fails() throws IOException {
    byte[] file = {0x1f, (byte) 0x8b, 8, 0};

    assertThat(ContentLoader.forThisThread().load(write("header.json.gz", file), MAX)).isEqualTo(-1);
  }

  @Test
  void load_largerThanMax_fails() throws IOException {
    byte[] content = new byte[5000];
    Arrays.fill(content, (byte) 'x');
    ContentLoader loader = ContentLoader.forThisThread();

    assertThat(loader.load(write("plain.json", content), 4096)).isEqualTo(-1);
    assertThat(loader.load(write("packed.json.gz", gzip(content)), 4096)).isEqualTo(-1);
    assertThat(loader.load(write("plain.json", content), 8192)).isEqualTo(5000);
  }

  @Test
  void load_missingFile_fails() {
    assertThat(ContentLoader.forThisThread().load(dir.resolve("missing.json.gz"), MAX)).isEqualTo(-1);
  }

  private static byte[] load(Path file) {
    ContentLoader loader = ContentLoader.forThisThread();
    int length = loader.load(file, MAX);
    assertThat(length).as("length of %s", file).isNotNegative();
    return Arrays.copyOf(loader.content(), length);
  }

  private Path write(String name, byte[] content) throws IOException {
    return Files.write(dir.resolve(name), content);
  }

  static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(content);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] file) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(file))) {
      return in.readAllBytes();
    }
  }

  /** Writes a member with the optional FEXTRA, FNAME, FCOMMENT and FHCRC fields of RFC 1952. */
  private static byte[] gzipWithAllHeaderFields(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int flags = 2 | 4 | 8 | 16;
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 255});
    out.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
    out.writeBytes(text("records.json\0"));
    out.writeBytes(text("a comment\0"));
    CRC32 headerCrc = new CRC32();
    headerCrc.update(out.toByteArray());
    writeLittleEndian(out, (int) headerCrc.getValue(), 2);

    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    deflater.setInput(content);
    deflater.finish();
    byte[] buffer = new byte[content.length + 64];
    out.write(buffer, 0, deflater.deflate(buffer));
    deflater.end();

    CRC32 crc = new CRC32();
    crc.update(content);
    writeLittleEndian(out, (int) crc.getValue(), 4);
    writeLittleEndian(out, content.length, 4);
    return out.toByteArray();
  }

  private static void writeLittleEndian(ByteArrayOutputStream out, int value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      out.write(value >>> (8 * i));
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
