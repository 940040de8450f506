package io.backtracedb.series;

/**
 * The constants of the series formats (docs/format/series.md), next to their readers and writers.
 */
public final class SeriesFormat {
  private SeriesFormat() {}

  /** Chunk field encoding: XOR doubles. */
  public static final int ENCODING_XOR = 1;

  /** Chunk field encoding: BIGINT deltas. */
  public static final int ENCODING_INTEGER_DELTA = 2;

  /** Chunk field encoding: BIGINT deltas of deltas. */
  public static final int ENCODING_INTEGER_DELTA_OF_DELTA = 3;

  /** Chunk field encoding: DOUBLE as scaled integers (DecimalScale), their deltas. */
  public static final int ENCODING_DECIMAL_DELTA = 4;

  /** Chunk field encoding: DOUBLE as scaled integers, their deltas of deltas. */
  public static final int ENCODING_DECIMAL_DELTA_OF_DELTA = 5;

  /** The bit of a field's encoding byte that says a presence bitmap precedes its values. */
  public static final int FIELD_HAS_PRESENCE = 0b1000_0000;

  /** The bits of a field's encoding byte that name the encoding. */
  public static final int FIELD_ENCODING_MASK = 0b0111_1111;

  /** The most samples a chunk can hold: the count is checked against this when read. */
  public static final int MAX_CHUNK_SAMPLES = 65_535;

  /** The most fields a chunk can hold: the field count is one byte. */
  public static final int MAX_FIELDS = 255;

  /** Bytes of a chunk's CRC32C, at its end. */
  public static final int CHUNK_CRC_BYTES = 4;

  /** "BTSF": the first and last four bytes of a chunk file. */
  public static final int CHUNK_FILE_MAGIC = 0x42545346;

  /** The chunk file version this code writes and reads. */
  public static final int CHUNK_FILE_VERSION = 1;

  /** Magic and version at the start of a chunk file. */
  public static final int CHUNK_FILE_HEADER_BYTES = 8;

  /** Series id 4, min time 8, max time 8, offset 8, length 4. */
  public static final int INDEX_ENTRY_BYTES = 32;

  /** Index offset 8, entry count 4, index CRC 4, version 4, trailer CRC 4, magic 4. */
  public static final int CHUNK_FILE_TRAILER_BYTES = 28;

  /** "BTLI": the first and last four bytes of a label index file. */
  public static final int LABEL_INDEX_MAGIC = 0x42544C49;

  /** The label index file version this code writes and reads. */
  public static final int LABEL_INDEX_VERSION = 1;
}
