package io.backtracedb.io;

import io.backtracedb.io.FaultInjectingFileIO.Op;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A fault rule for {@link FaultInjectingFileIO}: which calls fail and how. Immutable; build with
 * the static factories and refine with {@link #diskFull()} and {@link #onPaths}. Calls are counted
 * from 1, per rule, from the moment it is injected, and only those of its kind on matching paths.
 */
public final class Fault {
  private final Op op;
  private final long nth;
  private final boolean forever;
  private final boolean diskFull;
  private final int tearBytes;
  private final Predicate<Path> paths;

  private Fault(
      Op op, long nth, boolean forever, boolean diskFull, int tearBytes, Predicate<Path> paths) {
    if (nth < 1) {
      throw new IllegalArgumentException("nth must be at least 1, got " + nth);
    }
    this.op = op;
    this.nth = nth;
    this.forever = forever;
    this.diskFull = diskFull;
    this.tearBytes = tearBytes;
    this.paths = paths;
  }

  /** Fails only the {@code nth} call of kind {@code op}. */
  public static Fault failNth(Op op, long nth) {
    return new Fault(Objects.requireNonNull(op, "op"), nth, false, false, -1, p -> true);
  }

  /** Fails the {@code nth} call of kind {@code op} and every later one. */
  public static Fault failFromNth(Op op, long nth) {
    return new Fault(Objects.requireNonNull(op, "op"), nth, true, false, -1, p -> true);
  }

  /** Fails the {@code nth} call of any kind and every later one: the device is gone. */
  public static Fault failEverythingFromNth(long nth) {
    return new Fault(null, nth, true, false, -1, p -> true);
  }

  /**
   * Tears the {@code nth} write: writes the first {@code bytesWritten} bytes of the buffer (all of
   * it if shorter), then throws.
   */
  public static Fault tearNthWrite(long nth, int bytesWritten) {
    if (bytesWritten < 0) {
      throw new IllegalArgumentException("bytesWritten cannot be negative: " + bytesWritten);
    }
    return new Fault(Op.WRITE, nth, false, false, bytesWritten, p -> true);
  }

  /** The same fault, reported as "No space left on device". */
  public Fault diskFull() {
    return new Fault(op, nth, forever, true, tearBytes, paths);
  }

  /** The same fault, counting and failing only calls on paths accepted by {@code filter}. */
  public Fault onPaths(Predicate<Path> filter) {
    return new Fault(op, nth, forever, diskFull, tearBytes, Objects.requireNonNull(filter));
  }

  /** Whether a firing fault on {@code failed} writes a prefix first rather than nothing. */
  boolean tears(Op failed) {
    return failed == Op.WRITE && tearBytes >= 0;
  }

  /** How many bytes a tearing fault lets through. */
  int tearBytes() {
    return tearBytes;
  }

  /** The error a firing fault throws. */
  IOException exception(Op failed, Path path) {
    return diskFull
        ? new IOException(FaultInjectingFileIO.DISK_FULL_MESSAGE)
        : new IOException("Input/output error (injected into " + failed + " of " + path + ")");
  }

  @Override
  public String toString() {
    String kind = op == null ? "any operation" : op.toString();
    String what = tearBytes >= 0 ? "tear after " + tearBytes + " bytes" : "fail";
    return what
        + " "
        + kind
        + " #"
        + nth
        + (forever ? " and later" : "")
        + (diskFull ? " (disk full)" : "");
  }

  /** A registered fault with its call counter, returned by {@link FaultInjectingFileIO#inject}. */
  public static final class Injection {
    private final Fault fault;
    private final AtomicLong seen = new AtomicLong();
    private final AtomicInteger fired = new AtomicInteger();

    Injection(Fault fault) {
      this.fault = Objects.requireNonNull(fault, "fault");
    }

    /** The rule. */
    public Fault fault() {
      return fault;
    }

    /** Counts a call if it matches; returns whether the fault fires for it. */
    boolean countCall(Op op, Path path) {
      if ((fault.op != null && fault.op != op) || !fault.paths.test(path)) {
        return false;
      }
      long n = seen.incrementAndGet();
      boolean fires = n == fault.nth || (fault.forever && n > fault.nth);
      if (fires) {
        fired.incrementAndGet();
      }
      return fires;
    }

    /** How many calls this fault failed. */
    public int timesFired() {
      return fired.get();
    }

    /** Whether this fault failed at least one call. */
    public boolean fired() {
      return fired.get() > 0;
    }

    /** How many matching calls it has seen. */
    public long callsSeen() {
      return seen.get();
    }

    @Override
    public String toString() {
      return fault.toString();
    }
  }
}
