package io.github.stance4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The version comes from one place, the build, and is the same everywhere it is written. */
class VersionTest {

  /** The pom's version, passed by surefire (see pom.xml). */
  static String buildVersion() {
    String v = System.getProperty("stance4j.projectVersion");
    assertTrue(v != null && v.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), "project version from the pom: " + v);
    return v;
  }

  @Test
  void modelsRecordTheBuildsVersion() {
    assertEquals(buildVersion(), StanceTrainer.LIBRARY_VERSION);
    assertEquals(buildVersion(), TestModels.tiny().info().libraryVersion());
  }

  @Test
  void theCliPrintsTheBuildsVersion() {
    java.io.PrintStream old = System.out;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(0, io.github.stance4j.cli.Main.run("--version"));
      assertEquals(0, io.github.stance4j.cli.Main.run("classify", "--version"));
    } finally {
      System.setOut(old);
    }
    String v = "stance4j " + buildVersion() + System.lineSeparator();
    assertEquals(v + v, out.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void readmeAndChangelogOfferTheBuildsVersion() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    Matcher m = Pattern.compile("<artifactId>stance4j</artifactId>\\s*<version>([^<]*)</version>").matcher(readme);
    int found = 0;
    while (m.find()) {
      assertEquals(buildVersion(), m.group(1), "README dependency snippet");
      found++;
    }
    assertTrue(found >= 2, "README dependency snippets: " + found);
    String changelog = Files.readString(Path.of("CHANGELOG.md"));
    assertTrue(Pattern.compile("(?m)^## \\[" + Pattern.quote(buildVersion()) + "\\] - \\d{4}-\\d{2}-\\d{2}$")
        .matcher(changelog).find(), "CHANGELOG has a dated section for " + buildVersion());
    assertFalse(buildVersion().endsWith("-SNAPSHOT") && readme.contains(buildVersion()),
        "the README offers a released version");
  }
}
