package io.backtracedb.catalog;

import io.backtracedb.Schema;
import io.backtracedb.TableOptions;

/**
 * A table as the catalog records it. The id is never reused, so WAL records of a dropped table are
 * never applied to a new table of the same name.
 *
 * @param id the table's permanent id
 * @param name the table's name
 * @param schema its columns
 * @param options its options
 */
public record TableEntry(long id, String name, Schema schema, TableOptions options) {}
