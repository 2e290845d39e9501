#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14 with AddressSanitizer and
# UndefinedBehaviorSanitizer, tests/fuzz/CMakeLists.txt) into a build tree of
# their own and runs each for SECONDS, one after the other. The test command
# runs them for a few seconds each (ctest fuzz_smoke_test); a campaign runs
# them for minutes or hours (tests/fuzz/README.md).
#
# Usage: tests/fuzz/run.sh [SECONDS] [TARGET...]
#   SECONDS   how long each target runs (default 180)
#   TARGET    only these targets (default all): validation import_page
#             page_token resource_name bibtex yaml_edit tex_unicode
# Environment:
#   VITA_BUILD_DIR   [build]   the fuzz build goes into its fuzz/ folder
#   VITA_JOBS        [2]       parallel build jobs
#   VITA_FUZZ_ARGS   []        more libFuzzer flags, e.g. "-max_len=65536"
#   VITA_FUZZ_CORPUS [BUILD/fuzz/corpus]  where new inputs are kept
#
# Each target starts from its committed seeds (tests/fuzz/corpus/TARGET/)
# and the inputs kept from earlier runs (VITA_FUZZ_CORPUS/TARGET/), and
# keeps the new inputs it finds there, never in the checkout. A crash, a sanitizer report or a broken check stops that
# target, leaves the input in BUILD/fuzz/crashes/TARGET/ and makes the
# script exit 1 after the others ran, naming each failed target and input.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../deploy/lib.sh"
repo=$VITA_REPO
all_targets=(validation import_page page_token resource_name bibtex yaml_edit
  tex_unicode)
synopsis="[SECONDS] [TARGET...]"
seconds=180
case "${1:-}" in
  -h|--help) vita_help; exit 0 ;;
  '') ;;
  *[!0-9]*) ;;
  *) seconds=$1; shift ;;
esac
targets=("$@")
(( ${#targets[@]} )) || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || vita_other_arg "$target" "$synopsis"
done
(( seconds > 0 )) || vita_usage "$synopsis"

build=$(vita_build_dir)/fuzz
say() { echo "fuzz: $*" >&2; }
for tool in clang-14 clang++-14; do
  command -v "$tool" >/dev/null || {
    say "$tool not found; 'deploy/install-deps.sh --for-tests' installs it (Debian: clang-14 libclang-rt-14-dev)"
    exit 1
  }
done

CC=clang-14 CXX=clang++-14 cmake -S "$repo/tests/fuzz" -B "$build" -G Ninja \
  -DVITA_FUZZ=ON >/dev/null
nice cmake --build "$build" -j "${VITA_JOBS:-2}" \
  --target "${targets[@]/%/_fuzz_test}" >/dev/null

read -r -a extra <<<"${VITA_FUZZ_ARGS:-}"
# A check that fails aborts; UBSan reports are errors too (the flags in
# CMakeLists.txt), and ASan stops on the first one.
# Leaks inside Debian's libraries are suppressed (lsan.supp); telling them
# from ours needs whole stacks through libbtparse (the slow unwinder).
asan_options=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$repo/tests/fuzz/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for target in "${targets[@]}"; do
  corpus=${VITA_FUZZ_CORPUS:-$build/corpus}/$target crashes=$build/crashes/$target
  mkdir -p "$corpus" "$crashes"
  log=$build/$target.log
  say "$target: ${seconds}s"
  options=$asan_options
  [[ $target == bibtex ]] && options+=:fast_unwind_on_malloc=0
  if ASAN_OPTIONS=$options "$build/${target}_fuzz_test" -max_total_time="$seconds" \
       -print_final_stats=1 -artifact_prefix="$crashes/" "${extra[@]}" \
       "$corpus" "$repo/tests/fuzz/corpus/$target" >"$log" 2>&1; then
    say "$target: ok, $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') inputs run"
  else
    failed+=("$target")
    grep -E 'ERROR|SUMMARY|^[a-z].*:$|Test unit written' "$log" | head -20 >&2 || true
    say "$target: FAILED (log: $log)"
  fi
done
if (( ${#failed[@]} )); then
  say "failed: ${failed[*]}; to reproduce, run BUILD/fuzz/TARGET_fuzz_test with the input file"
  exit 1
fi
say "all ${#targets[@]} targets ran ${seconds}s each without a finding"
