package io.backtracedb.encoding;

/**
 * Reads the values an {@link IntegerAppender} wrote, one per call: the state both iterators share.
 */
final class IntegerDecoder {
  private final BitReader in;
  private final boolean deltaOfDelta;
  private boolean started;
  private long value;
  private long delta;

  IntegerDecoder(BitReader in, IntegerEncoding encoding) {
    this.in = in;
    this.deltaOfDelta = encoding == IntegerEncoding.DELTA_OF_DELTA;
  }

  /** Decodes and returns the next value. */
  long next() {
    long read = Buckets.INTEGERS.read(in);
    if (!started) {
      started = true;
      value = read;
      return value;
    }
    delta = deltaOfDelta ? delta + read : read;
    value += delta;
    return value;
  }
}
