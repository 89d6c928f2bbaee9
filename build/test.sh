#!/usr/bin/env bash
# Runs every test: Planck.sln against a throwaway PostgreSQL cluster, the web app's unit tests (Vitest), its
# browser suite (Playwright, against the built server and app; src/WebApp/e2e) and the deployment test (the server
# behind nginx; build/nginx-test.sh) and the backup test (backed up under load, restored; build/backup-test.sh).
#
#   build/test.sh            (from any directory)
#
# The last line of output is always "N passed, N failed, N skipped" once the tests ran, counting all three.
# Exit status is non-zero if the build fails, any test fails, a test runner exits non-zero, or no test was found
# at all.
#
# Optional environment:
#   PLANCK_TEST_RESULTS_DIR   keep the TRX and JUnit files there (default: a temp dir, deleted on exit)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

PG_PORT=55432
MARIADB_PORT=53306

# shellcheck source=build/postgres.sh
source "$ROOT/build/postgres.sh"
# shellcheck source=build/mariadb.sh
source "$ROOT/build/mariadb.sh"

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
    planck_mariadb_stop >/dev/null 2>&1 || true
    if [[ "$KEEP_RESULTS" -eq 0 ]]; then rm -rf "$RESULTS_DIR" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The browser suite needs a Chromium; Playwright's own browser download is not used (see playwright.config.ts).
CHROMIUM=/usr/bin/chromium
if [[ ! -x "$CHROMIUM" ]]; then
    echo "==> Installing chromium (apt-get)"
    sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else echo "ERROR: $CHROMIUM is missing and installing it needs root or sudo." >&2; exit 1; fi
    fi
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
fi

# OCR of scanned PDF pages (the scanned-page tests) needs poppler's pdftoppm and tesseract with English data.
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v tesseract >/dev/null 2>&1; then
    echo "==> Installing tesseract-ocr and poppler-utils (apt-get)"
    sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else echo "ERROR: pdftoppm or tesseract is missing and installing them needs root or sudo." >&2; exit 1; fi
    fi
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends tesseract-ocr tesseract-ocr-eng poppler-utils
fi

echo "==> Starting PostgreSQL on 127.0.0.1:$PG_PORT"
planck_pg_start "$PG_PORT"
export PLANCK_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=postgres;Pooling=true"

echo "==> Starting MariaDB on 127.0.0.1:$MARIADB_PORT"
planck_mariadb_start "$MARIADB_PORT"
export PLANCK_TEST_MARIADB="Server=127.0.0.1;Port=$MARIADB_PORT;User ID=$PLANCK_MARIADB_USER;Password=$PLANCK_MARIADB_PASSWORD"

# Also installs the web app's packages (npm ci, when the lock changed) and builds the app (src/WebApi/WebApp.targets).
echo "==> dotnet build Planck.sln -c Release"
build_rc=0
dotnet build Planck.sln -c Release -v minimal || build_rc=$?
if [[ "$build_rc" -ne 0 ]]; then
    echo "" >&2
    echo "ERROR: dotnet build failed (exit code $build_rc); no tests were run." >&2
    exit "$build_rc"
fi

# The browser suite's fake model (not part of the solution).
echo "==> dotnet build build/bench/ChatBench -c Release"
dotnet build build/bench/ChatBench -c Release -v minimal || build_rc=$?
if [[ "$build_rc" -ne 0 ]]; then
    echo "" >&2
    echo "ERROR: dotnet build of build/bench/ChatBench failed (exit code $build_rc); no tests were run." >&2
    exit "$build_rc"
fi

echo "==> dotnet test Planck.sln -c Release --no-build"
test_rc=0
dotnet test Planck.sln -c Release --no-build \
    --verbosity minimal \
    --logger "trx" \
    --results-directory "$RESULTS_DIR" || test_rc=$?

cd "$ROOT/src/WebApp"
echo "==> Web app unit tests (vitest run)"
vitest_rc=0
npx --no-install vitest run --reporter=default --reporter=junit --outputFile.junit="$RESULTS_DIR/vitest-junit.xml" || vitest_rc=$?

echo "==> Web app browser tests (playwright test)"
playwright_rc=0
PLANCK_E2E_JUNIT="$RESULTS_DIR/playwright-junit.xml" PLANCK_E2E_CHROMIUM="$CHROMIUM" \
    npx --no-install playwright test || playwright_rc=$?
if [[ "$playwright_rc" -ne 0 && -f test-results/server.log ]]; then
    echo "--- last lines of the browser suite's server log (src/WebApp/test-results/server.log)"
    tail -n 40 test-results/server.log
fi
cd "$ROOT"

# The deployment test: the Release server behind Debian's nginx with deploy/nginx/planck.conf (build/nginx-test.sh).
echo "==> Deployment test (build/nginx-test.sh)"
nginx_rc=0
"$ROOT/build/nginx-test.sh" "$RESULTS_DIR" || nginx_rc=$?

# Two Release servers on one PostgreSQL database (build/nodes-test.sh): processing, revocation, resumed streams, kill -9.
echo "==> Several-nodes test (build/nodes-test.sh)"
nodes_rc=0
"$ROOT/build/nodes-test.sh" "$RESULTS_DIR" || nodes_rc=$?

# Backup and restore: the Release server on SQLite backed up under load and restored into a fresh data directory (build/backup-test.sh).
echo "==> Backup test (build/backup-test.sh)"
backup_rc=0
"$ROOT/build/backup-test.sh" "$RESULTS_DIR" || backup_rc=$?

mapfile -t RESULT_FILES < <(find "$RESULTS_DIR" -type f \( -name '*.trx' -o -name '*-junit.xml' \) | sort)

echo ""
echo "==> Test summary (${#RESULT_FILES[@]} result file(s): TRX and JUnit)"
if [[ "$test_rc" -ne 0 ]]; then
    echo "dotnet test exited with code $test_rc"
fi
if [[ "$vitest_rc" -ne 0 ]]; then
    echo "vitest exited with code $vitest_rc"
fi
if [[ "$playwright_rc" -ne 0 ]]; then
    echo "playwright exited with code $playwright_rc"
fi
if [[ "$nginx_rc" -ne 0 ]]; then
    echo "build/nginx-test.sh exited with code $nginx_rc"
fi
if [[ "$nodes_rc" -ne 0 ]]; then
    echo "build/nodes-test.sh exited with code $nodes_rc"
fi
if [[ "$backup_rc" -ne 0 ]]; then
    echo "build/backup-test.sh exited with code $backup_rc"
fi

summary_rc=0
python3 "$ROOT/build/trx_summary.py" "${RESULT_FILES[@]}" || summary_rc=$?

if [[ "$test_rc" -ne 0 ]]; then exit "$test_rc"; fi
if [[ "$vitest_rc" -ne 0 ]]; then exit "$vitest_rc"; fi
if [[ "$playwright_rc" -ne 0 ]]; then exit "$playwright_rc"; fi
if [[ "$nginx_rc" -ne 0 ]]; then exit "$nginx_rc"; fi
if [[ "$nodes_rc" -ne 0 ]]; then exit "$nodes_rc"; fi
if [[ "$backup_rc" -ne 0 ]]; then exit "$backup_rc"; fi
if [[ "$summary_rc" -ne 0 ]]; then exit "$summary_rc"; fi
exit 0
