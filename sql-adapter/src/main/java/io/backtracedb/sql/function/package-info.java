/**
 * BacktraceDB's SQL functions: {@code time_bucket}, and the series aggregates {@code increase},
 * {@code rate}, {@code delta}, {@code deriv}, {@code first_sample} and {@code last_sample}.
 */
package io.backtracedb.sql.function;
