package io.backtracedb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expectation the metrics harness checks engines against. */
class MetricsAnswersTest {
  @Test
  void rateFollowsTheWorkedExampleOfTheSqlGuide() {
    // docs/sql.md: 10, 15, 25, 5, 12, 12 at 0..50 s: increase 27 (the reset to 5 counts 5).
    long[] times = {0, 10_000, 20_000, 30_000, 40_000, 50_000};
    long[] values = {10, 15, 25, 5, 12, 12};
    assertEquals(0.54, MetricsAnswers.rate(times, values, 0, 6), 1e-15);
    assertEquals(1.0, MetricsAnswers.rate(times, values, 1, 3), 1e-15);
    assertNull(MetricsAnswers.rate(times, values, 2, 3));
  }

  @Test
  void bucketsAlignToFiveMinutesOfTheClock() {
    long start = MetricsData.START_MILLIS;
    assertEquals(start, MetricsAnswers.bucketOf(start));
    assertEquals(start, MetricsAnswers.bucketOf(start + 299_999));
    assertEquals(start + 300_000, MetricsAnswers.bucketOf(start + 300_000));
    assertEquals(start - 300_000, MetricsAnswers.bucketOf(start - 1));
  }

  @Test
  void theHourQueriedHoldsTheMiddleOfTheDataOrIsTheFirst() {
    assertEquals(
        MetricsData.START_MILLIS, MetricsAnswers.hourStart(MetricsData.generate(2, 360, 1)));
    MetricsData day = MetricsData.generate(2, 8640, 1);
    long start = MetricsAnswers.hourStart(day);
    long middle = (MetricsData.START_MILLIS + day.lastTime()) / 2;
    assertEquals(0, (start - MetricsData.START_MILLIS) % MetricsAnswers.HOUR_MILLIS);
    assertTrue(start <= middle && middle < start + MetricsAnswers.HOUR_MILLIS, "hour " + start);
  }

  @Test
  void everyBucketOfEveryHostIsAnsweredOnceInHostAndTimeOrder() {
    MetricsData data = MetricsData.generate(3, 90, 7);
    List<MetricsAnswers.Bucket> all =
        MetricsAnswers.rateOfAllHosts(data, Long.MIN_VALUE, Long.MAX_VALUE);
    // 90 scrapes of 10 s span 15 minutes: three or four buckets a host, by the host's phase.
    for (int h = 0; h < 3; h++) {
      long[] times = data.times(h);
      long buckets =
          (MetricsAnswers.bucketOf(times[89]) - MetricsAnswers.bucketOf(times[0]))
                  / MetricsAnswers.BUCKET_MILLIS
              + 1;
      String host = data.host(h);
      assertEquals(buckets, all.stream().filter(b -> b.host().equals(host)).count(), host);
    }
    // The one-host query asks for the middle host, over the whole period.
    assertEquals(
        all.stream().filter(b -> b.host().equals(data.host(1))).toList(),
        MetricsAnswers.rateOfOneHost(data));
  }

  @Test
  void aRateOffByMoreThanTheToleranceIsAWrongAnswer() {
    List<MetricsAnswers.Bucket> expected = List.of(new MetricsAnswers.Bucket("h", 0, 2.0));
    MetricsAnswers.check("same", expected, List.of(new MetricsAnswers.Bucket("h", 0, 2.0 + 1e-12)));
    assertThrows(
        ChildTask.WrongAnswerException.class,
        () ->
            MetricsAnswers.check(
                "off", expected, List.of(new MetricsAnswers.Bucket("h", 0, 2.0 + 1e-6))));
    assertThrows(
        ChildTask.WrongAnswerException.class,
        () ->
            MetricsAnswers.check(
                "null", expected, List.of(new MetricsAnswers.Bucket("h", 0, null))));
    assertThrows(
        ChildTask.WrongAnswerException.class,
        () -> MetricsAnswers.check("missing", expected, new ArrayList<>()));
  }
}
