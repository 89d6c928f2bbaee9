#!/usr/bin/env bash
# HTTP benchmark of the published Planck.WebApi with wrk.
#
#   build/bench/run.sh [sqlite|postgres|all]      (default: all)
#
# See build/bench/README.md. Optional environment:
#   BENCH_DURATION   recorded wrk run length (default 15s)
#   BENCH_WARMUP     unrecorded warm-up run length per endpoint (default 10s: long enough for tiered JIT to settle)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_DIR/../.." && pwd)"
RESULTS_DIR="$BENCH_DIR/results"

HOST_PORT="127.0.0.1:5099"
BASE_URL="http://$HOST_PORT"
PG_PORT=55478  # a throwaway cluster, never the developers' 55433 nor CI's 55432
PG_DB=planck_bench
WRK_THREADS=2
WRK_CONNECTIONS=32
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-10s}"

ADMIN_EMAIL="bench-admin@planck.local"
PASSWORD="bench-password-123456"
USER_EMAIL="bench-user@planck.local"
MALFORMED_KEY="pk_live_notavalidkey"
WORKSPACE_COUNT=5

# key|label|path|which api key|expected status
ENDPOINTS=(
    "live|GET /health/live|/health/live|none|200"
    "me|GET /api/v1/users/me|/api/v1/users/me|user|200"
    "workspaces|GET /api/v1/workspaces|/api/v1/workspaces|user|200"
    "malformed|GET /api/v1/workspaces (malformed key)|/api/v1/workspaces|malformed|401"
    "unknown|GET /api/v1/workspaces (unknown key)|/api/v1/workspaces|unknown|401"
)

WORK=""
APP_DIR=""
SERVER_PID=""
SERVER_LOG=""
SERVER_LOG_SHOWN=0
APP_ENV=()
EXTRA_APP_ENV=() # settings a caller (documents.sh) adds for the next start_server
TOOL=""          # ChatBench, once start_model built it
MODEL_PID=""
MODEL_URL=""
MODEL_LOG=""
PROVIDERS=()

log() { echo "[bench] $*" >&2; }
die() {
    echo "[bench] ERROR: $*" >&2
    exit 1
}

# ---------------------------------------------------------------------------------------
# wrk output parsing / report rendering (pure functions; `source run.sh` to test them)
# ---------------------------------------------------------------------------------------

# parse_wrk FILE -> "rps<TAB>p50_ms<TAB>p99_ms<TAB>requests<TAB>non2xx<TAB>socket_errors"
parse_wrk() {
    python3 - "$1" <<'PY'
import re, sys

text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0, "h": 3600000.0}

def latency(pct):
    m = re.search(r"^\s*" + pct + r"(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", text, re.M)
    return float(m.group(1)) * UNIT_MS[m.group(2)] if m else float("nan")

m = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M)
rps = float(m.group(1)) if m else float("nan")
m = re.search(r"^\s*(\d+) requests in ", text, re.M)
requests = int(m.group(1)) if m else -1
m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
non2xx = int(m.group(1)) if m else 0
m = re.search(r"Socket errors:\s+connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
sock = sum(int(x) for x in m.groups()) if m else 0
print(f"{rps:.2f}\t{latency('50'):.3f}\t{latency('99'):.3f}\t{requests}\t{non2xx}\t{sock}")
PY
}

# render_table "key|label|expected|wrk-output-file" ...  -> markdown table + target check
render_table() {
    local row key label expected file parsed
    local rows=()
    for row in "$@"; do
        IFS='|' read -r key label expected file <<<"$row"
        parsed="$(parse_wrk "$file")"
        rows+=("$key"$'\t'"$label"$'\t'"$expected"$'\t'"$parsed")
    done
    python3 - "${rows[@]}" <<'PY'
import math, sys

rows = []
for line in sys.argv[1:]:
    key, label, expected, rps, p50, p99, requests, non2xx, sock = line.split("\t")
    rows.append(dict(key=key, label=label, expected=expected, rps=float(rps), p50=float(p50),
                     p99=float(p99), requests=int(requests), non2xx=int(non2xx), sock=int(sock)))
by_key = {r["key"]: r for r in rows}
base = by_key.get("live", {}).get("rps", float("nan"))

def ms(v):
    if math.isnan(v):
        return "n/a"
    return f"{v * 1000:.0f} us" if v < 1 else f"{v:.2f} ms"

def ratio(r):
    if math.isnan(base) or base <= 0 or math.isnan(r["rps"]):
        return "n/a"
    return f"{100 * r['rps'] / base:.0f}%"

def total(r):
    return f"{r['requests']:,}" if r["requests"] >= 0 else "n/a"

print("| endpoint | expected | requests/s | p50 | p99 | ratio to /health/live | non-2xx | socket errors |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    rps = "n/a" if math.isnan(r["rps"]) else f"{r['rps']:,.0f}"
    print(f"| {r['label']} | {r['expected']} | {rps} | {ms(r['p50'])} | {ms(r['p99'])} | {ratio(r)} "
          f"| {r['non2xx']:,} of {total(r)} | {r['sock']:,} |")

def pct(key):
    r = by_key.get(key)
    if r is None or math.isnan(base) or base <= 0:
        return float("nan")
    return 100 * r["rps"] / base

checks = []
if "me" in by_key:
    v = pct("me")
    checks.append((v >= 50, f"GET /api/v1/users/me >= 50% of /health/live: {v:.0f}%"))
if "malformed" in by_key:
    v = pct("malformed")
    checks.append((v >= 60, f"malformed key >= 60% of /health/live: {v:.0f}%"))
if "workspaces" in by_key:
    w = by_key["workspaces"]
    checks.append((w["rps"] >= 10000, f"GET /api/v1/workspaces >= 10,000 req/s: {w['rps']:,.0f}"))
    checks.append((w["p99"] < 15, f"GET /api/v1/workspaces p99 < 15 ms: {ms(w['p99'])}"))
if checks:
    print()
    print("Targets (2-core reference machine):")
    print()
    for ok, text in checks:
        print(f"- {'PASS' if ok else 'FAIL'}: {text}")
PY
}

machine_facts() {
    local model mem
    model="$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
    mem="$(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo 2>/dev/null || true)"
    echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
    echo "- nproc: $(nproc)"
    echo "- CPU: ${model:-unknown}"
    echo "- memory: ${mem:-unknown}"
    echo "- dotnet: $(dotnet --version 2>/dev/null || echo unknown)"
    echo "- wrk: $(wrk -v 2>&1 | head -n1 | awk '{print $2}')"
    echo "- kernel: $(uname -sr)"
    echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo " (src has uncommitted changes)")"
    if [[ -n "${PLANCK_PG_BIN:-}" ]]; then
        echo "- PostgreSQL: $("$PLANCK_PG_BIN/postgres" --version | awk '{print $3}')"
    fi
    echo "- load: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d$DURATION --latency (after a $WARMUP warm-up), wrk and server on the same machine"
}

# ---------------------------------------------------------------------------------------
# server / provisioning
# ---------------------------------------------------------------------------------------

ensure_tools() {
    local missing=()
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    command -v curl >/dev/null 2>&1 || missing+=(curl)
    command -v python3 >/dev/null 2>&1 || missing+=(python3)
    if ((${#missing[@]})); then
        log "installing ${missing[*]} via apt"
        local sudo=""
        [[ "$(id -u)" -eq 0 ]] || sudo="sudo"
        $sudo apt-get update -q >&2
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
    fi
    command -v dotnet >/dev/null 2>&1 || die "dotnet is not on PATH"
}

http_code() { # URL [api key]
    local args=(-s -o /dev/null -w '%{http_code}' --max-time 5)
    [[ -n "${2:-}" ]] && args+=(-H "X-API-Key: $2")
    curl "${args[@]}" "$1" 2>/dev/null || true
}

# set_app_env PROVIDER DATA_DIR -> fills APP_ENV (env(1) arguments)
set_app_env() {
    local provider="$1" data_dir="$2"
    APP_ENV=(
        -u ConnectionStrings__Planck
        "ASPNETCORE_URLS=$BASE_URL"
        "ASPNETCORE_ENVIRONMENT=Production"
        "Logging__LogLevel__Default=Warning"
        "Planck__DataDirectory=$data_dir"
        "Planck__Bootstrap__AdminEmail=$ADMIN_EMAIL"
        "Planck__Bootstrap__AdminPassword=$PASSWORD"
        "Planck__RateLimiting__RequestsPerMinute=100000000"
        "Planck__RateLimiting__AnonymousRequestsPerMinute=100000000"
    )
    case "$provider" in
        sqlite) APP_ENV+=("Planck__Database__Provider=Sqlite") ;;
        postgres)
            APP_ENV+=("Planck__Database__Provider=Postgres"
                "ConnectionStrings__Planck=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=$PG_DB;Pooling=true;Maximum Pool Size=4")  # about 2x the database cores: see docs/benchmarks.md
            ;;
    esac
}

# run_cli VERB ARGS... -> the last stdout line starting with pk_live_
run_cli_key() {
    local out="$WORK/cli-$1.out" rc=0 key
    (cd "$APP_DIR" && timeout 180 env "${APP_ENV[@]}" dotnet Planck.WebApi.dll "$@") >"$out" 2>"$out.err" || rc=$?
    key="$(tr -d '\r' <"$out" | grep -E '^pk_live_' | tail -n1 || true)"
    if [[ "$rc" -ne 0 || -z "$key" ]]; then
        log "CLI 'Planck.WebApi.dll $*' exited with $rc; stdout:"
        cat "$out" >&2
        log "stderr:"
        cat "$out.err" >&2
        die "could not obtain an API key from the CLI verb '$1'"
    fi
    echo "$key"
}

start_server() {
    local provider="$1" data_dir
    if [[ "$(http_code "$BASE_URL/health/live")" != "000" ]]; then
        die "something is already listening on $HOST_PORT"
    fi
    data_dir="$(mktemp -d "$WORK/data-$provider.XXXXXX")"
    set_app_env "$provider" "$data_dir"
    SERVER_LOG="$WORK/server-$provider.log"
    log "starting Planck.WebApi ($provider) on $BASE_URL (data dir $data_dir)"
    (cd "$APP_DIR" && exec env "${APP_ENV[@]}" "${EXTRA_APP_ENV[@]}" dotnet Planck.WebApi.dll) >"$SERVER_LOG" 2>&1 &
    SERVER_PID=$!

    local deadline=$((SECONDS + 60)) code
    while :; do
        code="$(http_code "$BASE_URL/health/ready")"
        [[ "$code" == "200" ]] && break
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            log "server exited during start-up; log:"
            cat "$SERVER_LOG" >&2
            SERVER_LOG_SHOWN=1
            SERVER_PID=""
            die "Planck.WebApi ($provider) did not start"
        fi
        if ((SECONDS >= deadline)); then
            log "GET /health/ready still returns '$code' after 60 s; server log:"
            cat "$SERVER_LOG" >&2
            SERVER_LOG_SHOWN=1
            die "Planck.WebApi ($provider) did not become ready within 60 s"
        fi
        sleep 0.5
    done
    log "server ready (pid $SERVER_PID)"
}

stop_server() {
    [[ -n "$SERVER_PID" ]] || return 0
    local pid="$SERVER_PID"
    SERVER_PID=""
    stop_pid "$pid"
}

# stop_pid PID: SIGTERM, up to 15 s to exit, then SIGKILL
stop_pid() {
    local pid="$1" i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < 30; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

# api METHOD PATH KEY BODY EXPECTED_REGEX -> response body on stdout
api() {
    local method="$1" path="$2" key="$3" body="$4" expected="$5" out code
    out="$(mktemp "$WORK/resp.XXXXXX")"
    local args=(-sS -o "$out" -w '%{http_code}' --max-time 30 -X "$method" -H 'Accept: application/json')
    [[ -n "$key" ]] && args+=(-H "X-API-Key: $key")
    [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data "$body")
    code="$(curl "${args[@]}" "$BASE_URL$path")" || code="000"
    if [[ ! "$code" =~ $expected ]]; then
        log "$method $path -> HTTP $code (expected $expected); body:"
        cat "$out" >&2
        echo >&2
        die "provisioning request failed"
    fi
    cat "$out"
}

json_field() { # FIELD < json
    python3 -c '
import json, sys
raw = sys.stdin.read()
try:
    value = json.loads(raw)[sys.argv[1]]
except Exception as exc:
    sys.exit(f"[bench] ERROR: no field {sys.argv[1]!r} in response ({exc!r}): {raw[:500]}")
if value in (None, ""):
    sys.exit(f"[bench] ERROR: empty field {sys.argv[1]!r} in response: {raw[:500]}")
print(value)
' "$1"
}

# A key with the product's shape (src/Domain/Identity/ApiKeyToken.cs): pk_live_, 32 random bytes as
# URL-safe base64, then 6 base62 characters of the first 4 bytes of SHA-256 over the random part.
well_formed_unknown_key() {
    python3 -c '
import base64, hashlib, os
body = base64.urlsafe_b64encode(os.urandom(32)).rstrip(b"=").decode()
value = int.from_bytes(hashlib.sha256(body.encode()).digest()[:4], "big")
alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
checksum = ""
for _ in range(6):
    checksum = alphabet[value % 62] + checksum
    value //= 62
print("pk_live_" + body + checksum)
'
}

# provision -> sets USER_KEY and UNKNOWN_KEY
provision() {
    local admin_key user_json user_id ws_json ws_id i key_json
    admin_key="$(run_cli_key create-api-key --email "$ADMIN_EMAIL" --name bench)"
    log "admin API key obtained"

    user_json="$(api POST /api/v1/admin/users "$admin_key" \
        "{\"email\":\"$USER_EMAIL\",\"password\":\"$PASSWORD\",\"full_name\":\"Bench User\",\"role\":\"User\"}" '^201$')"
    user_id="$(json_field id <<<"$user_json")"
    log "user $USER_EMAIL created ($user_id)"

    for ((i = 1; i <= WORKSPACE_COUNT; i++)); do
        ws_json="$(api POST /api/v1/admin/workspaces "$admin_key" \
            "{\"name\":\"Bench $i\",\"description\":\"bench\"}" '^201$')"
        ws_id="$(json_field id <<<"$ws_json")"
        api POST "/api/v1/admin/workspaces/$ws_id/members" "$admin_key" \
            "{\"user_ids\":[\"$user_id\"]}" '^2[0-9][0-9]$' >/dev/null
    done
    log "$WORKSPACE_COUNT workspaces created, user added to each"

    key_json="$(api POST "/api/v1/admin/users/$user_id/api-keys" "$admin_key" '{"name":"bench"}' '^201$')"
    USER_KEY="$(json_field key <<<"$key_json")"
    [[ "$USER_KEY" == pk_live_* ]] || die "user API key does not start with pk_live_: $USER_KEY"
    log "user API key obtained"

    UNKNOWN_KEY="$(well_formed_unknown_key)"
    log "well-formed unknown key made: it passes the checksum, so the server must hash and look it up"
}

check_endpoint() { # URL KEY EXPECTED LABEL
    local code
    code="$(http_code "$1" "$2")"
    if [[ "$code" != "$3" ]]; then
        die "$4 returned HTTP $code, expected $3; not benchmarking a wrong endpoint"
    fi
}

run_wrk() { # DURATION URL KEY
    local args=(-t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"$1" --latency)
    [[ -n "$3" ]] && args+=(-H "X-API-Key: $3")
    wrk "${args[@]}" "$2"
}

bench_provider() {
    local provider="$1" stamp result_file facts entry key label path which expected url api_key raw
    local rows=()
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"

    echo
    echo "================ $provider ================"
    if [[ "$provider" == postgres ]]; then
        planck_pg_start "$PG_PORT"
        "$PLANCK_PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
    fi

    start_server "$provider"
    provision

    for entry in "${ENDPOINTS[@]}"; do
        IFS='|' read -r key label path which expected <<<"$entry"
        url="$BASE_URL$path"
        case "$which" in
            none) api_key="" ;;
            user) api_key="$USER_KEY" ;;
            malformed) api_key="$MALFORMED_KEY" ;;
            unknown) api_key="$UNKNOWN_KEY" ;;
        esac
        raw="$WORK/wrk-$provider-$key.txt"

        check_endpoint "$url" "$api_key" "$expected" "$label"
        log "warm-up $WARMUP: $label"
        run_wrk "$WARMUP" "$url" "$api_key" >/dev/null
        check_endpoint "$url" "$api_key" "$expected" "$label"
        log "recording $DURATION: $label"
        run_wrk "$DURATION" "$url" "$api_key" >"$raw"
        cat "$raw"
        grep -q '^Requests/sec:' "$raw" || die "could not find Requests/sec in the wrk output for $label"
        rows+=("$key|$label|$expected|$raw")
    done

    facts="$(machine_facts)"
    local table
    table="$(render_table "${rows[@]}")"

    mkdir -p "$RESULTS_DIR"
    result_file="$RESULTS_DIR/$provider-$stamp.md"
    {
        echo "# Planck HTTP benchmark: $provider ($stamp)"
        echo
        echo "## Machine"
        echo
        echo "$facts"
        echo
        echo "## Results"
        echo
        echo "$table"
        echo
        echo "## Raw wrk output"
        for entry in "${rows[@]}"; do
            IFS='|' read -r key label expected raw <<<"$entry"
            echo
            echo "### $label (expected HTTP $expected)"
            echo
            echo '```'
            cat "$raw"
            echo '```'
        done
    } >"$result_file"

    echo
    echo "## $provider"
    echo
    echo "$facts"
    echo
    echo "$table"
    echo
    echo "Written to ${result_file#"$ROOT"/}"

    stop_server
    if [[ "$provider" == postgres ]]; then planck_pg_stop; fi
}

# start_model -> ChatBench built into $WORK/tool and its fake model server (OpenAI-compatible) started: MODEL_URL, MODEL_PID
start_model() {
    dotnet build "$BENCH_DIR/ChatBench/ChatBench.csproj" -c Release -o "$WORK/tool" -v minimal >&2
    TOOL="$WORK/tool/Planck.Bench.Chat.dll"
    MODEL_LOG="$WORK/model.log"
    dotnet "$TOOL" serve-model >"$WORK/model.url" 2>"$MODEL_LOG" & # not through bench_tool: $! must be dotnet itself
    MODEL_PID=$!
    local deadline=$((SECONDS + 60))
    until [[ -s "$WORK/model.url" ]]; do
        kill -0 "$MODEL_PID" 2>/dev/null || { cat "$MODEL_LOG" >&2; die "the fake model server exited during start-up"; }
        ((SECONDS < deadline)) || die "the fake model server printed no URL within 60 s"
        sleep 0.2
    done
    MODEL_URL="$(head -n1 "$WORK/model.url" | tr -d '\r')"
    [[ "$MODEL_URL" == http://127.0.0.1:*/v1 ]] || die "unexpected fake model URL: $MODEL_URL"
    log "fake model server at $MODEL_URL (pid $MODEL_PID)"
}

stop_model() {
    local pid="$MODEL_PID"
    MODEL_PID=""
    if [[ -n "$pid" ]]; then stop_pid "$pid"; fi
}

status_is() { return "$1"; }

# The model first, then cleanup (server, PostgreSQL, work dir), which exits with the script's status.
model_cleanup() {
    local rc=$?
    set +e
    stop_model
    status_is "$rc"
    cleanup
}

cleanup() {
    local rc=$?
    stop_server
    planck_pg_stop >/dev/null 2>&1 || true
    if [[ "$rc" -ne 0 && "$SERVER_LOG_SHOWN" -eq 0 && -n "$SERVER_LOG" && -s "$SERVER_LOG" ]]; then
        echo "[bench] failed (exit $rc); last 100 lines of the server log:" >&2
        tail -n 100 "$SERVER_LOG" >&2 || true
    fi
    if [[ -n "$WORK" ]]; then rm -rf "$WORK"; fi
    exit "$rc"
}

# select_providers TARGET -> fills PROVIDERS from sqlite|postgres|all; 1 for anything else
select_providers() {
    case "$1" in
        sqlite) PROVIDERS=(sqlite) ;;
        postgres) PROVIDERS=(postgres) ;;
        all) PROVIDERS=(sqlite postgres) ;;
        *) return 1 ;;
    esac
}

# prepare_run NAME -> tools installed, cleanup trapped, WORK made, the server published into APP_DIR
prepare_run() {
    cd "$ROOT"
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
    # shellcheck source=build/postgres.sh
    source "$ROOT/build/postgres.sh"

    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    ensure_tools
    WORK="$(mktemp -d "${TMPDIR:-/tmp}/planck-$1.XXXXXXXX")"
    APP_DIR="$WORK/app"

    log "dotnet publish src/WebApi/WebApi.csproj -c Release"
    dotnet publish src/WebApi/WebApi.csproj -c Release -o "$APP_DIR" -v minimal >&2
    [[ -f "$APP_DIR/Planck.WebApi.dll" ]] || die "publish did not produce $APP_DIR/Planck.WebApi.dll"
}

# help_asked ARG SCRIPT LAST_LINE -> true, with the script's header comment (lines 2 to LAST_LINE) printed, for -h/--help
help_asked() {
    [[ "$1" == -h || "$1" == --help ]] || return 1
    sed -n "2,${3}p" "$2" | sed 's/^# \{0,1\}//'
}

main() {
    if help_asked "${1:-all}" "${BASH_SOURCE[0]}" 8; then return 0; fi
    select_providers "${1:-all}" || die "usage: build/bench/run.sh [sqlite|postgres|all]"
    prepare_run bench

    local provider
    for provider in "${PROVIDERS[@]}"; do
        bench_provider "$provider"
    done
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
