#!/usr/bin/env bash
# Kernel route installation, side by side: cairn's FibWriter, `ip -batch` and BIRD 2's kernel
# protocol, each into a fresh network namespace (run as root).
#
#   benchmarks/scripts/fib-bench.sh [N]      (default 1000000)
#
# The routes are IPv6 /56s inside the documentation prefix 2001:db8::/32, installed only in
# namespaces this benchmark creates and removes; no packet is sent. Writes
# benchmarks/results/fib-install.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" = 0 ] || { echo "fib-bench needs root (network namespaces)" >&2; exit 1; }
cd "$top"
mvn -B -q -pl benchmarks -am package -DskipTests >&2
exec java -Xmx4g -cp benchmarks/target/benchmarks.jar dev.cairn.bench.fib.KernelInstallBenchmark "$@"
