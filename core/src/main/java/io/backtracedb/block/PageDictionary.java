package io.backtracedb.block;

import org.apache.parquet.column.Dictionary;

/**
 * A column chunk's decoded dictionary page, cached in its {@link BlockLayout}.
 *
 * @param dictionary Parquet's dictionary, which dictionary-encoded pages decode through
 * @param strings every entry as a Java string for a VARCHAR column (decoded from UTF-8 once), or
 *     null for other types
 */
record PageDictionary(Dictionary dictionary, String[] strings) {}
