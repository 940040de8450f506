package io.backtracedb.index;

import io.backtracedb.CorruptionException;
import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link BTree#check}: every problem found (empty when the file is sound), the
 * index's statistics and its page-by-page dump.
 *
 * @param file the index file
 * @param problems one line per broken invariant, naming the page
 * @param stats the measured shape (counts what could be read)
 * @param pages every page reached, tree pages by level from the root down, then overflow and free
 */
public record IndexCheck(Path file, List<String> problems, IndexStats stats, List<PageInfo> pages) {

  /** Whether no problem was found. */
  public boolean ok() {
    return problems.isEmpty();
  }

  /** Throws a {@link CorruptionException} naming the first problem, if there is one. */
  public void throwIfDamaged() {
    if (!problems.isEmpty()) {
      throw new CorruptionException(
          file,
          -1,
          problems.get(0)
              + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
    }
  }
}
