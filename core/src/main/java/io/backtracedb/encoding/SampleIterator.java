package io.backtracedb.encoding;

/**
 * The one primitive protocol for walking the samples of a field: a timestamp and a value each.
 *
 * <p>Edge behaviour, the same for every implementation:
 *
 * <ul>
 *   <li>A new iterator stands before the first sample; {@link #timestamp()}, {@link #value()},
 *       {@link #longValue()} and {@link #present()} are defined only after {@link #next()} or
 *       {@link #seek(long)} returned true.
 *   <li>Once {@code next()} or {@code seek()} returns false, the iterator is exhausted and stays
 *       so.
 *   <li>{@code seek(t)} never moves backwards: if the current sample is already at or after {@code
 *       t} it stays there; otherwise it advances to the first sample at or after {@code t}.
 *       Timestamps are assumed ascending (chunks enforce it).
 *   <li>A sample may be absent for a field (the field was not given at that timestamp): {@code
 *       present()} is false, {@code value()} is NaN and {@code longValue()} is 0.
 *   <li>{@code value()} of a BIGINT field is the long converted to double; {@code longValue()} of a
 *       DOUBLE field is the double cast to long (Java's rounding towards zero).
 * </ul>
 *
 * <p>Iterators are not thread-safe; they decode lazily, so a malformed stream surfaces as an {@link
 * EncodingException} from {@code next()} or {@code seek()}.
 */
public interface SampleIterator {
  /** Moves to the next sample; false when there is none. */
  boolean next();

  /** Moves to the first sample at or after {@code timestamp}; false when there is none. */
  boolean seek(long timestamp);

  /** The current sample's timestamp. */
  long timestamp();

  /** The current sample's value as a double. */
  double value();

  /** The current sample's value as a long. */
  long longValue();

  /** Whether the current sample has a value for this field. */
  boolean present();
}
