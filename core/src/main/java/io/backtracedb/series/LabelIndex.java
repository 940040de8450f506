package io.backtracedb.series;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.roaringbitmap.RoaringBitmap;

/**
 * Assigns series ids to label sets and finds series by tag values.
 *
 * <p>Two structures: a dictionary from {@link Labels} to a series id (ids are dense, from 0, in
 * order of first appearance, and never reused), and an inverted index from each {@code tag=value}
 * pair to the {@link RoaringBitmap} of the series that have it. {@link #select} evaluates {@code
 * =}, {@code <>}, {@code IN}, {@code LIKE} and their intersections and unions on the bitmaps.
 *
 * <p>Thread-safe: every method synchronizes on the index. Bitmaps handed out are fresh copies that
 * the caller owns.
 */
public final class LabelIndex {
  private final Map<Labels, Integer> ids = new HashMap<>();
  private final List<Labels> labelsById = new ArrayList<>();
  // tag name -> value (sorted, so LIKE scans only the values that share its literal prefix) -> ids
  private final Map<String, TreeMap<String, RoaringBitmap>> postings = new HashMap<>();

  /** An empty index. */
  public LabelIndex() {}

  /** The id of the series named {@code labels}, assigning the next free id to a new one. */
  public synchronized int seriesId(Labels labels) {
    Integer id = ids.get(labels);
    if (id != null) {
      return id;
    }
    int assigned = labelsById.size();
    if (assigned == Integer.MAX_VALUE) {
      throw new IllegalStateException("cannot add series " + labels + ": every series id is used");
    }
    ids.put(labels, assigned);
    labelsById.add(labels);
    for (int i = 0; i < labels.size(); i++) {
      postings
          .computeIfAbsent(labels.name(i), name -> new TreeMap<>())
          .computeIfAbsent(labels.value(i), value -> new RoaringBitmap())
          .add(assigned);
    }
    return assigned;
  }

  /** The id of the series named {@code labels}, or -1 when there is none. */
  public synchronized int lookup(Labels labels) {
    Integer id = ids.get(labels);
    return id == null ? -1 : id;
  }

  /** The labels of series {@code id}. */
  public synchronized Labels labels(int id) {
    if (id < 0 || id >= labelsById.size()) {
      throw new IllegalArgumentException(
          "cannot find series " + id + ": ids run from 0 to " + (labelsById.size() - 1));
    }
    return labelsById.get(id);
  }

  /** The number of series. */
  public synchronized int seriesCount() {
    return labelsById.size();
  }

  /** The tag names in use, sorted. */
  public synchronized SortedSet<String> tagNames() {
    return new TreeSet<>(postings.keySet());
  }

  /** The values tag {@code name} has in some series, sorted; empty for an unknown tag. */
  public synchronized SortedSet<String> tagValues(String name) {
    TreeMap<String, RoaringBitmap> values = postings.get(name);
    return values == null ? Collections.emptySortedSet() : new TreeSet<>(values.keySet());
  }

  /** The ids of the series that satisfy {@code matcher}: a fresh bitmap the caller owns. */
  public synchronized RoaringBitmap select(LabelMatcher matcher) {
    if (matcher instanceof LabelMatcher.Equal equal) {
      RoaringBitmap ids = posting(equal.tag(), equal.value());
      return ids == null ? new RoaringBitmap() : ids.clone();
    }
    if (matcher instanceof LabelMatcher.NotEqual notEqual) {
      TreeMap<String, RoaringBitmap> values = postings.get(notEqual.tag());
      if (values == null) {
        return new RoaringBitmap();
      }
      List<RoaringBitmap> others = new ArrayList<>(values.size());
      for (Map.Entry<String, RoaringBitmap> value : values.entrySet()) {
        if (!value.getKey().equals(notEqual.value())) {
          others.add(value.getValue());
        }
      }
      return RoaringBitmap.or(others.iterator());
    }
    if (matcher instanceof LabelMatcher.In in) {
      List<RoaringBitmap> found = new ArrayList<>(in.values().size());
      for (String value : in.values()) {
        RoaringBitmap ids = posting(in.tag(), value);
        if (ids != null) {
          found.add(ids);
        }
      }
      return RoaringBitmap.or(found.iterator());
    }
    if (matcher instanceof LabelMatcher.Like like) {
      return selectLike(like);
    }
    if (matcher instanceof LabelMatcher.And and) {
      if (and.all().isEmpty()) {
        return allSeries();
      }
      RoaringBitmap result = select(and.all().get(0));
      for (int i = 1; i < and.all().size() && !result.isEmpty(); i++) {
        result.and(select(and.all().get(i)));
      }
      return result;
    }
    LabelMatcher.Or or = (LabelMatcher.Or) matcher;
    RoaringBitmap result = new RoaringBitmap();
    for (LabelMatcher any : or.any()) {
      result.or(select(any));
    }
    return result;
  }

  /** Every series id: a fresh bitmap the caller owns. */
  public synchronized RoaringBitmap allSeries() {
    return RoaringBitmap.bitmapOfRange(0, labelsById.size());
  }

  private RoaringBitmap selectLike(LabelMatcher.Like like) {
    TreeMap<String, RoaringBitmap> values = postings.get(like.tag());
    if (values == null) {
      return new RoaringBitmap();
    }
    LikePattern pattern = like.pattern();
    if (pattern.isLiteral()) {
      RoaringBitmap ids = values.get(pattern.literalPrefix());
      return ids == null ? new RoaringBitmap() : ids.clone();
    }
    // Values that start with the literal prefix are contiguous in sorted order: scan only those.
    String prefix = pattern.literalPrefix();
    NavigableMap<String, RoaringBitmap> candidates = values.tailMap(prefix, true);
    List<RoaringBitmap> found = new ArrayList<>();
    for (Map.Entry<String, RoaringBitmap> value : candidates.entrySet()) {
      if (!value.getKey().startsWith(prefix)) {
        break;
      }
      if (pattern.matches(value.getKey())) {
        found.add(value.getValue());
      }
    }
    return RoaringBitmap.or(found.iterator());
  }

  private RoaringBitmap posting(String tag, String value) {
    TreeMap<String, RoaringBitmap> values = postings.get(tag);
    return values == null ? null : values.get(value);
  }

  /** Every (tag, value) posting, for the index file writer: read under the index's lock. */
  synchronized void forEachPosting(PostingConsumer consumer) {
    for (Map.Entry<String, TreeMap<String, RoaringBitmap>> tag :
        new TreeMap<>(postings).entrySet()) {
      for (Map.Entry<String, RoaringBitmap> value : tag.getValue().entrySet()) {
        consumer.accept(tag.getKey(), value.getKey(), value.getValue());
      }
    }
  }

  /** Puts a loaded posting in place, for the index file reader. */
  synchronized void putPosting(String tag, String value, RoaringBitmap ids) {
    postings.computeIfAbsent(tag, name -> new TreeMap<>()).put(value, ids);
  }

  /** Adds a loaded series with the next id without touching the postings, for the file reader. */
  synchronized void putSeries(Labels labels) {
    if (ids.putIfAbsent(labels, labelsById.size()) != null) {
      throw new IllegalArgumentException("series " + labels + " appears twice");
    }
    labelsById.add(labels);
  }

  /** Receives the postings of {@link #forEachPosting}. */
  interface PostingConsumer {
    /** One posting; {@code ids} belongs to the index and must not be modified. */
    void accept(String tag, String value, RoaringBitmap ids);
  }
}
