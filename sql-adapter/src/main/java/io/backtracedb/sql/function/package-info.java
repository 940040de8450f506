/** BacktraceDB's SQL functions: {@code time_bucket}. */
package io.backtracedb.sql.function;
