#!/usr/bin/env bash
# The soak test (issue 18), long mode, for a person (CI runs the short mode: SoakIT in benchmarks/).
# A neighbor flaps a 100k-prefix table again and again while another churns 10% of its prefixes
# with new attributes; afterwards cairnd's heap after a full GC, attribute interner, timer queues,
# Adj-RIBs-In/Out, RIB and the kernel's routes and nexthop objects must be back at their baseline.
# Run as root (network namespaces):
#
#   benchmarks/scripts/soak.sh [--no-build] [--duration 3600 | --cycles N] [--flap-prefixes 100000]
#       [--churn-prefixes 100000] [--churn-percent 10] [--checkpoint 600] [--cairnd-jvm "..."]
#       [--out benchmarks/results/soak-<date>.txt] [--logs DIR]
#
# Exit status 0 when every figure is back at its baseline, 1 when one is not (the line starting
# "SOAK FAILED" names it), 2 when the run could not be carried out. Documentation addresses only
# (192.0.2.0/24, 198.51.100.0/24) on veths between namespaces this script creates; the test
# prefixes exist only as routes inside them. Everything is removed at the end, also on Ctrl-C.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "soak needs root (network namespaces)" >&2; exit 2; }
for t in ip java jcmd mvn bash; do
  command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 2; }
done

build=1
args=()
jvm_given=0
out_given=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --cairnd-jvm) jvm_given=1; args+=("$1" "$2"); shift 2 ;;
    --out) out_given=1; args+=("$1" "$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ $jvm_given = 0 ]; then  # the JVM options cairnd ships with
  args+=(--cairnd-jvm "$(grep -v '^[[:space:]]*#' "$top/packaging/jvm.options" | tr '\n' ' ')")
fi
if [ $out_given = 0 ]; then
  args+=(--out "$top/benchmarks/results/soak-$(date -u +%Y-%m-%d).txt")
fi
if [ $build = 1 ]; then
  echo "building cairnd and the harness ..." >&2
  (cd "$top" && mvn -B -q -o -pl daemon,benchmarks -am package dependency:build-classpath \
      -DskipTests -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath >&2)
fi
daemon_jar=$(ls "$top"/daemon/target/cairn-daemon-*.jar | grep -v -e sources -e javadoc | head -1)
cp_file="$top/benchmarks/target/soak-cairnd.classpath"
echo "$daemon_jar:$(cat "$top/daemon/target/runtime.classpath")" > "$cp_file"

jpid=""
cleanup() {
  set +e
  if [ -n "$jpid" ] && kill -0 "$jpid" 2>/dev/null; then
    kill "$jpid"; sleep 2; kill -9 "$jpid" 2>/dev/null
  fi
  if [ -n "$jpid" ]; then  # namespaces of this run (e2e<java pid>n...) the Java side left behind
    for ns in $(ip netns list | awk '{print $1}' | grep "^e2e${jpid}n" || true); do
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
      ip netns del "$ns" 2>/dev/null
    done
  fi
}
trap cleanup EXIT INT TERM

cd "$top"
version="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . ':!benchmarks' || echo -dirty)"
java -Xmx1g -cp "$top/benchmarks/target/benchmarks.jar" dev.cairn.bench.soak.Soak \
  --cairnd-cp "$cp_file" --command "benchmarks/scripts/soak.sh ${args[*]} (cairnd $version)" \
  "${args[@]}" &
jpid=$!
set +e
wait "$jpid"
status=$?
jpid_done=$jpid
jpid=""
# leftovers, if the Java side was killed
for ns in $(ip netns list | awk '{print $1}' | grep "^e2e${jpid_done}n" || true); do
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null
done
exit $status
