#!/usr/bin/env bash
# Builds the ConfabFuzz libFuzzer target and fuzzes the read → normalize →
# summarize → plan → render stages for a bounded time, on a copy of Tests/Fuzz/corpus so
# the repository is never written. Exits non-zero when libFuzzer finds a crash,
# a timeout, a leak or runaway memory; the input is kept in .fuzz-artifacts/.
#
#   FUZZ_SECONDS   fuzzing time, default 60
set -euo pipefail

cd "$(dirname "$0")/.."
repo=$PWD
seconds=${FUZZ_SECONDS:-60}
artifacts=$repo/.fuzz-artifacts

# `--sanitize=fuzzer` makes SwiftPM link libFuzzer's `main` (no `--defsym main=`
# for the executable, -parse-as-library everywhere); it passes each --sanitize as
# its own -sanitize= and swiftc keeps only the last, so both sanitizers go in one
# -Xswiftc flag, which comes after. FUZZING drops the target's replay `main`.
# Release: about three times the executions per second of a debug build.
flags=(-c release --build-path .build-fuzz --product ConfabFuzz
       --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING)
start=$SECONDS
# gold warns once per ASan helper it cannot export; nothing to act on.
swift build "${flags[@]}" 2>&1 | sed '/Cannot export local symbol/d'
echo "fuzz build: $((SECONDS - start)) s"
fuzzer="$(swift build "${flags[@]}" --show-bin-path)/ConfabFuzz"

# Swift's own crash reporter, under ASan, hangs the run after a crash (its
# helper outlives the fuzzer); libFuzzer and ASan report crashes themselves.
export SWIFT_BACKTRACE=enable=no
# The theme parsed once before fuzzing is not a leak (see the file).
export LSAN_OPTIONS="suppressions=$repo/Tests/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

work=$(mktemp -d "${TMPDIR:-/tmp}/confab-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R Tests/Fuzz/corpus "$work/corpus"
mkdir -p "$artifacts"

# -timeout catches inputs that take seconds (a quadratic path), -max_len lets
# inputs grow to a long transcript's size; libFuzzer exits non-zero on a finding.
status=0
(cd "$work" && "$fuzzer" corpus \
    -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -dict="$repo/Tests/Fuzz/confab.dict" -artifact_prefix="$artifacts/" \
    -print_final_stats=1) 2>&1 | tee "$work/log" || status=$?

executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
echo "fuzz: ${executions:-?} executions, ${rate:-?} exec/s in ${seconds} s"
if [ "$status" -ne 0 ]; then
    echo "fuzz: failed (exit $status); the report with Swift names demangled:" >&2
    sed -n '/ERROR: /,/^SUMMARY/p' "$work/log" | swift demangle --simplified >&2
    sed -n 's/.*Test unit written to /fuzz: input saved in /p' "$work/log" >&2
fi
exit "$status"
