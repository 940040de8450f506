package io.backtracedb.series;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A condition on tag values that selects series, evaluated by {@link LabelIndex#select}.
 *
 * <p>SQL semantics: a series without the tag has a NULL value for it, which satisfies none of
 * {@code =}, {@code <>}, {@code IN} and {@code LIKE}. Immutable.
 */
public sealed interface LabelMatcher {

  /** Whether a series with {@code labels} satisfies the condition. */
  boolean matches(Labels labels);

  /** {@code tag = value}. */
  static LabelMatcher eq(String tag, String value) {
    return new Equal(tag, value);
  }

  /** {@code tag <> value}: series that have the tag with another value. */
  static LabelMatcher ne(String tag, String value) {
    return new NotEqual(tag, value);
  }

  /** {@code tag IN (values...)}; repeated values are allowed, as in SQL. */
  static LabelMatcher in(String tag, String... values) {
    return new In(tag, Set.copyOf(Arrays.asList(values)));
  }

  /** {@code tag LIKE pattern} without an escape character. */
  static LabelMatcher like(String tag, String pattern) {
    return new Like(tag, LikePattern.compile(pattern));
  }

  /** Series that satisfy every condition (every series when there is none). */
  static LabelMatcher and(LabelMatcher... all) {
    return new And(List.of(all));
  }

  /** Series that satisfy at least one condition (none when there is none). */
  static LabelMatcher or(LabelMatcher... any) {
    return new Or(List.of(any));
  }

  /**
   * {@code tag = value}.
   *
   * @param tag the tag name
   * @param value the value it must have
   */
  record Equal(String tag, String value) implements LabelMatcher {
    @Override
    public boolean matches(Labels labels) {
      return value.equals(labels.get(tag));
    }
  }

  /**
   * {@code tag <> value}.
   *
   * @param tag the tag name
   * @param value the value it must not have
   */
  record NotEqual(String tag, String value) implements LabelMatcher {
    @Override
    public boolean matches(Labels labels) {
      String actual = labels.get(tag);
      return actual != null && !actual.equals(value);
    }
  }

  /**
   * {@code tag IN (values)}.
   *
   * @param tag the tag name
   * @param values the values it may have
   */
  record In(String tag, Set<String> values) implements LabelMatcher {
    /** Copies the values. */
    public In {
      values = Set.copyOf(values);
    }

    @Override
    public boolean matches(Labels labels) {
      String actual = labels.get(tag);
      return actual != null && values.contains(actual);
    }
  }

  /**
   * {@code tag LIKE pattern}.
   *
   * @param tag the tag name
   * @param pattern the compiled pattern
   */
  record Like(String tag, LikePattern pattern) implements LabelMatcher {
    @Override
    public boolean matches(Labels labels) {
      String actual = labels.get(tag);
      return actual != null && pattern.matches(actual);
    }
  }

  /**
   * The intersection of conditions.
   *
   * @param all the conditions
   */
  record And(List<LabelMatcher> all) implements LabelMatcher {
    /** Copies the conditions. */
    public And {
      all = List.copyOf(all);
    }

    @Override
    public boolean matches(Labels labels) {
      return all.stream().allMatch(m -> m.matches(labels));
    }
  }

  /**
   * The union of conditions.
   *
   * @param any the conditions
   */
  record Or(List<LabelMatcher> any) implements LabelMatcher {
    /** Copies the conditions. */
    public Or {
      any = List.copyOf(any);
    }

    @Override
    public boolean matches(Labels labels) {
      return any.stream().anyMatch(m -> m.matches(labels));
    }
  }
}
