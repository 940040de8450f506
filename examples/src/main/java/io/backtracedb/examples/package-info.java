/** Runnable examples of BacktraceDB's embedded API, JDBC driver and Parquet blocks. */
package io.backtracedb.examples;
