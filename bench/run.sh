#!/usr/bin/env bash
# Benchmark of Cordon's scanners against wc, cat, zcat, awk, DuckDB and jq on the same generated
# files. Prints each tool's median wall time (JVM start-up included for Java tools), Cordon's ratio
# to it, and Cordon's peak RSS on two input sizes. Checks that every tool outputs the same rows.
#
# usage: bench/run.sh [--quick] [--runs N]
#   --quick   100 MiB of flow logs and 50 MiB of CloudTrail instead of 1 GiB and 500 MiB
#   --runs N  timed runs per command after one warm-up run (default 5, 3 with --quick)
# Data and build outputs go to bench/work (git-ignored) unless BENCH_WORK is set.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${BENCH_WORK:-$root/bench/work}"
flow_mib=1024
trail_mib=500
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) flow_mib=100; trail_mib=50; runs=3 ;;
    --runs) runs="$2"; shift ;;
    *) echo "unknown option: $1 (expected --quick or --runs N)" >&2; exit 2 ;;
  esac
  shift
done

duck_version=2.0.0.1
duck_jar="$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$duck_version/duckdb_jdbc-$duck_version.jar"
data="$work/data-$flow_mib-$trail_mib"
out="$work/out"
mkdir -p "$work" "$out"

# --- build -------------------------------------------------------------------------------------
echo "== building cordon (skipping tests)" >&2
(cd "$root" && ./mvnw -q -B -ntp -DskipTests package -pl cordon-cli -am) >&2
cordon_jar="$root/cordon-cli/target/cordon.jar"
if [ ! -f "$duck_jar" ]; then
  echo "== fetching the DuckDB JDBC driver $duck_version from Maven Central" >&2
  (cd "$root" && ./mvnw -q -B -ntp dependency:get -Dartifact=org.duckdb:duckdb_jdbc:$duck_version) >&2
fi
if ! command -v jq >/dev/null; then
  echo "== installing jq with apt-get" >&2
  apt-get install -y jq >&2
fi
classes="$work/classes"
mkdir -p "$classes"
# Compiled like the product (see the root pom.xml): string concatenation without invokedynamic.
javac -q -XDstringConcat=inline -d "$classes" -cp "$cordon_jar" "$root"/bench/src/*.java 2>/dev/null \
  || javac -XDstringConcat=inline -d "$classes" -cp "$cordon_jar" "$root"/bench/src/*.java
# The Cordon rows run from jars only, as class-data sharing below needs.
jar cf "$work/bench.jar" -C "$classes" .
cp_cordon="$cordon_jar:$work/bench.jar"
cp_duck="$duck_jar:$classes"

# --- data --------------------------------------------------------------------------------------
if [ ! -f "$data/done" ]; then
  echo "== generating $flow_mib MiB of flow logs and $trail_mib MiB of CloudTrail in $data" >&2
  rm -rf "$data"
  java -cp "$cordon_jar" dev.cordon.core.demo.BenchData "$data" "$flow_mib" "$trail_mib"
  # The x4 input for the memory check: the plain file four times, header lines included.
  cat "$data/flow.log" "$data/flow.log" "$data/flow.log" "$data/flow.log" > "$data/flow-x4.log"
  touch "$data/done"
fi
flow="$data/flow.log"
flowgz="$data/flow.log.gz"
objects="$data/flow-objects"
trail="$data/cloudtrail"
address=10.0.1.55
instance=i-0abc123def456

# The Cordon rows run with the launcher's JVM options (heap cap, collector, compiler thresholds).
jvm_args="@$root/cordon-cli/jvm.args"

# Class-data sharing for the Cordon query rows, as the ./cordon launcher uses it: one query on the
# first 40 MiB of the flow log records the classes it loads, and the timed runs map them. It only
# shortens JVM start-up. 40 MiB is enough for the file to be read as chunks on worker threads, as a
# user's first run on a real log would be, so those classes are in the archive too.
# -Xlog:cds*=off keeps the JVM's CDS messages out of the compared output.
head -c 41943040 "$flow" > "$work/flow-head.log"
rm -f "$work/cordon-query.jsa"
java "$jvm_args" -XX:ArchiveClassesAtExit="$work/cordon-query.jsa" -Xlog:cds*=off -cp "$cp_cordon" \
  CordonQuery flow "$address" "$work/flow-head.log" > /dev/null
cordon_query=(java "$jvm_args" -XX:SharedArchiveFile="$work/cordon-query.jsa" -Xlog:cds*=off -cp "$cp_cordon" CordonQuery)
# The same for cordon investigate, recorded on one investigation of those lines.
rm -f "$work/cordon-cli.jsa"
java "$jvm_args" -XX:ArchiveClassesAtExit="$work/cordon-cli.jsa" -Xlog:cds*=off -jar "$cordon_jar" investigate -q \
  --instance "$instance" --ip "$address" --flow-logs "$work/flow-head.log" --format json > /dev/null || true

# --- timing helpers ----------------------------------------------------------------------------
declare -A median
order=()

# time_cmd NAME COMMAND...: one warm-up run, then $runs timed runs; keeps the last output in $out/NAME.
time_cmd() {
  local name="$1"; shift
  "$@" > "$out/$name.txt"
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" > "$out/$name.txt"
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  median[$name]=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
  order+=("$name")
  printf '%-28s %8.3f s\n' "$name" "${median[$name]}" >&2
}

peak_rss_mib() {
  /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}'
}

# same ANSWER_FILE...: every file, sorted, has the same content as the first.
same() {
  local first="$1"; shift
  local expected; expected=$(sort "$first" | md5sum)
  for file in "$@"; do
    if [ "$(sort "$file" | md5sum)" != "$expected" ]; then
      echo "MISMATCH: $file differs from $first" >&2
      diff <(sort "$first") <(sort "$file") | head -5 >&2
      return 1
    fi
  done
  echo "agree: $(basename "$first") $(for f in "$@"; do printf '%s ' "$(basename "$f")"; done)($(wc -l < "$first") rows)" >&2
}

# investigate ARGS...: runs cordon investigate; exit code 10 only means it reported findings.
investigate() {
  local rc=0
  java "$jvm_args" -XX:SharedArchiveFile="$work/cordon-cli.jsa" -Xlog:cds*=off -jar "$cordon_jar" investigate -q "$@" || rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 10 ]
}

has_investigate() { java -jar "$cordon_jar" investigate --help 2>&1 | grep -c -- '--flow-logs' >/dev/null; }

# check_beacon REPORT: the investigation found the planted beacon.
check_beacon() {
  if grep -q '203.0.113.100' "$1"; then
    echo "agree: $(basename "$1") names the beacon to 203.0.113.100" >&2
  else
    echo "MISMATCH: $1 does not name the beacon to 203.0.113.100" >&2
    return 1
  fi
}

awk_program='NR>1 && ($4=="'$address'" || $5=="'$address'") {b[$5" "$7]+=$10} END{for(k in b) printf "%s %.0f\n", k, b[k]}'
duck_flow() {
  echo "SELECT dstaddr, dstport, sum(bytes) AS b FROM read_csv('$1', delim=' ', header=true, nullstr='-')
        WHERE srcaddr='$address' OR dstaddr='$address' GROUP BY ALL"
}
duck_trail="SELECT r.eventName, count(*) AS n FROM (SELECT unnest(Records) AS r FROM read_json('$trail/*.json.gz'))
            WHERE r.userIdentity.arn LIKE '%$instance%' GROUP BY 1 ORDER BY 2 DESC, 1"
jq_trail() {
  find "$trail" -name '*.json.gz' -print0 | xargs -0 zcat \
    | jq -r --arg id "$instance" '.Records[] | select((.userIdentity.arn // "") | contains($id)) | .eventName' \
    | sort | uniq -c | awk '{print $2, $1}'
}

echo "== plain flow log: $(du -h "$flow" | cut -f1), $runs runs each" >&2
time_cmd plain.wc wc -l "$flow"
time_cmd plain.cat sh -c "cat '$flow' > /dev/null"
time_cmd plain.awk mawk "$awk_program" "$flow"
time_cmd plain.duckdb java -cp "$cp_duck" DuckQuery "$(duck_flow "$flow")"
time_cmd plain.cordon "${cordon_query[@]}" flow "$address" "$flow"
same "$out/plain.cordon.txt" "$out/plain.awk.txt" "$out/plain.duckdb.txt"
if has_investigate; then
  time_cmd plain.investigate investigate --instance "$instance" --ip "$address" \
    --flow-logs "$flow" --format json
  check_beacon "$out/plain.investigate.txt"
fi

echo "== one gzip file: $(du -h "$flowgz" | cut -f1)" >&2
time_cmd gzip.zcat sh -c "zcat '$flowgz' > /dev/null"
time_cmd gzip.java-inflate java -cp "$classes" GzCount "$flowgz"
time_cmd gzip.duckdb java -cp "$cp_duck" DuckQuery "$(duck_flow "$flowgz")"
time_cmd gzip.cordon "${cordon_query[@]}" flow "$address" "$flowgz"
same "$out/plain.cordon.txt" "$out/gzip.cordon.txt" "$out/gzip.duckdb.txt"

echo "== 5-minute gzip objects: $(ls "$objects" | wc -l) files, $(du -sh "$objects" | cut -f1)" >&2
time_cmd objects.zcat sh -c "zcat '$objects'/*.log.gz > /dev/null"
time_cmd objects.duckdb java -cp "$cp_duck" DuckQuery "$(duck_flow "$objects/*.log.gz")"
time_cmd objects.cordon "${cordon_query[@]}" flow "$address" "$objects"
same "$out/plain.cordon.txt" "$out/objects.cordon.txt" "$out/objects.duckdb.txt"

echo "== CloudTrail: $(ls "$trail" | wc -l) gzip files, $(du -sh "$trail" | cut -f1)" >&2
time_cmd trail.jq jq_trail
time_cmd trail.duckdb java -cp "$cp_duck" DuckQuery "$duck_trail"
time_cmd trail.cordon "${cordon_query[@]}" trail "$instance" "$trail"
same "$out/trail.cordon.txt" "$out/trail.jq.txt" "$out/trail.duckdb.txt"
if has_investigate; then
  time_cmd trail.investigate investigate --instance "$instance" --cloudtrail "$trail" --format json
fi

echo "== peak RSS of the Cordon flow query" >&2
rss1=$(peak_rss_mib "${cordon_query[@]}" flow "$address" "$flow")
rss4=$(peak_rss_mib "${cordon_query[@]}" flow "$address" "$data/flow-x4.log")
# The same with a 64 MiB heap. With the launcher's 1 GB cap, peak RSS also contains the garbage made
# before the first collection, which grows with the input until the young generation is full.
cordon_query_small=(java "$jvm_args" -Xmx64m -XX:SharedArchiveFile="$work/cordon-query.jsa" -Xlog:cds*=off
  -cp "$cp_cordon" CordonQuery)
rss1_small=$(peak_rss_mib "${cordon_query_small[@]}" flow "$address" "$flow")
rss4_small=$(peak_rss_mib "${cordon_query_small[@]}" flow "$address" "$data/flow-x4.log")
rss_duck=$(peak_rss_mib java -cp "$cp_duck" DuckQuery "$(duck_flow "$flow")")

# --- summary -----------------------------------------------------------------------------------
ratio() { echo "scale=2; $1 / $2" | bc; }
echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(java -version 2>&1 | head -1)"
echo "input: flow log $(stat -c %s "$flow") bytes, gzip $(stat -c %s "$flowgz") bytes, CloudTrail $(du -sb "$trail" | cut -f1) bytes gzip"
printf '%-24s %10s %22s\n' command "median s" "tool time / Cordon time"
for name in "${order[@]}"; do
  group="${name%%.*}"
  [ "$name" = "$group.investigate" ] && continue
  printf '%-24s %10.3f %22s\n' "$name" "${median[$name]}" "$(ratio "${median[$name]}" "${median[$group.cordon]}")"
done
for name in plain.investigate trail.investigate; do
  [ -n "${median[$name]:-}" ] && printf '%-24s %10.3f %22s\n' "$name" "${median[$name]}" "(cordon investigate)"
done
echo "peak RSS: Cordon $rss1 MiB on the $flow_mib MiB file, $rss4 MiB on four times that; DuckDB $rss_duck MiB"
echo "peak RSS with -Xmx64m: Cordon $rss1_small MiB on the $flow_mib MiB file, $rss4_small MiB on four times that"
