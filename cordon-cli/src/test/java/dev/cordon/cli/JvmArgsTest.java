package dev.cordon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Checks the launcher's JVM argument file, whose method names the JVM does not check. */
class JvmArgsTest {
  private static final Path ARGS = Path.of("jvm.args");
  private static final Pattern METHOD = Pattern.compile("^-XX:CompileCommand=\\w+,([\\w.$]+)::(\\w+)(,.*)?$");

  private static List<String> options() throws IOException {
    return Files.readAllLines(ARGS).stream()
        .map(line -> line.replaceFirst("#.*", "").strip())
        .filter(line -> !line.isEmpty())
        .toList();
  }

  @Test
  void compileCommands_nameExistingMethods() throws IOException, ClassNotFoundException {
    List<String> commands = options().stream().filter(option -> METHOD.matcher(option).matches()).toList();

    assertThat(commands).isNotEmpty();
    for (String command : commands) {
      Matcher matcher = METHOD.matcher(command);
      assertThat(matcher.matches()).isTrue();
      Class<?> type = Class.forName(matcher.group(1));
      List<String> names = Arrays.stream(type.getDeclaredMethods()).map(Method::getName).toList();

      assertThat(names).as(command).contains(matcher.group(2));
    }
  }

  @Test
  void compileCommands_quietFirst() throws IOException {
    // Without "quiet" before them, the JVM prints each command on stdout, ahead of JSON output.
    List<String> options = options();
    int quiet = options.indexOf("-XX:CompileCommand=quiet");
    int firstCommand = options.stream().filter(option -> METHOD.matcher(option).matches()).findFirst()
        .map(options::indexOf).orElse(Integer.MAX_VALUE);

    assertThat(quiet).isNotNegative();
    assertThat(quiet).isLessThan(firstCommand);
  }
}
