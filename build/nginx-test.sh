#!/usr/bin/env bash
# The deployment test: the real server (Release build, SQLite, a temp data directory, the fake model) behind Debian's
# nginx running the repository's deploy/nginx/planck.conf (ports and paths replaced) with a self-signed certificate,
# all on loopback. Checks with curl what an installation needs from the proxy:
#   - sign-in over https (HTTP/2) gives a Secure session cookie and HSTS; plain http is redirected to https
#   - the first event of a slow streamed answer arrives through nginx long before the answer ends
#   - a 100 MB upload passes
#   - the address the server throttles and logs by is the real client's behind nginx, and X-Forwarded-For or
#     X-Forwarded-Proto sent straight to the server (not from the known proxy) are ignored
#
#   build/nginx-test.sh [RESULTS_DIR]      (from any directory; build/test.sh calls it with its results directory)
#
# Writes RESULTS_DIR/nginx-junit.xml (one test case per check; build/trx_summary.py counts them). Without a results
# directory the file goes to a temp directory, whose path is printed. Reuses src/WebApi/bin/Release and the fake
# model's Release build when they exist (build/test.sh has just built them), else builds them. Installs nginx with
# apt-get when it is missing (needs root or sudo). Exit status non-zero if any check fails.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RESULTS_DIR="${1:-${PLANCK_TEST_RESULTS_DIR:-}}"
if [[ -z "$RESULTS_DIR" ]]; then RESULTS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/planck-nginx-results.XXXXXXXX")"; fi
mkdir -p "$RESULTS_DIR"
JUNIT="$RESULTS_DIR/nginx-junit.xml"

WEBAPI_DIR="$ROOT/src/WebApi/bin/Release/net10.0"
BENCH_PROJECT="$ROOT/build/bench/ChatBench"
BENCH_DLL="$BENCH_PROJECT/bin/Release/net10.0/Planck.Bench.Chat.dll"
ADMIN_EMAIL="nginx-admin@planck.test"
ADMIN_PASSWORD="Nginx-test-password-1"
UPLOAD_LIMIT=104857600          # Planck:Documents:MaxUploadBytes for this run: 100 MB, the upload below is exactly that
ANONYMOUS_PER_MINUTE=20         # small, so one client's allowance runs out within a few requests
PROXY_ADDRESS=127.0.0.1         # nginx connects to the server from here: the one known proxy
STARTED=$SECONDS

WORK="$(mktemp -d "${TMPDIR:-/tmp}/planck-nginx.XXXXXXXX")"
SERVER_PID="" MODEL_PID="" NGINX_PID=""
CHECKS_SUITE=nginx CHECKS_JUNIT="$JUNIT" CHECKS_WORK="$WORK" CHECKS_LOGS=("$WORK/server.log" "$WORK/nginx-error.log")
# shellcheck source=build/checks.sh
source "$ROOT/build/checks.sh"

cleanup() {
    stop_pid "$NGINX_PID"
    stop_pid "$SERVER_PID"
    stop_pid "$MODEL_PID"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> nginx test (work directory $WORK)"

# --- prerequisites -----------------------------------------------------------------------------------------------
begin
if ! command -v nginx >/dev/null 2>&1 && [[ ! -x /usr/sbin/nginx ]]; then
    echo "==> Installing nginx (apt-get)"
    sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else abort "prerequisites" "nginx is missing and installing it needs root or sudo"; fi
    fi
    $sudo apt-get update -q && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light \
        || $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx \
        || abort "prerequisites" "apt-get could not install nginx"
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
for tool in openssl curl python3; do
    command -v "$tool" >/dev/null 2>&1 || abort "prerequisites" "$tool is missing"
done

check_prerequisite_builds
# (set-up steps are reported only when they fail)

# --- the fake model, the server, nginx ---------------------------------------------------------------------------
begin
read -r SERVER_PORT HTTPS_PORT HTTP_PORT < <(python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])
for s in socks: s.close()')

unset_inherited_settings
start_fake_model

mkdir -p "$WORK/data"
(
    cd "$WEBAPI_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production dotnet Planck.WebApi.dll \
        "--urls=http://127.0.0.1:$SERVER_PORT" \
        "--Planck:DataDirectory=$WORK/data" \
        "--Planck:Database:Provider=Sqlite" \
        "--Planck:ForwardedHeaders:KnownProxies:0=$PROXY_ADDRESS" \
        "--Planck:Bootstrap:AdminEmail=$ADMIN_EMAIL" \
        "--Planck:Bootstrap:AdminPassword=$ADMIN_PASSWORD" \
        "--Planck:Llm:Provider=OpenAI" \
        "--Planck:Llm:Endpoint=$MODEL_URL" \
        "--Planck:Llm:Model=fake" \
        "--Planck:Llm:ApiKey=nginx-test" \
        "--Planck:Embeddings:Provider=None" \
        "--Planck:Documents:RunWorkers=false" \
        "--Planck:Documents:MaxUploadBytes=$UPLOAD_LIMIT" \
        "--Planck:RateLimiting:AnonymousRequestsPerMinute=$ANONYMOUS_PER_MINUTE"
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

# The repository's proxy configuration, moved to this run's ports, certificate and upload limit. Each replacement
# must find its line: a change to deploy/nginx/planck.conf that loses one fails here instead of testing something else.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$WORK/tls.key" -out "$WORK/tls.crt" >"$WORK/openssl.log" 2>&1 || abort "start" "openssl could not make a certificate"
BODY_LIMIT_MB=$(( (UPLOAD_LIMIT + 1048575) / 1048576 + 1 ))
SITE="$WORK/planck.conf"
cp deploy/nginx/planck.conf "$SITE"
template() {
    local pattern="$1" replacement="$2"
    grep -qE "$pattern" "$SITE" || abort "start" "deploy/nginx/planck.conf has no line matching /$pattern/ to adapt for the test"
    sed -i -E "s#$pattern#$replacement#" "$SITE"
}
template '^(\s*)server 127\.0\.0\.1:5000;' "\\1server 127.0.0.1:$SERVER_PORT;"
template '^(\s*)listen 80;' "\\1listen 127.0.0.1:$HTTP_PORT;"
template '^(\s*)listen 443 ssl http2;' "\\1listen 127.0.0.1:$HTTPS_PORT ssl http2;"
template '^(\s*)ssl_certificate (\s*)\S+;' "\\1ssl_certificate \\2$WORK/tls.crt;"
template '^(\s*)ssl_certificate_key \S+;' "\\1ssl_certificate_key $WORK/tls.key;"
template '^(\s*)client_max_body_size \S+;' "\\1client_max_body_size ${BODY_LIMIT_MB}m;"
sed -i -E '/^\s*listen \[::\]:/d' "$SITE"
mkdir -p "$WORK/nginx"
{
    [[ "$(id -u)" -eq 0 ]] && echo "user root;"
    cat <<EOF
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 256; }
http {
    access_log $WORK/nginx-access.log;
    client_body_temp_path $WORK/nginx/client_body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    include $SITE;
}
EOF
} >"$WORK/nginx.conf"
"$NGINX" -t -p "$WORK/nginx" -c "$WORK/nginx.conf" >"$WORK/nginx-t.log" 2>&1 \
    || { cat "$WORK/nginx-t.log"; abort "start" "nginx -t refused deploy/nginx/planck.conf"; }
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx.conf" >"$WORK/nginx.out" 2>&1 &
NGINX_PID=$!

READY=""
for _ in $(seq 1 360); do
    kill -0 "$SERVER_PID" 2>/dev/null || abort "start" "the server exited during start-up"
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SERVER_PORT/health/ready")" == "200" ]]; then READY=1; break; fi
    sleep 0.25
done
[[ -n "$READY" ]] || abort "start" "GET /health/ready did not answer 200 within 90 s"
kill -0 "$NGINX_PID" 2>/dev/null || abort "start" "nginx exited"
# (set-up steps are reported only when they fail)

HTTPS="https://127.0.0.1:$HTTPS_PORT"
DIRECT="http://127.0.0.1:$SERVER_PORT"
# Client addresses: curl binds to its own loopback address, so the server can tell the client (127.0.0.x) from the
# proxy (127.0.0.1) and from a client that talks to it directly.
via_nginx() { local from="$1"; shift; curl -sk --http2 --interface "$from" "$@"; }
direct() { local from="$1"; shift; curl -s --interface "$from" "$@"; }

# --- sign-in over https: Secure cookie and HSTS ------------------------------------------------------------------
begin
status="$(via_nginx 127.0.0.2 -D "$WORK/login.headers" -o "$WORK/login.body" -c "$WORK/cookies" -w '%{http_code} %{http_version}' \
    -H 'Content-Type: application/json' --data "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$HTTPS/api/v1/auth/login")"
cookie="$(grep -i '^set-cookie:' "$WORK/login.headers" | head -n 1 | tr -d '\r')"
hsts="$(grep -i '^strict-transport-security:' "$WORK/login.headers" | tr -d '\r')"
if [[ "$status" != "200 2" ]]; then
    fail "sign-in over https (HTTP/2) gives a Secure cookie and HSTS" "POST /api/v1/auth/login through nginx answered \"$status\" (want \"200 2\": 200 over HTTP/2): $(head -c 300 "$WORK/login.body")"
elif ! grep -qiE ';\s*secure(;|$)' <<<"$cookie"; then
    fail "sign-in over https (HTTP/2) gives a Secure cookie and HSTS" "the session cookie is not Secure: $cookie"
elif [[ "$hsts" != *"max-age=31536000"* ]]; then
    fail "sign-in over https (HTTP/2) gives a Secure cookie and HSTS" "no Strict-Transport-Security: max-age=31536000 (headers: $(tr -d '\r' <"$WORK/login.headers" | tr '\n' '|'))"
else
    pass "sign-in over https (HTTP/2) gives a Secure cookie and HSTS"
fi

begin
redirect="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP_PORT/api/v1/config")"
if [[ "$redirect" == "301 https://127.0.0.1/api/v1/config" ]]; then
    pass "plain http is redirected to https"
else
    fail "plain http is redirected to https" "GET http://…/api/v1/config answered \"$redirect\""
fi

# The session makes an API key (keys are minted only through a session), the key the workspace.
KEY="$(via_nginx 127.0.0.2 -b "$WORK/cookies" -H 'Content-Type: application/json' --data '{"name":"nginx test"}' \
    "$HTTPS/api/v1/users/me/api-keys" | json_field key 2>/dev/null)" || KEY=""
[[ "$KEY" == pk_* ]] || abort "set-up through nginx" "POST /api/v1/users/me/api-keys with the session cookie gave no key"
ADMIN_ID="$(via_nginx 127.0.0.2 -H "X-API-Key: $KEY" "$HTTPS/api/v1/users/me" | json_field id 2>/dev/null)" || ADMIN_ID=""
WORKSPACE="$(via_nginx 127.0.0.2 -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    --data '{"name":"Behind nginx","description":"deployment test"}' "$HTTPS/api/v1/admin/workspaces" | json_field id 2>/dev/null)" || WORKSPACE=""
[[ -n "$WORKSPACE" && -n "$ADMIN_ID" ]] || abort "set-up through nginx" "could not create a workspace with the key"
via_nginx 127.0.0.2 -o /dev/null -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    --data "{\"user_ids\":[\"$ADMIN_ID\"]}" "$HTTPS/api/v1/admin/workspaces/$WORKSPACE/members"

# --- a slow answer streams through nginx -------------------------------------------------------------------------
# About 50 deltas with 200 ms before each: about 10 s from the first event to the last. Held back (buffered, or
# compressed in blocks), the events arrive together; passed through, the first comes about 10 s and the middle delta
# about 5 s before message_stop. The same answer straight from the server is the reference.
begin
sse="$(python3 - "$HTTPS" "$DIRECT" "/api/v1/workspaces/$WORKSPACE/chat" "$KEY" <<'PY'
import json, subprocess, sys, time
via_nginx, direct, path, key = sys.argv[1:5]
# The fake model echoes the question back 24 characters a delta, each sent on its own after 200 ms: about 50 deltas
# over 10 s. (Its [[fake:deltas N]] answers go out in batches of 64, too coarse for this.)
body = json.dumps({"message": "[[fake:echo]] [[fake:slow 200]] " + "Planck streams through nginx. " * 40, "stream": True})

def measure(url, *options):
    """Streams one answer; returns a failure message, or the seconds the first event and the middle delta came before message_stop."""
    curl = subprocess.Popen(
        ["curl", "-sSkN", *options, "-H", f"X-API-Key: {key}", "-H", "Content-Type: application/json",
         "-H", "Accept: text/event-stream", "--data", body, url],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = stop = None
    events, arrivals = [], []
    for raw in curl.stdout:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not line.startswith("event:"):
            continue
        now = time.monotonic()
        name = line[6:].strip()
        events.append(name)
        first = first or now
        if name == "content_block_delta":
            arrivals.append(now)
        if name in ("message_stop", "error"):
            stop = now
    curl.wait()
    if first is None or stop is None:
        return f"the stream ended without events or without message_stop (events: {events[:8]}, curl: {curl.stderr.read().decode()[:300]})"
    n = len(arrivals)
    if events[-1] != "message_stop" or n < 40:
        return f"want about 50 deltas and message_stop last, got {n} deltas, last event {events[-1]}"
    return (stop - first, stop - arrivals[n // 2], [round(stop - arrivals[i], 1) for i in (0, n // 4, n // 2, 3 * n // 4, n - 1)])

# The server alone first: if it already sends the deltas together, the fault is not nginx's.
reference = measure(direct + path, "--interface", "127.0.0.3")
# --compressed: like a browser, the client accepts gzip, which a proxy must not apply to a stream.
proxied = measure(via_nginx + path, "--http2", "--compressed", "--interface", "127.0.0.3")
if isinstance(reference, str):
    print(f"FAIL straight from the server: {reference}")
elif reference[0] < 5 or reference[1] < 2:
    print(f"FAIL the server itself sent the deltas together (the first, a quarter, half, three quarters and the last came {reference[2]} s before message_stop), before any proxy")
elif isinstance(proxied, str):
    print(f"FAIL through nginx: {proxied}")
elif proxied[0] < 5 or proxied[1] < 2:
    print(f"FAIL through nginx the first event came {proxied[0]:.1f} s and the middle delta {proxied[1]:.1f} s before message_stop "
          f"(the first, a quarter, half, three quarters, the last delta: {proxied[2]} s; straight from the server {reference[2]} s): nginx held the stream back")
else:
    print(f"OK first event {proxied[0]:.1f} s, middle delta {proxied[1]:.1f} s before message_stop")
PY
)"
if [[ "$sse" == OK* ]]; then pass "the first event of a slow answer arrives through nginx before the answer ends (${sse#OK })"; else fail "the first event of a slow answer arrives through nginx before the answer ends" "${sse#FAIL }"; fi

# --- a 100 MB upload ---------------------------------------------------------------------------------------------
begin
python3 -c '
import sys
line = b"Planck behind nginx: a line of a large upload.\n"
size = int(sys.argv[2])
with open(sys.argv[1], "wb") as out:
    block = line * (1048576 // len(line) + 1)
    written = 0
    while written < size:
        part = block[: size - written]
        out.write(part)
        written += len(part)' "$WORK/large.txt" "$UPLOAD_LIMIT"
upload_status="$(via_nginx 127.0.0.4 -o "$WORK/upload.body" -w '%{http_code}' -H "X-API-Key: $KEY" \
    -F "workspace_id=$WORKSPACE" -F "file=@$WORK/large.txt;type=text/plain" "$HTTPS/api/v1/documents")"
stored="$(json_field size_bytes <"$WORK/upload.body" 2>/dev/null || true)"
rm -f "$WORK/large.txt"
if [[ "$upload_status" == "202" && "$stored" == "$UPLOAD_LIMIT" ]]; then
    pass "a 100 MB upload passes through nginx"
else
    fail "a 100 MB upload passes through nginx" "POST /api/v1/documents answered $upload_status, size_bytes \"$stored\" (want 202 and $UPLOAD_LIMIT): $(head -c 300 "$WORK/upload.body")"
fi

# --- the client address: throttled and logged by the real client's, forged headers ignored -----------------------
# Anonymous calls have $ANONYMOUS_PER_MINUTE a minute per client address. Spend all of 127.0.0.10's through nginx.
statuses() { local n="$1"; shift; for _ in $(seq 1 "$n"); do "$@" -o /dev/null -w '%{http_code}\n'; done | sort | uniq -c | tr '\n' ' '; }
begin
spent="$(statuses $((ANONYMOUS_PER_MINUTE + 5)) via_nginx 127.0.0.10 "$HTTPS/api/v1/config")"
other="$(via_nginx 127.0.0.11 -o /dev/null -w '%{http_code}' "$HTTPS/api/v1/config")"
if [[ "$spent" != *429* ]]; then
    fail "behind nginx the server throttles by the client's address" "$((ANONYMOUS_PER_MINUTE + 5)) anonymous calls from one client were never refused: $spent"
elif [[ "$other" != "200" ]]; then
    fail "behind nginx the server throttles by the client's address" "another client behind the same proxy was refused too ($other): the server counts the proxy's address"
elif ! grep -q "Rate limit exceeded for address:127.0.0.10 " "$WORK/server.log"; then
    fail "behind nginx the server throttles by the client's address" "the server log does not name 127.0.0.10 as the refused client: $(grep 'Rate limit exceeded' "$WORK/server.log" | head -n 2)"
else
    pass "behind nginx the server throttles by the client's address"
fi

# Out of allowance, 127.0.0.10 claims to be a fresh 127.0.0.20: believed, all 10 calls would pass; it stays itself, so
# most are refused (the bucket refills one call every few seconds, which a slow machine may earn once or twice).
begin
appended="$(statuses 10 via_nginx 127.0.0.10 -H 'X-Forwarded-For: 127.0.0.20' "$HTTPS/api/v1/config")"
if [[ "$appended" =~ ([0-9]+)\ 429 ]] && (( BASH_REMATCH[1] >= 6 )); then
    pass "an X-Forwarded-For a client sends through nginx does not make it another client"
else
    fail "an X-Forwarded-For a client sends through nginx does not make it another client" "10 calls from the throttled 127.0.0.10 claiming X-Forwarded-For: 127.0.0.20 got: $appended"
fi

begin
forged="$(direct 127.0.0.12 -o /dev/null -w '%{http_code}' -H 'X-Forwarded-For: 127.0.0.10' "$DIRECT/api/v1/config")"
flood="$(statuses $((ANONYMOUS_PER_MINUTE + 5)) direct 127.0.0.13 -H 'X-Forwarded-For: 198.51.100.7' "$DIRECT/api/v1/config")"
if [[ "$forged" != "200" ]]; then
    fail "X-Forwarded-For sent straight to the server is ignored" "a direct call claiming to be the throttled 127.0.0.10 was refused ($forged): the header was believed"
elif [[ "$flood" != *429* ]] || ! grep -q "Rate limit exceeded for address:127.0.0.13 " "$WORK/server.log"; then
    fail "X-Forwarded-For sent straight to the server is ignored" "a direct client with a forged header was not throttled and logged as itself (127.0.0.13): $flood"
elif grep -q "198.51.100.7" "$WORK/server.log"; then
    fail "X-Forwarded-For sent straight to the server is ignored" "the server logged the forged address 198.51.100.7"
else
    pass "X-Forwarded-For sent straight to the server is ignored"
fi

begin
direct 127.0.0.14 -D "$WORK/direct.headers" -o /dev/null -H 'X-Forwarded-Proto: https' "$DIRECT/api/v1/config"
direct_login="$(direct 127.0.0.14 -D "$WORK/direct-login.headers" -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' \
    -H 'Content-Type: application/json' --data "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$DIRECT/api/v1/auth/login")"
if grep -qi '^strict-transport-security:' "$WORK/direct.headers"; then
    fail "X-Forwarded-Proto sent straight to the server is ignored" "plain http with a forged X-Forwarded-Proto got HSTS"
elif [[ "$direct_login" != "200" ]]; then
    fail "X-Forwarded-Proto sent straight to the server is ignored" "direct sign-in answered $direct_login"
elif grep -i '^set-cookie:' "$WORK/direct-login.headers" | grep -qiE ';\s*secure(;|$)'; then
    fail "X-Forwarded-Proto sent straight to the server is ignored" "a plain-http sign-in with a forged X-Forwarded-Proto got a Secure cookie"
else
    pass "X-Forwarded-Proto sent straight to the server is ignored"
fi

write_junit
failed="$(failed_checks)"
echo "nginx test: ${#CASES[@]} checks, $failed failed, $((SECONDS - STARTED)) s; $JUNIT"
if [[ "$failed" -gt 0 ]]; then
    echo "--- last lines of the server log"
    tail -n 20 "$WORK/server.log"
    exit 1
fi
exit 0
