package io.backtracedb;

import java.util.Locale;

/** When a commit's WAL record reaches stable storage. */
public enum Durability {
  /** A commit returns after its WAL record is fsynced; concurrent commits share one fsync. */
  SYNC,
  /**
   * A background thread fsyncs on an interval; a crash loses at most that window, never part of a
   * commit.
   */
  ASYNC,
  /** No fsync at all: for tests and bulk loads that can be repeated. */
  NONE;

  /** Whether a commit in this mode waits for at least what {@code other} waits for. */
  public boolean atLeast(Durability other) {
    return ordinal() <= other.ordinal();
  }

  /** Parses {@code sync}, {@code async} or {@code none}, case-insensitively. */
  public static Durability parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "durability must be one of sync, async, none; got '" + text + "'", e);
    }
  }
}
