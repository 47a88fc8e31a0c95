#!/bin/sh
# Issue 4, must-show 5: install N IPv4 routes into a fresh network namespace's kernel table with
# cairn's FIB writer, with `ip -batch` and with BIRD 2's kernel protocol, side by side; prints a
# Markdown table and writes benchmarks/results/fib-install.md.
#
# Needs root (network namespaces) and bird (BIRD 2) on the PATH. Usage:
#   sudo benchmarks/scripts/fib-bench.sh [N]          # N defaults to 1000000
#
# Addresses: the routes are N /24s from 11.0.0.0 upward. They are not documentation prefixes (those
# hold too few), which is acceptable only because each run installs them in a throwaway namespace
# whose only link is a veth pair with both ends inside it: no packet is ever sent to them, and the
# namespace is deleted afterwards. Gateways are 192.0.2.2/.3 on that veth.
set -eu
cd "$(dirname "$0")/../.."
N="${1:-1000000}"
if [ ! -f benchmarks/target/benchmarks.jar ] || [ -n "${REBUILD:-}" ]; then
  mvn -B -q -o -pl benchmarks -am package -DskipTests
fi
exec java -Xms2g -Xmx6g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar \
  dev.cairn.bench.fib.KernelInstallBenchmark "$N" benchmarks/results/fib-install.md
