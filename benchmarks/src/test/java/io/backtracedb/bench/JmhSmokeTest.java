package io.backtracedb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.backtracedb.bench.micro.RowFilterBenchmark;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** One microbenchmark runs through JMH in this JVM with minimal iterations. */
class JmhSmokeTest {

  @Test
  void rowFilterBenchmarkRunsAndReportsAScore() throws Exception {
    Options options =
        new OptionsBuilder()
            .include(RowFilterBenchmark.class.getName())
            .param("predicate", "symbol_eq")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    assertEquals(1, results.size());
    double score = results.iterator().next().getPrimaryResult().getScore();
    assertTrue(score > 0, "score " + score);
  }
}
