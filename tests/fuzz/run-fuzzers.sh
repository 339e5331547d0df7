#!/bin/sh
# run-fuzzers.sh CORPUS_ROOT SECONDS TARGET... - run each libFuzzer target
# for a bounded time on a scratch copy of its seed corpus (the committed
# corpus is never modified). Prints one TAP line per target; crashing
# inputs are kept in fuzz-artifacts/ for replay.
set -u
corpus_root=$1
seconds=$2
shift 2

echo "1..$#"
n=0
failed=0
mkdir -p fuzz-artifacts
for target in "$@"; do
    n=$((n + 1))
    name=$(basename "$target")
    work=$(mktemp -d)
    cp -R "$corpus_root/$name/." "$work/" 2>/dev/null
    log="fuzz-artifacts/$name.log"
    if "./$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="fuzz-artifacts/$name-" -print_final_stats=1 "$work" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "ok $n - $name: ${runs:-?} runs in ${seconds}s, no crash"
    else
        failed=$((failed + 1))
        echo "not ok $n - $name: crashed, see $log"
        tail -n 30 "$log" | sed 's/^/# /'
    fi
    rm -rf "$work"
done
[ "$failed" -eq 0 ]
