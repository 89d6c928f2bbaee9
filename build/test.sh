#!/usr/bin/env bash
# Runs every test of Planck.sln against a throwaway PostgreSQL cluster.
#
#   build/test.sh            (from any directory)
#
# The last line of output is always "N passed, N failed, N skipped" once the tests ran.
# Exit status is non-zero if the build fails, any test fails, `dotnet test` exits
# non-zero, or no test was found at all.
#
# Optional environment:
#   PLANCK_TEST_RESULTS_DIR   keep the TRX files there (default: a temp dir, deleted on exit)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PG_PORT=55432

# shellcheck source=build/postgres.sh
source "$ROOT/build/postgres.sh"

if [[ -n "${PLANCK_TEST_RESULTS_DIR:-}" ]]; then
    RESULTS_DIR="$PLANCK_TEST_RESULTS_DIR"
    KEEP_RESULTS=1
    rm -rf "$RESULTS_DIR"
    mkdir -p "$RESULTS_DIR"
else
    RESULTS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/planck-test-results.XXXXXXXX")"
    KEEP_RESULTS=0
fi

cleanup() {
    # Silent: the summary line must stay the last line of output.
    planck_pg_stop >/dev/null 2>&1 || true
    if [[ "$KEEP_RESULTS" -eq 0 ]]; then rm -rf "$RESULTS_DIR" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> Starting PostgreSQL on 127.0.0.1:$PG_PORT"
planck_pg_start "$PG_PORT"
export PLANCK_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=postgres;Pooling=true"

echo "==> dotnet build Planck.sln -c Release"
build_rc=0
dotnet build Planck.sln -c Release -v minimal || build_rc=$?
if [[ "$build_rc" -ne 0 ]]; then
    echo "" >&2
    echo "ERROR: dotnet build failed (exit code $build_rc); no tests were run." >&2
    exit "$build_rc"
fi

echo "==> dotnet test Planck.sln -c Release --no-build"
test_rc=0
dotnet test Planck.sln -c Release --no-build \
    --verbosity minimal \
    --logger "trx" \
    --results-directory "$RESULTS_DIR" || test_rc=$?

mapfile -t TRX_FILES < <(find "$RESULTS_DIR" -type f -name '*.trx' | sort)

echo ""
echo "==> Test summary (${#TRX_FILES[@]} TRX file(s))"
if [[ "$test_rc" -ne 0 ]]; then
    echo "dotnet test exited with code $test_rc"
fi

summary_rc=0
python3 "$ROOT/build/trx_summary.py" "${TRX_FILES[@]}" || summary_rc=$?

if [[ "$test_rc" -ne 0 ]]; then exit "$test_rc"; fi
if [[ "$summary_rc" -ne 0 ]]; then exit "$summary_rc"; fi
exit 0
