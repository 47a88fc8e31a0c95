#!/usr/bin/env bash
# End-to-end side-by-side BGP benchmark: cairnd, BIRD 2, FRR bgpd(+zebra) and GoBGP, each fed by
# the harness's feeder and re-advertising to its receiver, in namespaced labs (run as root).
#
#   benchmarks/scripts/e2e-bench.sh [--no-build] [--n 1000000] [--n6 200000]
#       [--daemons bird,frr,gobgp,cairnd]
#       [--scenarios ceiling,1x,withdraw,10x,4same,ipv6,fib] [--timeout 300]
#       [--cairnd-jvm "-Xmx2g ..."] [--out benchmarks/results] [--logs DIR]
#   (--cairnd-jvm replaces packaging/jvm.options, the options cairnd ships with;
#    E2E_HOLD_SECONDS=N keeps each converged lab up N seconds, to look at it with jcmd or ip)
#
# Writes benchmarks/results/e2e-<date>.md and .csv (see --out) and prints the table.
# Documentation addresses only (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) on
# veths between namespaces this script creates; the benchmark prefixes exist only as routes inside
# those namespaces. Every namespace and process is removed at the end, also on failure or Ctrl-C.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "e2e-bench needs root (network namespaces)" >&2; exit 1; }
for t in ip bird /usr/lib/frr/bgpd /usr/lib/frr/zebra gobgpd java mvn; do
  command -v "$t" >/dev/null || { echo "missing $t" >&2; exit 1; }
done

build=1
args=()
jvm_given=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --cairnd-jvm) jvm_given=1; args+=("$1"); shift ;;
    *) args+=("$1"); shift ;;
  esac
done
# cairnd runs with the JVM options it ships with (packaging/jvm.options) unless told otherwise
if [ $jvm_given = 0 ]; then
  args+=(--cairnd-jvm "$(grep -v '^[[:space:]]*#' "$top/packaging/jvm.options" | tr '\n' ' ')")
fi

if [ $build = 1 ]; then
  echo "building cairnd and the harness ..." >&2
  (cd "$top" && mvn -B -q -o -pl daemon,benchmarks -am package dependency:build-classpath \
      -DskipTests -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath >&2)
fi
daemon_jar=$(ls "$top"/daemon/target/cairn-daemon-*.jar | grep -v -e sources -e javadoc | head -1)
cp_file="$top/benchmarks/target/cairnd.classpath"
echo "$daemon_jar:$(cat "$top/daemon/target/runtime.classpath")" > "$cp_file"
version="$(git -C "$top" rev-parse --short HEAD)$(git -C "$top" diff --quiet HEAD -- . ':!benchmarks' || echo -dirty)"

jpid=""
cleanup() {
  set +e
  if [ -n "$jpid" ] && kill -0 "$jpid" 2>/dev/null; then
    kill "$jpid"; sleep 2; kill -9 "$jpid" 2>/dev/null
  fi
  # namespaces of this run (named e2e<java pid>n<k>...) that the Java side could not remove
  if [ -n "$jpid" ]; then
    for ns in $(ip netns list | awk '{print $1}' | grep "^e2e${jpid}n" || true); do
      for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
      ip netns del "$ns" 2>/dev/null
    done
  fi
}
trap cleanup EXIT INT TERM

# one run at a time: two labs on this machine share its two cores and make both runs' figures
# wrong (and a run that is killed leaves namespaces behind, which are removed here)
for ns in $(ip netns list | awk '{print $1}' | grep '^e2e[0-9]*n' || true); do
  owner=${ns#e2e}; owner=${owner%%n*}
  if kill -0 "$owner" 2>/dev/null; then
    echo "another e2e-bench run (pid $owner) is in progress; wait for it to end" >&2
    exit 1
  fi
  for p in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$p" 2>/dev/null; done
  ip netns del "$ns" 2>/dev/null || true
done

cd "$top"
java -Xmx1g -cp "$top/benchmarks/target/benchmarks.jar" dev.cairn.bench.e2e.E2eBench \
  --cairnd-cp "$cp_file" --cairnd-version "$version" \
  --command "benchmarks/scripts/e2e-bench.sh ${args[*]:-}" "${args[@]}" &
jpid=$!
wait "$jpid"
