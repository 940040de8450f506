package io.backtracedb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The single-jar driver works alone: no other jar on the class path, services merged. */
class SingleJarDriverIT {
  @TempDir Path dir;

  private static Path driverJar() {
    Path jar = Path.of(System.getProperty("backtrace.driverJar"));
    assertTrue(Files.isRegularFile(jar), "the package phase built " + jar);
    return jar;
  }

  @Test
  void theServiceFileNamesTheDriver() throws Exception {
    try (JarFile jar = new JarFile(driverJar().toFile());
        InputStream services =
            jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver"))) {
      String text = new String(services.readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(text.contains("io.backtracedb.jdbc.BacktraceDriver"), text);
    }
  }

  @Test
  void aJvmWithOnlyTheJarConnectsWritesAndReads() throws Exception {
    Path answer = dir.resolve("answer.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath =
        driverJar() + File.pathSeparator + System.getProperty("backtrace.testClasses");
    Process child =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    classPath,
                    SingleJarClient.class.getName(),
                    dir.resolve("db").toString(),
                    answer.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the client finished");
    assertEquals(0, child.exitValue(), () -> read(dir.resolve("child.log")));
    assertEquals("BacktraceDB 2 4.0", read(answer));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
