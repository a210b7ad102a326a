#!/usr/bin/env bash
# fuzz_smoke.sh - test: a short libFuzzer run of every target in
# tests/fuzz/ (make test runs it; make test T=fuzz_smoke alone).
#
# Runs tools/fuzz.sh for FUZZ_SMOKE_SECONDS (default 20) per target: it
# first replays every input in tests/fuzz/corpus-regressions/ (each once
# crashed; all must pass now), then fuzzes, and saves any new crashing
# input there as a regression case to commit.  The working corpus in
# $BUILD/fuzz/corpus/ persists, so each smoke run starts where the last
# one stopped.  Exit 0 when no target crashed.
set -u
cd "$(dirname "$0")/../.." || exit 2
exec tools/fuzz.sh "${FUZZ_SMOKE_SECONDS:-20}"
