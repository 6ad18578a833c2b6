package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "A few lines of code" is a whole program: it compiles as it stands, imports
 * included, against the library alone, and runs. Its commands that reproduce the bundled models
 * are the ones the bundled-model tests name.
 */
class ReadmeSnippetTest {

  @TempDir
  Path dir;

  @Test
  void theFewLinesOfCodeCompileAndRun() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("## A few lines of code\\R(?:.*\\R)*?```java\\R((?:.*\\R)*?)```").matcher(readme);
    assertTrue(m.find(), "README has a java block under \"A few lines of code\"");
    String source = m.group(1);
    Matcher cls = Pattern.compile("public class (\\w+)").matcher(source);
    assertTrue(cls.find(), source);
    Path file = dir.resolve(cls.group(1) + ".java");
    Files.writeString(file, source);

    // compile against the library's classes and its dependencies only: no test classes
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> lib = java.util.Arrays.stream(cp.split(File.pathSeparator))
        .filter(e -> !e.endsWith("test-classes")).toList();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, "-Xlint:all,-path", "-Werror", "-d", dir.toString(),
        "-cp", String.join(File.pathSeparator, lib), file.toString());
    assertEquals(0, rc, diagnostics.toString(StandardCharsets.UTF_8));

    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      loader.loadClass(cls.group(1)).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    } finally {
      System.setOut(old);
    }
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(6, lines.size(), lines.toString());
    assertTrue(lines.get(0).matches("conditional 0\\.9\\d+"), lines.get(0));
    assertTrue(lines.get(1).matches("\\{conditional=.*, none=.*, opposition=.*, support=.*}"), lines.get(1));
    assertTrue(lines.get(2).startsWith("support (") && lines.get(2).endsWith(" toward \"military aid to Ukraine\""), lines.get(2));
    assertEquals("false", lines.get(3), "a summit's date takes no stance");
    assertTrue(lines.get(4).startsWith("support (") && lines.get(5).startsWith("conditional ("), lines.toString());
  }

  /** The "Development" section gives, as one command each, what the bundled-model tests check. */
  @Test
  void theBundledModelsCommandsAreTheTestedOnes() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertTrue(readme.contains("mvn -B -ntp -q package -DskipTests && " + BundledModelTest.RETRAIN + "\n"),
        "README gives the fast model's command: " + BundledModelTest.RETRAIN);
    assertTrue(readme.contains("  " + BundledAccurateModelTest.RETRAIN + "\n"),
        "README gives the accurate model's command: " + BundledAccurateModelTest.RETRAIN);
  }
}
