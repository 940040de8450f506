package io.backtracedb.series;

/**
 * A chunk decoded whole into primitive arrays, by {@link ChunkReader#decode()}. The arrays are
 * owned by the record and must not be modified; equality is identity.
 *
 * @param header the chunk's series, time range and sample count
 * @param fields the type of each field
 * @param timestamps the samples' timestamps, strictly ascending
 * @param values per field and sample: the raw bits of a DOUBLE or the BIGINT; 0 when absent
 * @param present per field and sample: whether the sample has a value for the field
 */
public record DecodedChunk(
    ChunkHeader header,
    FieldType[] fields,
    long[] timestamps,
    long[][] values,
    boolean[][] present) {

  /** The DOUBLE value of field {@code field} at sample {@code sample}; NaN when absent. */
  public double doubleValue(int field, int sample) {
    return present[field][sample] ? Double.longBitsToDouble(values[field][sample]) : Double.NaN;
  }

  /** The BIGINT value of field {@code field} at sample {@code sample}; 0 when absent. */
  public long longValue(int field, int sample) {
    return values[field][sample];
  }
}
