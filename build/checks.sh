# shellcheck shell=bash
# What the script tests that run real servers share (build/nginx-test.sh, build/nodes-test.sh, build/backup-test.sh): each check is one
# JUnit test case, so build/trx_summary.py counts them with the .NET and web app tests; the Release builds they reuse;
# the fake model they start.
#
# Source it after setting:
#   CHECKS_SUITE   the suite's name in the JUnit file (also its classname)
#   CHECKS_JUNIT   the JUnit file to write
#   CHECKS_WORK    the run's work directory (a scratch file goes there; logs are read from there)
#   CHECKS_LOGS    an array of log files whose last lines a failed set-up step shows
# and before calling check_prerequisite_builds / start_fake_model: WEBAPI_DIR, BENCH_PROJECT, BENCH_DLL.

CASES=()   # "name<TAB>seconds<TAB>failure message (empty when passed)"
CASE_START=$SECONDS

stop_pid() {
    local pid="$1"
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
}

begin() { CASE_START=$SECONDS; }
pass() { CASES+=("$1"$'\t'"$((SECONDS - CASE_START))"$'\t'); echo "  ok    $1"; }
fail() {
    local message="${2//[$'\t\r\n']/ }"
    CASES+=("$1"$'\t'"$((SECONDS - CASE_START))"$'\t'"$message")
    echo "  FAIL  $1: $message"
}

write_junit() {
    printf '%s\n' "${CASES[@]}" >"$CHECKS_WORK/cases.tsv"
    python3 - "$CHECKS_JUNIT" "$CHECKS_WORK/cases.tsv" "$CHECKS_SUITE" "$(basename "$0")" <<'PY'
import sys
from xml.sax.saxutils import quoteattr, escape
junit, listed_file, suite, script = sys.argv[1:5]
with open(listed_file, encoding="utf-8") as listed:
    cases = [line.split("\t", 2) for line in listed.read().splitlines() if line]
failures = sum(1 for c in cases if len(c) > 2 and c[2])
with open(junit, "w", encoding="utf-8") as out:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<testsuites name={quoteattr(suite)} tests="{len(cases)}" failures="{failures}">\n')
    out.write(f'  <testsuite name={quoteattr("build/" + script)} tests="{len(cases)}" failures="{failures}">\n')
    for name, seconds, *rest in cases:
        message = rest[0] if rest else ""
        out.write(f'    <testcase classname={quoteattr(suite)} name={quoteattr(name)} time="{seconds}">')
        if message:
            out.write(f'<failure message={quoteattr(message)}>{escape(message)}</failure>')
        out.write('</testcase>\n')
    out.write('  </testsuite>\n</testsuites>\n')
PY
}

# The number of checks that failed so far.
failed_checks() {
    local failed=0 case
    for case in "${CASES[@]}"; do [[ -n "$(cut -f3 <<<"$case")" ]] && failed=$((failed + 1)); done
    echo "$failed"
}

# A set-up step that fails is reported as a failed case, so the summary shows it rather than a silent zero.
abort() {
    fail "$1" "$2"
    local log
    for log in "${CHECKS_LOGS[@]}"; do
        if [[ -s "$log" ]]; then echo "--- last lines of $(basename "$log")"; tail -n 30 "$log"; fi
    done
    write_junit
    echo "$CHECKS_SUITE test: $CHECKS_JUNIT"
    exit 1
}

# build/test.sh has just built both in Release; run alone, a script builds what is missing.
check_prerequisite_builds() {
    if [[ ! -f "$WEBAPI_DIR/Planck.WebApi.dll" ]]; then
        echo "==> dotnet build src/WebApi -c Release (the web app is not needed here)"
        dotnet build src/WebApi -c Release -p:SkipWebApp=true -v quiet -nologo >"$CHECKS_WORK/build.log" 2>&1 \
            || { tail -n 30 "$CHECKS_WORK/build.log"; abort "prerequisites" "dotnet build src/WebApi -c Release failed"; }
    fi
    if [[ ! -f "$BENCH_DLL" ]]; then
        echo "==> dotnet build build/bench/ChatBench -c Release (the fake model)"
        dotnet build "$BENCH_PROJECT" -c Release -v quiet -nologo >"$CHECKS_WORK/bench-build.log" 2>&1 \
            || { tail -n 30 "$CHECKS_WORK/bench-build.log"; abort "prerequisites" "dotnet build build/bench/ChatBench -c Release failed"; }
    fi
}

# Starts the fake OpenAI-compatible model; sets MODEL_PID and MODEL_URL. Call it in the script's own shell (not in $(…)).
start_fake_model() {
    dotnet "$BENCH_DLL" serve-model >"$CHECKS_WORK/model.out" 2>"$CHECKS_WORK/model.log" &
    MODEL_PID=$!
    MODEL_URL=""
    for _ in $(seq 1 300); do
        MODEL_URL="$(head -n 1 "$CHECKS_WORK/model.out" 2>/dev/null | tr -d '\r')"
        [[ -n "$MODEL_URL" ]] && return 0
        kill -0 "$MODEL_PID" 2>/dev/null || abort "start" "the fake model exited before printing its URL"
        sleep 0.2
    done
    abort "start" "the fake model printed no URL within 60 s"
}

# free_ports N: N distinct free loopback ports, space-separated (all bound at once, so no two are the same).
free_ports() {
    python3 -c '
import socket, sys
socks = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()' "$1"
}

# json_field FIELD < json: one top-level field of a JSON object.
json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

# Settings from the caller's shell must not steer the servers elsewhere (another database, for one).
unset_inherited_settings() {
    local name
    while read -r name; do [[ -n "$name" ]] && unset "$name"; done < <(compgen -e | grep -E '^(Planck__|ConnectionStrings__)' || true)
}
