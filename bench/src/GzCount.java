import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Java's own inflate as a floor: GZIPInputStream into a sink that counts newlines. */
public final class GzCount {
  public static void main(String[] args) throws Exception {
    long lines = 0;
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(args[0])), 1 << 16)) {
      for (int read; (read = in.read(buffer)) > 0; ) {
        for (int i = 0; i < read; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
      }
    }
    System.out.println(lines);
  }
}
