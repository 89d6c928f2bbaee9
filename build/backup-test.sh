#!/usr/bin/env bash
# The backup test: the real server (Release build, SQLite in a temp data directory, on a random loopback port) is
# backed up with the `backup` verb while clients keep writing to it, then restored with `restore` into a fresh data
# directory, and a second server started on that directory must hold everything acknowledged before the backup began:
#   - every workspace and every document (with its file, downloaded and compared by SHA-256)
#   - the API key made before the backup still works (the server secret is copied, as README says to)
#   - restore refuses a directory that already holds a database, and refuses a damaged archive
#
#   build/backup-test.sh [RESULTS_DIR]     (from any directory; build/test.sh calls it with its results directory)
#
# Writes RESULTS_DIR/backup-junit.xml (one test case per check; build/trx_summary.py counts them). Without a results
# directory the file goes to a temp directory, whose path is printed. Reuses src/WebApi/bin/Release when it exists
# (build/test.sh has just built it), else builds it. Exit status non-zero if any check fails.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RESULTS_DIR="${1:-${PLANCK_TEST_RESULTS_DIR:-}}"
if [[ -z "$RESULTS_DIR" ]]; then RESULTS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/planck-backup-results.XXXXXXXX")"; fi
mkdir -p "$RESULTS_DIR"
JUNIT="$RESULTS_DIR/backup-junit.xml"

WEBAPI_DIR="$ROOT/src/WebApi/bin/Release/net10.0"
ADMIN_EMAIL="backup-admin@planck.test"
ADMIN_PASSWORD="Backup-test-password-1"
STARTED=$SECONDS

WORK="$(mktemp -d "${TMPDIR:-/tmp}/planck-backup.XXXXXXXX")"
SERVER_PID="" WRITER_PID=""
CHECKS_SUITE=backup CHECKS_JUNIT="$JUNIT" CHECKS_WORK="$WORK"
CHECKS_LOGS=("$WORK/server.log" "$WORK/server-restored.log" "$WORK/writer.log")
# shellcheck source=build/checks.sh
source "$ROOT/build/checks.sh"

cleanup() {
    stop_pid "$WRITER_PID"
    stop_pid "$SERVER_PID"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> backup test (work directory $WORK)"

# --- prerequisites -----------------------------------------------------------------------------------------------
begin
for tool in curl python3; do
    command -v "$tool" >/dev/null 2>&1 || abort "prerequisites" "$tool is missing"
done
if [[ ! -f "$WEBAPI_DIR/Planck.WebApi.dll" ]]; then
    echo "==> dotnet build src/WebApi -c Release (the web app is not needed here)"
    dotnet build src/WebApi -c Release -p:SkipWebApp=true -v quiet -nologo >"$WORK/build.log" 2>&1 \
        || { tail -n 30 "$WORK/build.log"; abort "prerequisites" "dotnet build src/WebApi -c Release failed"; }
fi

unset_inherited_settings

# The verbs take their settings from the environment, as under systemd; the server takes the same ones.
planck() {
    local data="$1"; shift
    (cd "$WEBAPI_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production \
        Planck__DataDirectory="$data" \
        Planck__Database__Provider=Sqlite \
        Planck__Bootstrap__AdminEmail="$ADMIN_EMAIL" \
        Planck__Bootstrap__AdminPassword="$ADMIN_PASSWORD" \
        Planck__Embeddings__Provider=None \
        Planck__Documents__RunWorkers=false \
        Planck__RateLimiting__Enabled=false \
        Logging__LogLevel__Default=Warning \
        dotnet Planck.WebApi.dll "$@")
}

start_server() {
    local data="$1" log="$2"
    SERVER_PORT="$(free_ports 1)"
    planck "$data" "--urls=http://127.0.0.1:$SERVER_PORT" >"$log" 2>&1 &
    SERVER_PID=$!
    BASE="http://127.0.0.1:$SERVER_PORT"
    for _ in $(seq 1 360); do
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready")" == "200" ]]; then return 0; fi
        sleep 0.25
    done
    return 1
}

# --- the first server and its key --------------------------------------------------------------------------------
begin
mkdir -p "$WORK/data" "$WORK/restored"
start_server "$WORK/data" "$WORK/server.log" || abort "start" "the server did not answer /health/ready within 90 s"
curl -s -o /dev/null -c "$WORK/cookies" -H 'Content-Type: application/json' \
    --data "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$BASE/api/v1/auth/login"
KEY="$(curl -s -b "$WORK/cookies" -H 'Content-Type: application/json' --data '{"name":"backup test"}' \
    "$BASE/api/v1/users/me/api-keys" | json_field key 2>/dev/null)" || KEY=""
[[ "$KEY" == pk_* ]] || abort "set-up" "POST /api/v1/users/me/api-keys with the session cookie gave no key"
ADMIN_ID="$(curl -s -H "X-API-Key: $KEY" "$BASE/api/v1/users/me" | json_field id 2>/dev/null)" || ADMIN_ID=""
[[ -n "$ADMIN_ID" ]] || abort "set-up" "GET /api/v1/users/me with the new key failed"

# --- writes under load: each acknowledged write is a line of writes.log, flushed before the next request ------------
python3 - "$BASE" "$KEY" "$ADMIN_ID" "$WORK/writes.log" "$WORK/stop-writing" >"$WORK/writer.log" 2>&1 <<'PY' &
import hashlib, json, os, sys, urllib.request, uuid
base, key, admin, log_path, stop = sys.argv[1:6]

def call(method, path, body=None, content_type="application/json"):
    request = urllib.request.Request(base + path, data=body, method=method,
                                     headers={"X-API-Key": key, "Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")

with open(log_path, "a", encoding="utf-8") as log:
    n = 0
    while not os.path.exists(stop):
        workspace = call("POST", "/api/v1/admin/workspaces", json.dumps({"name": f"Under load {n}", "description": "backup test"}).encode())["id"]
        call("POST", f"/api/v1/admin/workspaces/{workspace}/members", json.dumps({"user_ids": [admin]}).encode())
        log.write(f"workspace {workspace}\n"); log.flush()
        for d in range(3):
            content = f"Document {n}.{d} written under load: {uuid.uuid4()}\n".encode() * (50 + 200 * d)
            boundary = uuid.uuid4().hex
            form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"workspace_id\"\r\n\r\n{workspace}\r\n"
                    f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"load-{n}-{d}.txt\"\r\n"
                    f"Content-Type: text/plain\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
            document = call("POST", "/api/v1/documents", form, f"multipart/form-data; boundary={boundary}")["id"]
            log.write(f"document {document} {hashlib.sha256(content).hexdigest()}\n"); log.flush()
        n += 1
PY
WRITER_PID=$!
for _ in $(seq 1 120); do
    written="$(grep -c '^document' "$WORK/writes.log" 2>/dev/null || true)"
    [[ "${written:-0}" -ge 15 ]] && break
    kill -0 "$WRITER_PID" 2>/dev/null || abort "writes under load" "the writer stopped: $(tail -n 3 "$WORK/writer.log")"
    sleep 0.25
done

# --- backup while the writes go on -------------------------------------------------------------------------------
begin
cp "$WORK/writes.log" "$WORK/acknowledged.log"   # everything acknowledged before the backup started
ARCHIVE="$WORK/planck-backup.tar.gz"
planck "$WORK/data" backup --output "$ARCHIVE" >"$WORK/backup.out" 2>"$WORK/backup.err"
backup_rc=$?
during="$(($(wc -l <"$WORK/writes.log") - $(wc -l <"$WORK/acknowledged.log")))"
sleep 1
touch "$WORK/stop-writing"
wait "$WRITER_PID" 2>/dev/null; writer_rc=$?; WRITER_PID=""
if [[ "$backup_rc" -ne 0 ]]; then
    fail "backup runs while the server takes writes" "backup exited with $backup_rc: $(tail -n 5 "$WORK/backup.err")"
elif [[ "$(tr -d '\r\n' <"$WORK/backup.out")" != "$ARCHIVE" || ! -s "$ARCHIVE" ]]; then
    fail "backup runs while the server takes writes" "backup printed \"$(head -c 200 "$WORK/backup.out")\" and left no archive at $ARCHIVE"
elif [[ "$writer_rc" -ne 0 ]]; then
    fail "backup runs while the server takes writes" "a write failed during the backup: $(tail -n 3 "$WORK/writer.log")"
elif [[ "$(($(wc -l <"$WORK/writes.log") - $(wc -l <"$WORK/acknowledged.log")))" -lt 1 ]]; then
    fail "backup runs while the server takes writes" "no write was acknowledged while the backup ran or just after it"
else
    pass "backup runs while the server takes writes ($(grep -c . "$WORK/acknowledged.log") writes before it, $during during it)"
fi
stop_pid "$SERVER_PID"; SERVER_PID=""

# --- restore into a fresh data directory -------------------------------------------------------------------------
begin
# The secret is not in the archive (ADR 0021); the operator copies it, as README says.
install -m 0600 "$WORK/data/server-secret" "$WORK/restored/server-secret"
planck "$WORK/restored" restore --input "$ARCHIVE" >"$WORK/restore.out" 2>"$WORK/restore.err"
restore_rc=$?
if [[ "$restore_rc" -eq 0 && -s "$WORK/restored/planck.db" ]]; then
    pass "restore into a fresh data directory"
else
    fail "restore into a fresh data directory" "restore exited with $restore_rc: $(tail -n 5 "$WORK/restore.err")"
fi

begin
planck "$WORK/restored" restore --input "$ARCHIVE" >/dev/null 2>"$WORK/again.err"
again_rc=$?
if [[ "$again_rc" -eq 1 ]] && grep -q "already holds" "$WORK/again.err"; then
    pass "restore refuses a data directory that already holds a database"
else
    fail "restore refuses a data directory that already holds a database" "a second restore exited with $again_rc: $(tail -n 3 "$WORK/again.err")"
fi

begin
python3 - "$ARCHIVE" "$WORK/damaged.tar.gz" <<'PY'
import sys, tarfile, io
with tarfile.open(sys.argv[1], "r:gz") as source, tarfile.open(sys.argv[2], "w:gz", format=tarfile.PAX_FORMAT) as target:
    for member in source.getmembers():
        data = source.extractfile(member).read()
        if member.name.startswith("files/") and not getattr(sys, "damaged", False):
            data = data[:-1] + bytes([data[-1] ^ 1]); sys.damaged = True
        member.size = len(data)
        target.addfile(member, io.BytesIO(data))
PY
mkdir -p "$WORK/untouched"
planck "$WORK/untouched" restore --input "$WORK/damaged.tar.gz" >/dev/null 2>"$WORK/damaged.err"
damaged_rc=$?
if [[ "$damaged_rc" -eq 1 ]] && grep -q "does not match its checksum" "$WORK/damaged.err" && [[ -z "$(ls -A "$WORK/untouched")" ]]; then
    pass "restore refuses an archive with a changed byte and writes nothing"
else
    fail "restore refuses an archive with a changed byte and writes nothing" "exit $damaged_rc, left \"$(ls -A "$WORK/untouched" | tr '\n' ' ')\": $(tail -n 3 "$WORK/damaged.err")"
fi

# --- the restored server -----------------------------------------------------------------------------------------
begin
start_server "$WORK/restored" "$WORK/server-restored.log" || abort "the restored server starts" "the restored server did not answer /health/ready within 90 s"
me="$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY" "$BASE/api/v1/users/me")"
if [[ "$me" == "200" ]]; then
    pass "the API key made before the backup works on the restored server"
else
    fail "the API key made before the backup works on the restored server" "GET /api/v1/users/me with the key answered $me"
fi

begin
missing=""
total=0
while read -r kind id _; do
    [[ "$kind" == workspace ]] || continue
    total=$((total + 1))
    status="$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY" "$BASE/api/v1/workspaces/$id")"
    [[ "$status" == "200" ]] || missing+="$id ($status) "
done <"$WORK/acknowledged.log"
if [[ -z "$missing" && "$total" -gt 0 ]]; then
    pass "every workspace acknowledged before the backup is restored ($total)"
else
    fail "every workspace acknowledged before the backup is restored" "of $total, missing: $missing"
fi

begin
missing=""
total=0
while read -r kind id sha; do
    [[ "$kind" == document ]] || continue
    total=$((total + 1))
    status="$(curl -s -o "$WORK/download" -w '%{http_code}' -H "X-API-Key: $KEY" "$BASE/api/v1/documents/$id/content")"
    actual="$(sha256sum "$WORK/download" | cut -d' ' -f1)"
    [[ "$status" == "200" && "$actual" == "$sha" ]] || missing+="$id ($status) "
done <"$WORK/acknowledged.log"
if [[ -z "$missing" && "$total" -gt 0 ]]; then
    pass "every document acknowledged before the backup is restored with its file ($total, SHA-256 compared)"
else
    fail "every document acknowledged before the backup is restored with its file" "of $total, missing or different: $missing"
fi

write_junit
failed=0
for case in "${CASES[@]}"; do [[ -n "$(cut -f3 <<<"$case")" ]] && failed=$((failed + 1)); done
echo "backup test: ${#CASES[@]} checks, $failed failed, $((SECONDS - STARTED)) s; $JUNIT"
if [[ "$failed" -gt 0 ]]; then
    for log in "$WORK"/server*.log; do echo "--- last lines of $(basename "$log")"; tail -n 20 "$log"; done
    exit 1
fi
exit 0
