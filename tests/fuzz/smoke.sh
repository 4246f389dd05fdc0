#!/bin/sh
# The short fuzzing run of `make test` (FUZZ_SMOKE in tests/fuzz/fuzz.mk):
# run the ELF fuzzer for a fixed number of inputs on a scratch copy of the
# seed corpus, and print one line (with libFuzzer's random seed: -seed=N
# repeats a run, as far as libFuzzer is deterministic).  Any crash,
# sanitizer report, leak or hang fails it: the start of the report is shown,
# and the input is in build/fuzz-artifacts/.
#   sh tests/fuzz/smoke.sh FUZZER [LIBFUZZER_FLAG...]
# Extra flags come last and so win (-seed=7, -runs=100000).  The run stops
# early, and passes, if it takes over 120 s (a very slow or loaded machine).
set -u

if [ $# -lt 1 ]; then
	echo "usage: smoke.sh FUZZER [LIBFUZZER_FLAG...]" >&2
	exit 2
fi
fuzzer=$1
shift
runs=3000000 # about 20 s at the 150000 inputs/s of one idle x86 core
seeds=$(dirname "$0")/corpus
work=build/fuzz-smoke
artifacts=build/fuzz-artifacts/
log=$work/fuzz.log

rm -rf "$work"
mkdir -p "$work/corpus" "$artifacts" || exit 1
cp "$seeds"/* "$work/corpus/" || exit 1
nseeds=$(find "$work/corpus" -type f | wc -l)

start=$(date +%s)
"$fuzzer" -runs=$runs -max_total_time=120 -timeout=10 \
	-artifact_prefix="$artifacts" "$@" "$work/corpus" >"$log" 2>&1
status=$?
secs=$(($(date +%s) - start))

# "#3000000<TAB>DONE cov: 162 ft: 314 corp: 100/44Kb ..." and "Done 3000000 runs in 19 second(s)"
execs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)
seed=$(sed -n 's/^INFO: Seed: \([0-9]*\).*/\1/p' "$log" | head -n 1)
cov=$(sed -n 's/.*[[:space:]]DONE .*cov: \([0-9]*\).*/\1/p' "$log" | tail -n 1)
ninputs=$(find "$work/corpus" -type f | wc -l)
if [ "$status" -eq 0 ] && [ -n "$execs" ]; then
	echo "fuzz_elf: ok: $execs inputs in $secs s (-seed=$seed), corpus $nseeds seeds ->" \
		"$ninputs inputs, coverage $cov (log: $log)"
	exit 0
fi

echo "fuzz_elf: FAILED with status $status after $secs s (-seed=$seed); full log: $log"
# The report, from its first line to its SUMMARY line (at most 40 lines; the
# stack and the shadow bytes are in the log), then where the input went.
first=$(grep -n -m 1 -E '==[0-9]+==ERROR|runtime error:|deadly signal|ALARM|out-of-memory|ERROR:' \
	"$log" | cut -d: -f1)
if [ -n "$first" ]; then
	tail -n +"$first" "$log" | sed -e 's/ (BuildId: [0-9a-f]*)//' -e '/^SUMMARY: /q' | head -n 40
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)
	[ -z "$crash" ] || echo "fuzz_elf: the input is $crash; replay it with: $fuzzer $crash"
else
	tail -n 30 "$log"
fi
[ "$status" -ne 0 ] || status=1
exit "$status"
