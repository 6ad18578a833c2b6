package io.github.stance4j.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.platform.commons.annotation.Testable;

/**
 * Fails the build if a test class was never run. Surefire picks classes by name ({@code *Test},
 * {@code Test*}, {@code *Tests}, {@code *TestCase}), so a class named otherwise is compiled and
 * silently skipped; so is a non-static inner class without {@code @Nested}.
 *
 * <p>The pom runs this class in a second surefire execution, after the main one, whenever no
 * {@code -Dtest} filter is given (profile {@code all-test-classes-ran}). It lists every class under
 * the test output directory that has a method with a JUnit Platform test annotation ({@code @Test},
 * {@code @ParameterizedTest}, jqwik's {@code @Property}: anything meta-annotated
 * {@link Testable}) and compares with the classes that {@link TestClassRecorder} saw run or skipped
 * in the main execution of the same build. Its name matches none of surefire's patterns on
 * purpose, so the main execution does not run it.
 */
class AllTestClassesRan {

  @Test
  void everyTestClassRanInTheMainSurefireExecution() throws IOException {
    String record = System.getProperty("stance4j.testClassRecordToCheck");
    String classesDir = System.getProperty("stance4j.testClassesDir");
    if (record == null || classesDir == null) {
      fail("run by the pom's all-test-classes-ran execution, which sets stance4j.testClassRecordToCheck"
          + " and stance4j.testClassesDir");
    }
    Path recordFile = Path.of(record);
    assertTrue(Files.exists(recordFile), "no record of the main test run at " + recordFile
        + ": TestClassRecorder did not run (is it still in META-INF/services?)");
    List<String> lines = Files.readAllLines(recordFile, StandardCharsets.UTF_8);
    assertEquals("build " + System.getProperty(TestClassRecorder.BUILD_PROPERTY), lines.get(0),
        "the record of the main test run is from another build");
    Set<String> ran = new TreeSet<>(lines.subList(1, lines.size()));

    Set<String> expected = testClasses(Path.of(classesDir));
    assertTrue(expected.contains(AllTestClassesRan.class.getName()), "the scan misses this very class: " + expected);
    expected.remove(AllTestClassesRan.class.getName());
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(ran);
    assertTrue(missing.isEmpty(), "test classes that the main surefire execution never ran: " + missing
        + ". Surefire runs classes named *Test, Test*, *Tests or *TestCase (inner classes need @Nested);"
        + " rename them. " + ran.size() + " classes ran: " + ran);
  }

  /** Concrete classes under {@code dir} with at least one method carrying a test annotation. */
  static Set<String> testClasses(Path dir) throws IOException {
    Set<String> out = new TreeSet<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String rel = dir.relativize(f).toString();
        String name = rel.substring(0, rel.length() - ".class".length()).replace(f.getFileSystem().getSeparator(), ".");
        Class<?> c;
        try {
          c = Class.forName(name, false, AllTestClassesRan.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
          throw new AssertionError("cannot load " + name + " from " + dir, e);
        }
        if (!c.isInterface() && !c.isAnnotation() && !Modifier.isAbstract(c.getModifiers())
            && !c.isAnonymousClass() && !c.isLocalClass() && hasTestMethod(c)) {
          out.add(c.getName());
        }
      }
    }
    return out;
  }

  /** Whether {@code type} is {@link Testable} or carries it, directly or through other annotations. */
  private static boolean testable(Class<? extends Annotation> type, Set<Class<?>> seen) {
    if (type == Testable.class) {
      return true;
    }
    if (!seen.add(type)) {
      return false;
    }
    for (Annotation meta : type.getAnnotations()) {
      if (testable(meta.annotationType(), seen)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasTestMethod(Class<?> c) {
    for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
      for (Method m : k.getDeclaredMethods()) {
        for (Annotation a : m.getAnnotations()) {
          if (testable(a.annotationType(), new java.util.HashSet<>())) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
