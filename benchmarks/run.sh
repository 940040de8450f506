#!/usr/bin/env bash
# Runs the benchmarks with a classpath file instead of starting Maven per run (docs/performance.md).
#   benchmarks/run.sh embedded [quick|full|ROWS] [options]   whole-workload harness, a JVM per run
#   benchmarks/run.sh jdbc [quick|full|ROWS] [--engines backtrace,sqlite,h2,duckdb,questdb] [options]
#                                                             JDBC workload, a JVM per engine
#   benchmarks/run.sh index [quick|full|ROWS] [--engines backtrace,questdb,sqlite,h2] [options]
#                                                             index workload, a JVM per engine
#   benchmarks/run.sh metrics [quick|full|SCRAPES] [options]  series tables (1,000 hosts, 10 s
#                                                             scrapes for 1 hour or 1 day)
#   benchmarks/run.sh jmh [JMH options]                       JMH microbenchmarks, e.g. RowFilter
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$root/benchmarks/target"

needs_build() {
  [ -f "$target/classpath.txt" ] || return 0
  local jar
  jar=$(ls "$target"/backtrace-benchmarks-*.jar 2>/dev/null | head -n 1)
  [ -n "$jar" ] || return 0
  # Rebuild when any source or POM is newer than the benchmarks jar.
  [ -n "$(find "$root" -path "$root/*/target" -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$jar" -print -quit)" ]
}

usage() {
  echo "usage: benchmarks/run.sh embedded [quick|full|ROWS] [--variants ...] [--durabilities ...] [--jfr DIR] ..." >&2
  echo "       benchmarks/run.sh jdbc [quick|full|ROWS] [--engines backtrace,sqlite,h2,duckdb,questdb] [--heap 4g] ..." >&2
  echo "       benchmarks/run.sh index [quick|full|ROWS] [--engines backtrace,questdb,sqlite,h2] [--scan-lookups 10] ..." >&2
  echo "       benchmarks/run.sh metrics [quick|full|SCRAPES] [--engines series,table,duckdb] [--hosts N] ..." >&2
  echo "       benchmarks/run.sh jmh [JMH options]   (-l lists the benchmarks)" >&2
}

if [ $# -eq 0 ]; then
  usage
  exit 2
fi

if needs_build; then
  echo "building the benchmarks (first run, or sources changed)..." >&2
  (cd "$root" && mvn -q -DskipTests -Dspotless.check.skip=true -Dcheckstyle.skip=true \
      -Dforbiddenapis.skip=true -pl benchmarks -am package) >&2
fi

jar=$(ls "$target"/backtrace-benchmarks-*.jar | head -n 1)
classpath="$jar:$(cat "$target/classpath.txt")"
cd "$root"
command="$1"
shift
case "$command" in
  embedded)
    size="${1:-quick}"
    [ $# -gt 0 ] && shift
    case "$size" in
      quick) rows=1000000 ;;
      full) rows=10000000 ;;
      *) rows="$size" ;;
    esac
    exec java -Djava.awt.headless=true -cp "$classpath" io.backtracedb.bench.Main embedded \
        --rows "$rows" --command "benchmarks/run.sh embedded $size${*:+ $*}" "$@"
    ;;
  jdbc|index)
    size="${1:-quick}"
    [ $# -gt 0 ] && shift
    case "$size" in
      quick) rows=1000000 ;;
      full) rows=10000000 ;;
      *) rows="$size" ;;
    esac
    exec java -Djava.awt.headless=true -cp "$classpath" io.backtracedb.bench.Main "$command" \
        --rows "$rows" --label "$size" --command "benchmarks/run.sh $command $size${*:+ $*}" "$@"
    ;;
  metrics)
    # Without a size word, quick; a number is the scrapes per host (1,000 hosts either way).
    size=quick
    if [ $# -gt 0 ] && [[ "$1" != --* ]]; then
      size="$1"
      shift
    fi
    case "$size" in
      quick) scrapes=360 ;;
      full) scrapes=8640 ;;
      *) scrapes="$size" ;;
    esac
    exec java -Djava.awt.headless=true -cp "$classpath" io.backtracedb.bench.Main metrics \
        --scrapes "$scrapes" --label "$size" --command "benchmarks/run.sh metrics $size${*:+ $*}" "$@"
    ;;
  jmh)
    exec java -cp "$classpath" io.backtracedb.bench.Main jmh "$@"
    ;;
  *)
    usage
    exit 2
    ;;
esac
