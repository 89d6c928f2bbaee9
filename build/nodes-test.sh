#!/usr/bin/env bash
# The several-nodes test: two real servers (Release build, node A and node B) on one PostgreSQL database, with the
# same server secret and database-held file storage, as README "Install on a server" step 6 deploys them, and the
# fake model. Checks with curl and psql what several nodes promise:
#   - documents uploaded to either node are processed exactly once (one claim each in the database, chunks written
#     once) and every one is found by search from both nodes
#   - an API key revoked through A stops working on B within the documented 30 s
#   - a stream started on A is resumed on B from its Last-Event-ID: the events after that id, none missed, none twice,
#     to the end (a conversation turn and a stateless answer)
#   - kill -9 of A mid-answer leaves the partial answer, "complete": false, readable from B; the restarted A answers
#     the next question in that conversation
#
#   build/nodes-test.sh [RESULTS_DIR]      (from any directory; build/test.sh calls it with its results directory)
#
# Writes RESULTS_DIR/nodes-junit.xml (one test case per check; build/trx_summary.py counts them). PostgreSQL: a fresh
# database in the server PLANCK_TEST_POSTGRES names (build/test.sh exports it), dropped at the end; without it, a
# throwaway cluster from build/postgres.sh. Reuses src/WebApi/bin/Release and the fake model's Release build when they
# exist, else builds them. Exit status non-zero if any check fails.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

RESULTS_DIR="${1:-${PLANCK_TEST_RESULTS_DIR:-}}"
if [[ -z "$RESULTS_DIR" ]]; then RESULTS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/planck-nodes-results.XXXXXXXX")"; fi
mkdir -p "$RESULTS_DIR"
JUNIT="$RESULTS_DIR/nodes-junit.xml"

WEBAPI_DIR="$ROOT/src/WebApi/bin/Release/net10.0"
BENCH_PROJECT="$ROOT/build/bench/ChatBench"
BENCH_DLL="$BENCH_PROJECT/bin/Release/net10.0/Planck.Bench.Chat.dll"
ADMIN_EMAIL="nodes-admin@planck.test"
ADMIN_PASSWORD="Nodes-test-password-1"
DOCUMENTS_PER_NODE=6
REVOCATION_DEADLINE=35          # README: other nodes follow a revocation within 30 s; 5 s for the polling itself
STARTED=$SECONDS

WORK="$(mktemp -d "${TMPDIR:-/tmp}/planck-nodes.XXXXXXXX")"
A_PID="" B_PID="" MODEL_PID="" OWN_CLUSTER="" DATABASE="" PSQL_ADMIN=()
CHECKS_SUITE=nodes CHECKS_JUNIT="$JUNIT" CHECKS_WORK="$WORK" CHECKS_LOGS=("$WORK/a.log" "$WORK/b.log")
# shellcheck source=build/checks.sh
source "$ROOT/build/checks.sh"

cleanup() {
    stop_pid "$A_PID"
    stop_pid "$B_PID"
    stop_pid "$MODEL_PID"
    if [[ -n "$DATABASE" ]]; then
        "${PSQL_ADMIN[@]}" -q -c "DROP DATABASE IF EXISTS \"$DATABASE\" WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    if [[ -n "$OWN_CLUSTER" ]]; then planck_pg_stop; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "==> nodes test (work directory $WORK)"

# --- prerequisites -----------------------------------------------------------------------------------------------
begin
for tool in curl python3 openssl; do
    command -v "$tool" >/dev/null 2>&1 || abort "prerequisites" "$tool is missing"
done
check_prerequisite_builds

read -r A_PORT B_PORT PG_PORT < <(free_ports 3)

# --- PostgreSQL: a fresh database of this run's own -----------------------------------------------------------------
SERVER_POSTGRES="${PLANCK_TEST_POSTGRES:-}"
if [[ -z "$SERVER_POSTGRES" ]]; then
    echo "==> Starting PostgreSQL on 127.0.0.1:$PG_PORT (PLANCK_TEST_POSTGRES is not set)"
    # shellcheck source=build/postgres.sh
    source "$ROOT/build/postgres.sh"
    planck_pg_start "$PG_PORT" || abort "prerequisites" "build/postgres.sh could not start PostgreSQL"
    OWN_CLUSTER=1
    SERVER_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=postgres;Pooling=true"
fi
PSQL="$(command -v psql || ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)"
[[ -x "$PSQL" ]] || abort "prerequisites" "psql is missing"
# Host, port, user and password of the connection string, for psql.
mapfile -t PG < <(python3 - "$SERVER_POSTGRES" <<'PY'
import sys
parts = dict((k.strip().lower(), v.strip()) for k, _, v in (p.partition("=") for p in sys.argv[1].split(";") if "=" in p))
print(parts.get("host", "127.0.0.1")); print(parts.get("port", "5432"))
print(parts.get("username", parts.get("user id", parts.get("user", "postgres")))); print(parts.get("password", ""))
PY
)
export PGPASSWORD="${PG[3]}"
DATABASE="planck_nodes_$(date +%s)_$$"
PSQL_ADMIN=("$PSQL" -h "${PG[0]}" -p "${PG[1]}" -U "${PG[2]}" -d postgres -v ON_ERROR_STOP=1 -X)
PSQL_RUN=("$PSQL" -h "${PG[0]}" -p "${PG[1]}" -U "${PG[2]}" -d "$DATABASE" -v ON_ERROR_STOP=1 -X -At -F $'\t')
"${PSQL_ADMIN[@]}" -q -c "CREATE DATABASE \"$DATABASE\"" >"$WORK/createdb.log" 2>&1 \
    || { DATABASE=""; cat "$WORK/createdb.log"; abort "prerequisites" "could not create a database in the PostgreSQL server"; }
CONNECTION="Host=${PG[0]};Port=${PG[1]};Username=${PG[2]};Password=${PG[3]};Database=$DATABASE;Maximum Pool Size=8"

# --- the fake model and the two nodes -------------------------------------------------------------------------------
begin
unset_inherited_settings
start_fake_model

# What every node shares (README, Install on a server, step 6): the database, the server secret, the file store kind.
# The secret and the connection string go by environment, never on a command line that ps shows.
SECRET="$(openssl rand -base64 48)"
mkdir -p "$WORK/a" "$WORK/b"
start_node() {   # name port [extra settings...]; prints the process id
    local name="$1" port="$2"; shift 2
    (
        cd "$WEBAPI_DIR" && exec env ASPNETCORE_ENVIRONMENT=Production \
            Planck__Database__Provider=Postgres \
            ConnectionStrings__Planck="$CONNECTION" \
            Planck__Security__ApiKeySecret="$SECRET" \
            dotnet Planck.WebApi.dll \
            "--urls=http://127.0.0.1:$port" \
            "--Planck:DataDirectory=$WORK/$name" \
            "--Planck:Documents:Storage=Database" \
            "--Planck:Documents:Workers=1" \
            "--Planck:Documents:PollSeconds=1" \
            "--Planck:Llm:Provider=OpenAI" \
            "--Planck:Llm:Endpoint=$MODEL_URL" \
            "--Planck:Llm:Model=fake" \
            "--Planck:Llm:ApiKey=nodes-test" \
            "--Planck:Embeddings:Provider=None" \
            "--Planck:RateLimiting:AnonymousRequestsPerMinute=1000" \
            "$@"
    ) >>"$WORK/$name.log" 2>&1 &
    echo $!
}
wait_ready() {   # name pid port
    for _ in $(seq 1 360); do
        kill -0 "$2" 2>/dev/null || abort "start" "node $1 exited during start-up"
        if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$3/health/ready")" == "200" ]]; then return 0; fi
        sleep 0.25
    done
    abort "start" "node $1: GET /health/ready did not answer 200 within 90 s"
}
# A first: it migrates the empty database and creates the Admin; B then starts on a database that is ready.
A_PID="$(start_node a "$A_PORT" "--Planck:Bootstrap:AdminEmail=$ADMIN_EMAIL" "--Planck:Bootstrap:AdminPassword=$ADMIN_PASSWORD")"
wait_ready A "$A_PID" "$A_PORT"
B_PID="$(start_node b "$B_PORT")"
wait_ready B "$B_PID" "$B_PORT"
A="http://127.0.0.1:$A_PORT"
B="http://127.0.0.1:$B_PORT"

curl -s -o /dev/null -c "$WORK/cookies" -H 'Content-Type: application/json' \
    --data "{\"email\":\"$ADMIN_EMAIL\",\"password\":\"$ADMIN_PASSWORD\"}" "$A/api/v1/auth/login"
new_key() { curl -s -b "$WORK/cookies" -H 'Content-Type: application/json' --data "{\"name\":\"$1\"}" "$A/api/v1/users/me/api-keys"; }
KEY="$(new_key "nodes test" | json_field key 2>/dev/null)" || KEY=""
[[ "$KEY" == pk_* ]] || abort "set-up" "POST /api/v1/users/me/api-keys on A with the session cookie gave no key"
ADMIN_ID="$(curl -s -H "X-API-Key: $KEY" "$A/api/v1/users/me" | json_field id 2>/dev/null)" || ADMIN_ID=""
WORKSPACE="$(curl -s -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    --data '{"name":"Two nodes","description":"several-nodes test"}' "$A/api/v1/admin/workspaces" | json_field id 2>/dev/null)" || WORKSPACE=""
[[ -n "$WORKSPACE" && -n "$ADMIN_ID" ]] || abort "set-up" "could not create a workspace with the key"
curl -s -o /dev/null -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    --data "{\"user_ids\":[\"$ADMIN_ID\"]}" "$A/api/v1/admin/workspaces/$WORKSPACE/members"
echo "  (nodes up on $A and $B, database $DATABASE, $((SECONDS - STARTED)) s)"

# --- 1. documents: processed exactly once, found from both nodes -----------------------------------------------
# Each document carries a word of its own, so a search for it finds that document or nothing. Exactly once: every
# claim of a document increments its attempts in the database, so a document two workers both processed shows 2;
# and a document indexed twice would hold more chunk rows than its chunk_count.
begin
NAME="documents uploaded to either node are processed exactly once and found from both"
: >"$WORK/uploads.tsv"
for i in $(seq 1 "$DOCUMENTS_PER_NODE"); do
    for node in A B; do
        url="$A"; [[ "$node" == B ]] && url="$B"
        word="nodeword${node,,}${i}x$RANDOM"
        if (( i % 2 )); then
            file="$WORK/doc-$node-$i.txt"
            printf 'A note uploaded to node %s.\nIts marker is %s, found nowhere else.\n' "$node" "$word" >"$file"
            type="text/plain"
        else
            file="$WORK/doc-$node-$i.csv"
            printf 'node,marker,number\n%s,%s,%d\n' "$node" "$word" "$i" >"$file"
            type="text/csv"
        fi
        id="$(curl -s -H "X-API-Key: $KEY" -F "workspace_id=$WORKSPACE" -F "file=@$file;type=$type" "$url/api/v1/documents" | json_field id 2>/dev/null)" || id=""
        printf '%s\t%s\t%s\n' "$node" "$id" "$word" >>"$WORK/uploads.tsv"
    done
done
document_report="$(python3 - "$WORK/uploads.tsv" "$A" "$B" "$KEY" "$WORKSPACE" <<'PY'
import json, sys, time, urllib.parse, urllib.request
uploads_file, node_a, node_b, key, workspace = sys.argv[1:6]
uploads = [line.split("\t") for line in open(uploads_file, encoding="utf-8").read().splitlines()]
def get(url):
    request = urllib.request.Request(url, headers={"X-API-Key": key})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)
missing = [f"{node}:{word}" for node, doc, word in uploads if not doc]
if missing:
    print(f"FAIL uploads were refused: {missing}"); sys.exit()
deadline = time.monotonic() + 90
pending = {doc for _, doc, _ in uploads}
statuses = {}
while pending and time.monotonic() < deadline:
    for doc in list(pending):
        status = get(f"{node_b if len(statuses) % 2 else node_a}/api/v1/documents/{doc}")["status"]
        statuses[doc] = status
        if status in ("ready", "failed", "cancelled"):
            pending.discard(doc)
    if pending:
        time.sleep(0.5)
not_ready = {doc: statuses.get(doc) for _, doc, _ in uploads if statuses.get(doc) != "ready"}
if not_ready:
    print(f"FAIL not every document became ready within 90 s: {not_ready}"); sys.exit()
unfound = []
for node, doc, word in uploads:
    for name, url in (("A", node_a), ("B", node_b)):
        hits = get(f"{url}/api/v1/workspaces/{workspace}/search?q={urllib.parse.quote(word)}&limit=5")["data"]
        if [hit["document_id"] for hit in hits] [:1] != [doc]:
            unfound.append(f"{word} (uploaded to {node}) from {name}: {[hit['document_id'] for hit in hits]}")
if unfound:
    print(f"FAIL search did not find every document from both nodes: {unfound}"); sys.exit()
print("OK")
PY
)"
if [[ "$document_report" != OK* ]]; then
    fail "$NAME" "${document_report#FAIL }"
else
    claims="$("${PSQL_RUN[@]}" -c "SELECT d.id, d.attempts, d.chunk_count, (SELECT count(*) FROM document_chunks c WHERE c.document_id = d.id) FROM documents d" 2>&1)"
    total="$(grep -c . <<<"$claims")"
    twice="$(awk -F '\t' '$2 != 1 || $3 != $4' <<<"$claims")"
    if [[ "$total" -ne $((2 * DOCUMENTS_PER_NODE)) ]]; then
        fail "$NAME" "the database holds $total documents, want $((2 * DOCUMENTS_PER_NODE)): $claims"
    elif [[ -n "$twice" ]]; then
        fail "$NAME" "documents claimed more than once or indexed twice (id, attempts, chunk_count, chunk rows): $twice"
    else
        # The nodes' own account: each logs "Processing document <id>, attempt <n>" when a worker starts on one.
        on_a="$(grep -c 'Processing document ' "$WORK/a.log")"
        on_b="$(grep -c 'Processing document ' "$WORK/b.log")"
        logged_twice="$(cut -f2 "$WORK/uploads.tsv" | while read -r id; do
            n="$(cat "$WORK/a.log" "$WORK/b.log" | grep -c "Processing document $id,")"
            [[ "$n" -eq 1 ]] || echo "$id: $n"
        done)"
        if [[ -n "$logged_twice" ]]; then
            fail "$NAME" "the nodes' logs show documents processed other than once: $logged_twice"
        else
            pass "$NAME ($total documents, one claim each: $on_a processed on A, $on_b on B)"
        fi
    fi
fi

# --- 2. a key revoked through A stops working on B within 30 s ---------------------------------------------------
begin
NAME="an API key revoked through A stops working on B within 30 s"
revoked="$(new_key "revoked across nodes")"
REVOKED_KEY="$(json_field key <<<"$revoked" 2>/dev/null)" || REVOKED_KEY=""
REVOKED_ID="$(json_field id <<<"$revoked" 2>/dev/null)" || REVOKED_ID=""
me() { curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $REVOKED_KEY" "$1/api/v1/users/me"; }
# B learns the key first, so what it caches is what must expire.
before_b="$(me "$B")"
revoke_status="$(curl -s -o /dev/null -w '%{http_code}' -X DELETE -b "$WORK/cookies" "$A/api/v1/users/me/api-keys/$REVOKED_ID")"
revoked_at=$SECONDS
after_a="$(me "$A")"
if [[ "$before_b" != 200 || "$revoke_status" != 204 ]]; then
    fail "$NAME" "before revoking, B answered $before_b to the key (want 200); DELETE on A answered $revoke_status (want 204)"
elif [[ "$after_a" != 401 ]]; then
    fail "$NAME" "A, which revoked it, still accepts the key ($after_a)"
else
    on_b=""
    while (( SECONDS - revoked_at < REVOCATION_DEADLINE )); do
        on_b="$(me "$B")"
        [[ "$on_b" == 401 ]] && break
        sleep 1
    done
    if [[ "$on_b" == 401 ]]; then
        pass "$NAME (refused by B $((SECONDS - revoked_at)) s after the revocation)"
    else
        fail "$NAME" "B still answered $on_b to the revoked key $REVOCATION_DEADLINE s after A revoked it"
    fi
fi

# --- 3. a stream started on A, resumed on B -----------------------------------------------------------------------
# stream.py start-url resume-template mode: starts a slow answer on A, reads its first events, then resumes on B from
# the last id read. "drop": the connection to A is closed first (A then ends the answer, the ADR 19 contract), and B
# must send every event after that id, numbered on without a gap, to an end event. "live": A's connection stays
# open, and B's events must be exactly A's after that id, through message_stop.
cat >"$WORK/stream.py" <<'PY'
import json, subprocess, sys, threading
start_url, resume_template, mode, key, body = sys.argv[1:6]

def events_of(lines):
    """Yields (id, event, data) for each SSE event of a stream of lines."""
    event = {}
    for raw in lines:
        line = raw.decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            if "event" in event:
                yield event.get("id"), event["event"], event.get("data", "")
            event = {}
        elif not line.startswith(":"):
            field, _, value = line.partition(":")
            event[field] = value[1:] if value.startswith(" ") else value

curl = ["curl", "-sSN", "--max-time", "120", "-H", f"X-API-Key: {key}", "-H", "Accept: text/event-stream"]
asked = subprocess.Popen(curl + ["-H", "Content-Type: application/json", "--data", body, start_url], stdout=subprocess.PIPE)
from_a = []
for event in events_of(asked.stdout):
    from_a.append(event)
    if sum(1 for e in from_a if e[1] == "content_block_delta") >= 3:
        break
if not from_a or from_a[0][1] != "message_start":
    print(f"FAIL A's stream did not begin with message_start: {from_a[:3]}"); sys.exit()
message_id = json.loads(from_a[0][2])["id"]
last_id = from_a[-1][0]
rest_of_a = []
if mode == "drop":
    asked.kill()
else:
    reader = threading.Thread(target=lambda: rest_of_a.extend(events_of(asked.stdout)))
    reader.start()
resumed = subprocess.run(curl + ["-H", f"Last-Event-ID: {last_id}", resume_template.format(message=message_id)], capture_output=True)
from_b = list(events_of(resumed.stdout.splitlines(keepends=True) + [b"\n"]))
if mode != "drop":
    reader.join()
asked.wait()
ids = [e[0] for e in from_b]
want = [str(n) for n in range(int(last_id) + 1, int(last_id) + 1 + len(from_b))]
if not from_b:
    print(f"FAIL B sent nothing after id {last_id} (curl exit {resumed.returncode}: {resumed.stderr.decode()[:200]})")
elif ids != want:
    print(f"FAIL B's event ids after {last_id} are not {last_id}+1, +2, …: {ids[:12]}")
elif from_b[-1][1] not in ("message_stop", "error"):
    print(f"FAIL B's stream ended without an end event, last: {from_b[-1][1]}")
elif mode == "live" and from_b != rest_of_a:
    print(f"FAIL B's events differ from A's after id {last_id}: B {len(from_b)} ending {from_b[-1][:2]}, A {len(rest_of_a)} ending {rest_of_a[-1][:2] if rest_of_a else None}")
elif mode == "live" and from_b[-1][1] != "message_stop":
    print(f"FAIL the answer ended with {from_b[-1][1]}: {from_b[-1][2][:200]}")
else:
    print(f"OK {len(from_a)} events from A to id {last_id}, then {len(from_b)} from B to {from_b[-1][1]}")
PY
slow_body() { python3 -c 'import json,sys; print(json.dumps({"message": "[[fake:echo]] [[fake:slow " + sys.argv[1] + "]] " + "Planck answers from one node and resumes on another. " * int(sys.argv[2]), "stream": True}))' "$1" "$2"; }
CONVERSATION="$(curl -s -H "X-API-Key: $KEY" -H 'Content-Type: application/json' --data '{"name":"Across nodes"}' \
    "$A/api/v1/workspaces/$WORKSPACE/conversations" | json_field id 2>/dev/null)" || CONVERSATION=""
[[ -n "$CONVERSATION" ]] || abort "set-up" "could not create a conversation"
CONVERSATION_PATH="/api/v1/workspaces/$WORKSPACE/conversations/$CONVERSATION"
for mode in live drop; do
    for kind in conversation stateless; do
        if [[ "$kind" == conversation ]]; then
            start="$A$CONVERSATION_PATH/messages"; resume="$B$CONVERSATION_PATH/messages/{message}/stream"
        else
            start="$A/api/v1/workspaces/$WORKSPACE/chat"; resume="$B/api/v1/workspaces/$WORKSPACE/chat/streams/{message}"
        fi
        if [[ "$mode" == live ]]; then
            NAME="a $kind stream started on A is resumed on B from its Last-Event-ID to message_stop, the same events as A's"
        else
            NAME="a $kind stream dropped on A is resumed on B from its Last-Event-ID, every later event once, to the end"
        fi
        begin
        result="$(python3 "$WORK/stream.py" "$start" "$resume" "$mode" "$KEY" "$(slow_body 100 12)")"
        if [[ "$result" == OK* ]]; then pass "$NAME (${result#OK })"; else fail "$NAME" "${result#FAIL }"; fi
    done
done

# --- 4. kill -9 mid-answer ------------------------------------------------------------------------------------------
begin
NAME="kill -9 of A mid-answer leaves the partial answer, complete false, readable from B"
KILLED_CONVERSATION="$(curl -s -H "X-API-Key: $KEY" -H 'Content-Type: application/json' --data '{"name":"Killed mid-answer"}' \
    "$A/api/v1/workspaces/$WORKSPACE/conversations" | json_field id 2>/dev/null)" || KILLED_CONVERSATION=""
KILLED_PATH="/api/v1/workspaces/$WORKSPACE/conversations/$KILLED_CONVERSATION"
# About 60 deltas 200 ms apart: 12 s of answer. Killed once 3 s of text have streamed, past the 2 s save interval.
curl -sSN --max-time 60 -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -H 'Accept: text/event-stream' \
    --data "$(slow_body 200 25)" "$A$KILLED_PATH/messages" >"$WORK/killed.sse" 2>/dev/null &
KILLED_CURL=$!
first_delta=""
for _ in $(seq 1 100); do
    if grep -q '^event: content_block_delta' "$WORK/killed.sse" 2>/dev/null; then first_delta=$SECONDS; break; fi
    sleep 0.2
done
if [[ -z "$first_delta" ]]; then
    kill "$KILLED_CURL" 2>/dev/null
    fail "$NAME" "no text streamed from A within 20 s"
else
    sleep 3.5
    kill -KILL "$A_PID"
    for _ in $(seq 1 50); do kill -0 "$A_PID" 2>/dev/null || break; sleep 0.1; done
    wait "$KILLED_CURL" 2>/dev/null
    streamed="$(grep -c '^event: content_block_delta' "$WORK/killed.sse")"
    # The saved text must be what A streamed (the echoed question, passages first), up to the last save: one is a
    # prefix of the other once whitespace, which blocks and deltas split differently, is set aside.
    partial="$(curl -s -H "X-API-Key: $KEY" "$B$KILLED_PATH/messages" | python3 -c '
import json, re, sys
body = json.load(sys.stdin)
messages = body["data"] if isinstance(body, dict) else body
streamed = []
event = None
for line in open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines():
    if line.startswith("event:"):
        event = line[6:].strip()
    elif line.startswith("data:") and event in ("content_block_start", "content_block_delta"):
        data = json.loads(line[5:])
        streamed.append((data.get("delta") or data).get("text") or "")
def bare(text):
    return re.sub(r"\s+", "", text)
streamed = bare("".join(streamed))
answers = [m for m in messages if m["role"] == "assistant"]
if len(answers) != 1:
    roles = [m["role"] for m in messages]
    print(f"FAIL want one assistant message, got {len(answers)} (messages: {roles})"); sys.exit()
answer = answers[0]
saved = bare("".join(block.get("text", "") for block in answer["content"]))
complete = answer.get("complete")
if complete is not False:
    print(f"FAIL the assistant message has complete {complete!r}")
elif len(saved) < 24 or not (streamed.startswith(saved) or saved.startswith(streamed)):
    print(f"FAIL the saved text is not the streamed text so far: saved {saved[:120]!r}, streamed {streamed[:120]!r}")
else:
    print(f"OK {len(saved)} non-blank characters saved of {len(streamed)} streamed")' "$WORK/killed.sse" 2>&1)"
    if [[ "$partial" == OK* ]]; then pass "$NAME ($streamed deltas streamed before the kill, ${partial#OK })"; else fail "$NAME" "${partial#FAIL }"; fi
fi
A_PID=""

begin
NAME="after kill -9 the restarted A answers the next question in that conversation"
A_PID="$(start_node a "$A_PORT")"
wait_ready A "$A_PID" "$A_PORT"
next="$(curl -s -H "X-API-Key: $KEY" -H 'Content-Type: application/json' -H 'Accept: text/event-stream' --max-time 60 \
    --data '{"message":"[[fake:echo]] Still here after the crash.","stream":true}' "$A$KILLED_PATH/messages")"
messages="$(curl -s -H "X-API-Key: $KEY" "$B$KILLED_PATH/messages" | python3 -c '
import json, sys
body = json.load(sys.stdin)
messages = body["data"] if isinstance(body, dict) else body
print(" ".join(str(m["role"]) + ":" + str(m.get("complete")) for m in messages))' 2>&1)"
if ! grep -q '^event: message_stop' <<<"$next"; then
    fail "$NAME" "the new question got no message_stop: $(head -c 400 <<<"$next")"
elif [[ "$messages" != "user:"*" assistant:False user:"*" assistant:True" ]]; then
    fail "$NAME" "the conversation's messages (role:complete) are \"$messages\", want the partial answer then a complete one"
else
    pass "$NAME"
fi

write_junit
failed="$(failed_checks)"
echo "nodes test: ${#CASES[@]} checks, $failed failed, $((SECONDS - STARTED)) s; $JUNIT"
if [[ "$failed" -gt 0 ]]; then
    for log in a b; do echo "--- last lines of node ${log^^}'s log"; tail -n 20 "$WORK/$log.log"; done
    exit 1
fi
exit 0
