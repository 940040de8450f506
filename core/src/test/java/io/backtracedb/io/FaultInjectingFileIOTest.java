package io.backtracedb.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.io.FaultInjectingFileIO.CrashMode;
import io.backtracedb.io.FaultInjectingFileIO.Op;
import io.backtracedb.testing.SeedExtension;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SeedExtension.class)
class FaultInjectingFileIOTest {
  @TempDir Path dir;
  private FaultInjectingFileIO io;

  @BeforeEach
  void setUp() {
    io = new FaultInjectingFileIO(LocalFileIO.INSTANCE);
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  private String content(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  /** Creates {@code name} with {@code durable} forced and the directory synced, then appends. */
  private Path fileWith(String name, String durable, String unsynced) throws IOException {
    Path file = dir.resolve(name);
    try (FileIO.WritableFile out = io.create(file)) {
      out.write(bytes(durable));
      out.force();
      io.syncDirectory(dir);
      out.write(bytes(unsynced));
    }
    return file;
  }

  @Test
  void countsCallsPerKindAndFiltersThemByPath() throws IOException {
    Path wal = dir.resolve("wal");
    io.createDirectories(wal);
    try (FileIO.WritableFile a = io.create(wal.resolve("1.wal"));
        FileIO.WritableFile b = io.create(dir.resolve("x.parquet"))) {
      a.write(bytes("a"));
      a.write(bytes("b"));
      b.write(bytes("c"));
      a.force();
    }
    assertEquals(3, io.count(Op.WRITE));
    assertEquals(2, io.count(Op.WRITE, FaultInjectingFileIO.under(wal)));
    assertEquals(1, io.count(Op.WRITE, FaultInjectingFileIO.nameEndsWith(".parquet")));
    assertEquals(1, io.count(Op.FORCE));
    assertEquals(2, io.count(Op.CLOSE));
  }

  @Test
  void operationLogRecordsKindPathAndOrder() throws IOException {
    Path file = dir.resolve("f");
    try (FileIO.WritableFile out = io.create(file)) {
      out.write(bytes("x"));
      out.force();
    }
    io.syncDirectory(dir);
    List<FaultInjectingFileIO.Call> calls = io.calls();
    assertEquals(
        List.of(Op.CREATE, Op.WRITE, Op.FORCE, Op.CLOSE, Op.SYNC_DIRECTORY),
        calls.stream().map(FaultInjectingFileIO.Call::op).toList());
    assertEquals(file, calls.get(1).path());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), calls.stream().map(c -> c.sequence()).toList());
    io.clearCalls();
    assertTrue(io.calls().isEmpty());
  }

  @Test
  void failNthFailsOnlyThatCall() throws IOException {
    Fault.Injection injection = io.inject(Fault.failNth(Op.WRITE, 2));
    try (FileIO.WritableFile out = io.create(dir.resolve("f"))) {
      out.write(bytes("1"));
      IOException error = assertThrows(IOException.class, () -> out.write(bytes("2")));
      assertTrue(error.getMessage().contains("injected"), error.getMessage());
      out.write(bytes("3"));
    }
    assertEquals("13", content(dir.resolve("f")));
    assertEquals(1, injection.timesFired());
    assertEquals(3, injection.callsSeen());
    assertEquals(1, io.calls().stream().filter(FaultInjectingFileIO.Call::failed).count());
  }

  @Test
  void failFromNthFailsThatCallAndEveryLaterOne() throws IOException {
    Fault.Injection injection = io.inject(Fault.failFromNth(Op.FORCE, 2));
    try (FileIO.WritableFile out = io.create(dir.resolve("f"))) {
      out.force();
      assertThrows(IOException.class, out::force);
      assertThrows(IOException.class, out::force);
      out.write(bytes("writes still work"));
    }
    assertEquals(2, injection.timesFired());
  }

  @Test
  void diskFullFaultSaysNoSpaceLeftOnDevice() throws IOException {
    io.inject(Fault.failNth(Op.CREATE, 1).diskFull());
    IOException error = assertThrows(IOException.class, () -> io.create(dir.resolve("f")));
    assertEquals(FaultInjectingFileIO.DISK_FULL_MESSAGE, error.getMessage());
    assertFalse(Files.exists(dir.resolve("f")));
  }

  @Test
  void pathFilteredFaultCountsOnlyMatchingPaths() throws IOException {
    io.inject(Fault.failNth(Op.CREATE, 2).onPaths(FaultInjectingFileIO.nameEndsWith(".wal")));
    io.create(dir.resolve("a.wal")).close();
    io.create(dir.resolve("b.txt")).close();
    io.create(dir.resolve("c.txt")).close();
    assertThrows(IOException.class, () -> io.create(dir.resolve("d.wal")));
    io.create(dir.resolve("e.wal")).close();
  }

  @Test
  void failEverythingFromNthStopsEveryKindOfOperation() throws IOException {
    io.inject(Fault.failEverythingFromNth(3));
    FileIO.WritableFile out = io.create(dir.resolve("f"));
    out.write(bytes("a"));
    assertThrows(IOException.class, () -> out.write(bytes("b")));
    assertThrows(IOException.class, () -> io.syncDirectory(dir));
    assertThrows(IOException.class, () -> io.list(dir));
    assertThrows(IOException.class, out::close);
  }

  @Test
  void tornWriteWritesOnlyAPrefixThenThrows() throws IOException {
    io.inject(Fault.tearNthWrite(2, 3).diskFull());
    Path file = dir.resolve("f");
    try (FileIO.WritableFile out = io.create(file)) {
      out.write(bytes("head|"));
      ByteBuffer record = bytes("record");
      IOException error = assertThrows(IOException.class, () -> out.write(record));
      assertEquals(FaultInjectingFileIO.DISK_FULL_MESSAGE, error.getMessage());
      assertEquals(3, record.position(), "the buffer shows what was written");
    }
    assertEquals("head|rec", content(file));
  }

  @Test
  void crashInDropModeKeepsOnlyForcedBytes(Random random) throws IOException {
    Path file = fileWith("f", "durable", "+lost");
    io.simulateCrash(random, CrashMode.DROP);
    assertEquals("durable", content(file));
  }

  @Test
  void crashInKeepModeKeepsEverything(Random random) throws IOException {
    Path file = fileWith("f", "durable", "+kept");
    Path fresh = dir.resolve("never-synced");
    try (FileIO.WritableFile out = io.create(fresh)) {
      out.write(bytes("x"));
    }
    io.simulateCrash(random, CrashMode.KEEP);
    assertEquals("durable+kept", content(file));
    assertEquals("x", content(fresh));
  }

  @Test
  void crashInTearModeKeepsAPrefixOfTheUnsyncedBytes(Random random) throws IOException {
    boolean sawPartial = false;
    for (int i = 0; i < 50; i++) {
      Path file = fileWith("f" + i, "durable", "0123456789");
      io.simulateCrash(random, CrashMode.TEAR);
      String after = content(file);
      assertTrue(("durable0123456789").startsWith(after), after);
      assertTrue(after.length() >= "durable".length(), after);
      sawPartial |= after.length() > 7 && after.length() < 17;
    }
    assertTrue(sawPartial, "50 tears never kept a strict prefix of the unsynced bytes");
  }

  @Test
  void crashInZeroFillModeKeepsLengthButZeroesUnsyncedBytes(Random random) throws IOException {
    Path file = fileWith("f", "ab", "cd");
    io.simulateCrash(random, CrashMode.ZERO_FILL);
    assertArrayEquals(new byte[] {'a', 'b', 0, 0}, Files.readAllBytes(file));
  }

  @Test
  void createdFileWithoutDirectorySyncDisappearsInDropMode(Random random) throws IOException {
    Path synced = fileWith("synced", "data", "");
    Path unsynced = dir.resolve("unsynced");
    try (FileIO.WritableFile out = io.create(unsynced)) {
      out.write(bytes("data"));
      out.force();
    }
    io.simulateCrash(random, CrashMode.DROP);
    assertFalse(Files.exists(unsynced), "a create needs a directory sync to survive");
    assertEquals("data", content(synced));
  }

  @Test
  void renameWithoutDirectorySyncIsRevertedInDropMode(Random random) throws IOException {
    Path target = fileWith("target", "old", "");
    Path temp = fileWith("temp", "new", "");
    io.rename(temp, target);
    assertEquals("new", content(target));
    io.simulateCrash(random, CrashMode.DROP);
    assertEquals("old", content(target));
    assertEquals("new", content(temp));
  }

  @Test
  void renameFollowedByDirectorySyncSurvives(Random random) throws IOException {
    Path target = fileWith("target", "old", "");
    Path temp = fileWith("temp", "new", "");
    io.rename(temp, target);
    io.syncDirectory(dir);
    io.simulateCrash(random, CrashMode.DROP);
    assertEquals("new", content(target));
    assertFalse(Files.exists(temp));
  }

  @Test
  void deleteWithoutDirectorySyncIsRevertedInDropMode(Random random) throws IOException {
    Path file = fileWith("f", "durable", "+unsynced");
    assertTrue(io.delete(file));
    io.simulateCrash(random, CrashMode.DROP);
    assertEquals("durable", content(file));
  }

  @Test
  void truncateBelowTheDurableLengthIsRevertedInDropMode(Random random) throws IOException {
    Path file = fileWith("f", "durable", "");
    try (FileIO.WritableFile out = io.openForAppend(file)) {
      out.truncate(2);
      out.write(bytes("XY"));
    }
    assertEquals("duXY", content(file));
    io.simulateCrash(random, CrashMode.DROP);
    assertEquals("durable", content(file));
  }

  @Test
  void handlesOpenedBeforeACrashNoLongerWork(Random random) throws IOException {
    Path file = dir.resolve("f");
    FileIO.WritableFile out = io.create(file);
    SeekableByteChannel in = io.openRead(file);
    io.simulateCrash(random, CrashMode.KEEP);
    assertThrows(IOException.class, () -> out.write(bytes("x")));
    assertThrows(IOException.class, () -> in.read(ByteBuffer.allocate(1)));
    out.close();
    in.close();
  }

  @Test
  void crashRemovesFaultsSoTheRestartedProcessSeesAWorkingDisk(Random random) throws IOException {
    io.inject(Fault.failEverythingFromNth(1));
    assertThrows(IOException.class, () -> io.list(dir));
    io.simulateCrash(random, CrashMode.KEEP);
    assertEquals(List.of(), io.list(dir));
  }

  @Test
  void filesUntouchedBeforeTheCrashAreLeftAlone(Random random) throws IOException {
    Path file = dir.resolve("pre-existing");
    Files.write(file, new byte[] {1, 2, 3});
    try (SeekableByteChannel in = io.openRead(file)) {
      ByteBuffer buffer = ByteBuffer.allocate(3);
      in.read(buffer);
      assertArrayEquals(new byte[] {1, 2, 3}, buffer.array());
    }
    try (FileIO.WritableFile out = io.openForAppend(file)) {
      out.write(ByteBuffer.wrap(new byte[] {4}));
    }
    io.simulateCrash(random, CrashMode.DROP);
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
  }

  @Test
  void anUnsyncedOverwriteAfterSeekIsUndoneByPowerLossAndKeptByAProcessCrash(Random random)
      throws IOException {
    Path file = fileWith("pages", "aaaabbbb", "");
    try (FileIO.WritableFile out = io.openForAppend(file)) {
      out.seek(2);
      out.write(bytes("XY"));
      assertEquals(4, out.position());
    }
    assertEquals("aaXYbbbb", content(file));
    io.simulateCrash(random, CrashMode.DROP);
    assertEquals("aaaabbbb", content(file), "the durable bytes come back");
    try (FileIO.WritableFile out = io.openForAppend(file)) {
      out.seek(6);
      out.write(bytes("ZZZZ"));
      out.seek(0);
      out.write(bytes("Q"));
    }
    io.simulateCrash(random, CrashMode.KEEP);
    assertEquals("QaaabbZZZZ", content(file));
  }

  @Test
  void seekThenWriteOverwritesInMemoryFilesToo() throws IOException {
    MemoryFileIO memory = new MemoryFileIO();
    Path file = dir.resolve("m");
    try (FileIO.WritableFile out = memory.create(file)) {
      out.write(bytes("0123456789"));
      out.seek(3);
      out.write(bytes("ab"));
      out.seek(12);
      out.write(bytes("z"));
    }
    byte[] content = memory.readAllBytes(file);
    assertEquals(13, content.length);
    assertEquals("012ab56789", new String(content, 0, 10, StandardCharsets.UTF_8));
    assertEquals('z', content[12]);
  }
}
