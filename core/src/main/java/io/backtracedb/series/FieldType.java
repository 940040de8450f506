package io.backtracedb.series;

/** The type of a series field: the value columns a chunk holds beside its timestamps. */
public enum FieldType {
  /** 64-bit floating point, XOR-encoded. */
  DOUBLE,
  /** 64-bit signed integer, delta or delta-of-delta encoded. */
  BIGINT
}
