#!/usr/bin/env bash
# Chat streaming benchmark of the published Planck.WebApi (issue 4), with the fake model server answering instantly.
#
#   build/bench/chat.sh [sqlite|postgres|all]      (default: all)
#
# Per provider: time to message_start (p50/p95, 1 then 4 concurrent clients), server CPU per streamed delta, and
# BENCH_STREAMS concurrent streams held (memory, errors). See build/bench/README.md. Optional environment:
#   BENCH_REQUESTS          answers timed per client count (default 500; BENCH_WARMUP_REQUESTS before them, default 100)
#   BENCH_DELTA_ANSWERS     answers in the per-delta run (default 50), each of BENCH_DELTAS deltas (default 2000)
#   BENCH_STREAMS           streams held at once (default 1000), for BENCH_HOLD_SECONDS (default 10)
#   BENCH_EMBEDDINGS        the server's Planck:Embeddings:Provider (default Local, as shipped; None for full-text only)
#   BENCH_KEEP_LOGS=1       keep the server's log next to the summary in build/bench/results
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=build/bench/run.sh
source "$BENCH_DIR/run.sh"

REQUESTS="${BENCH_REQUESTS:-500}"
WARMUP_REQUESTS="${BENCH_WARMUP_REQUESTS:-100}"
LATENCY_CLIENTS=(1 4) # one user alone, then four at once on the 2 cores
DELTA_ANSWERS="${BENCH_DELTA_ANSWERS:-50}"
DELTAS="${BENCH_DELTAS:-2000}"
STREAMS="${BENCH_STREAMS:-1000}"
HOLD_SECONDS="${BENCH_HOLD_SECONDS:-10}"
EMBEDDINGS="${BENCH_EMBEDDINGS:-Local}"
OPEN_FILES=65536

bench_tool() { dotnet "$TOOL" "$@"; }

# measure NAME OUT_FILE VERB ARGS... -> the verb's JSON in OUT_FILE, or {"failed": ...} when it exits non-zero, so one
# broken measure is reported rather than ending the run.
measure() {
    local name="$1" out="$2" rc=0
    shift 2
    log "measure: $name"
    bench_tool "$@" >"$out" || rc=$?
    if [[ "$rc" -ne 0 || ! -s "$out" ]]; then
        log "measure '$name' failed (exit $rc)"
        python3 -c 'import json, sys; print(json.dumps({"failed": f"exit {sys.argv[1]}"}))' "$rc" >"$out"
    fi
    if [[ -n "$SERVER_PID" ]] && ! kill -0 "$SERVER_PID" 2>/dev/null; then
        log "the server exited during '$name'; last lines of its log:"
        tail -n 50 "$SERVER_LOG" >&2 || true
        SERVER_PID=""
        die "server died during the '$name' measure"
    fi
    cat "$out" >&2
}

raise_open_files() {
    local want="$OPEN_FILES" hard
    hard="$(ulimit -Hn)"
    if [[ "$hard" != unlimited && "$hard" -lt "$want" ]]; then want="$hard"; fi
    ulimit -n "$want" || log "could not raise the open-files limit to $want"
    if (("$(ulimit -n)" < 3 * STREAMS + 1024)); then
        log "warning: open-files limit $(ulimit -n) may be too low for $STREAMS streams (client, server and model each hold one socket a stream)"
    fi
}

# render_summary PROVIDER SERVER_LOG SETUP LATENCY_1 LATENCY_4 DELTAS HOLD (JSON files) -> markdown with the targets checked
render_summary() {
    python3 - "$@" <<'PY'
import collections, json, re, sys

provider, server_log = sys.argv[1], sys.argv[2]
setup, lat1, lat4, deltas, hold = [json.load(open(p)) for p in sys.argv[3:]]

def ms(v):
    return "n/a" if v is None else (f"{v * 1000:.0f} µs" if v < 1 else f"{v:.1f} ms")

def pct(d, key):
    s = d.get(key) or {}
    return f"p50 {ms(s.get('p50'))}, p95 {ms(s.get('p95'))}, p99 {ms(s.get('p99'))}, max {ms(s.get('max'))}"

def kinds(d):
    by_kind = d.get("errors_by_kind") or {}
    return "; ".join(f"{k}: {v:,}" for k, v in by_kind.items()) or "none"

def clients(d):
    return "1 client" if d["concurrency"] == 1 else f"{d['concurrency']} clients"

def yes(v):
    return "yes" if v else "**no**"

def examples(d):
    for kind, example in (d.get("error_examples") or {}).items():
        print(f"- {kind}, e.g.: `{example.replace('`', '')[:200]}`")

def failed(d):
    return f"measure failed ({d['failed']})" if "failed" in d else None

print(f"### Chat streaming: {provider}")
print()
print(f"Workspace of {len(setup.get('documents', []))} documents, {setup.get('chunks', '?')} passages; "
      f"fake model answering instantly in its own process.")
print()
print("| measure | result | errors |")
print("|---|---|---:|")
for label, d in (("message_start, 1 client", lat1), ("message_start, 4 clients", lat4)):
    if failed(d):
        print(f"| {label} | {failed(d)} | |")
        continue
    print(f"| {label} ({d['requests']:,} answers after {d['warmup']:,} warm-up) | {pct(d, 'message_start_ms')} | {d['errors']:,} |")
    print(f"| first delta, {clients(d)} | {pct(d, 'first_delta_ms')} | |")
    print(f"| whole answer, {clients(d)} | {pct(d, 'message_stop_ms')}; {d['answers_per_second']:,} answers/s | |")
if failed(deltas):
    print(f"| per delta | {failed(deltas)} | |")
else:
    d = deltas
    print(f"| server CPU per delta ({d['answers']:,} answers of {d['deltas_per_answer']:,} deltas, {d['concurrency']} at a time) "
          f"| **{d['server_us_per_delta']} µs** marginal ({d['server_us_per_delta_all_in']} µs all-in; "
          f"{d['server_us_per_answer_fixed']:,} µs fixed per answer) | {d['errors']:,} |")
    coarse = " (under 10 ticks of /proc's 10 ms: noise)" if d["model_cpu_seconds"] < 0.1 else ""
    print(f"| fake model CPU per delta, for comparison | {d['model_us_per_delta']} µs marginal ({d['model_us_per_delta_all_in']} µs all-in){coarse} | |")
    print(f"| deltas received | {d['deltas_received']:,} of {d['deltas_expected']:,} in {d['seconds']} s ({d['deltas_per_second']:,.0f}/s) | |")
if failed(hold):
    print(f"| streams held | {failed(hold)} | |")
else:
    h = hold
    print(f"| {h['streams']:,} streams opened at once | {h['held']:,} held after {h['opening_seconds']} s "
          f"(first delta {pct(h, 'open_first_delta_ms')}); {h['held_at_end']:,} still held after {h['hold_seconds']} s | {h['errors']:,} |")
    print(f"| server memory | baseline {h['baseline_rss_mb']} MB, peak {h['peak_rss_mb']} MB (**+{h['extra_mb']} MB**), "
          f"while held {h['held_rss_mb']} MB (+{h['held_extra_mb']} MB, {h['held_kb_per_stream']} KB a stream); "
          f"threads {h['baseline_threads']} → {h['peak_threads']} | |")
    print(f"| after letting go | all closed within 60 s: {yes(h['released_all'])} ({h['release_seconds']} s); RSS {h['rss_after_release_mb']} MB 3 s later; "
          f"ready: {yes(h['ready_after'])}; a new answer complete: {yes(h['answer_after'])} | |")
    statuses = ", ".join(f"{k}: {v:,}" for k, v in (h.get("http_statuses") or {}).items()) or "none"
    print()
    print(f"Streams by HTTP status: {statuses}. Errors by kind: {kinds(h)}.")
    examples(h)

for label, d in (("1 client", lat1), ("4 clients", lat4), ("per delta", deltas)):
    if "failed" not in d and d.get("errors"):
        print(f"\nErrors ({label}): {kinds(d)}.")
        examples(d)

checks = []
for label, d in (("1 client", lat1), ("4 clients", lat4)):
    p95 = ((d.get("message_start_ms") or {}).get("p95"))
    ok = p95 is not None and p95 < 20 and d.get("errors") == 0
    checks.append((ok, f"message_start p95 < 20 ms, {label}: {ms(p95)}" + ("" if d.get("errors") == 0 else f", {d.get('errors', '?')} errors")))
if "failed" in hold:
    checks.append((False, "1,000 concurrent streams: measure failed"))
else:
    note = "" if hold["streams"] >= 1000 else f" (only {hold['streams']:,} streams: the target is for 1,000)"
    checks.append((hold["errors"] == 0 and hold["held"] == hold["streams"] and hold["ready_after"] and hold["answer_after"],
                   f"{hold['streams']:,} concurrent streams with no errors: {hold['errors']:,} errors, {hold['held']:,} held, "
                   f"server ready and answering afterwards: {yes(hold['ready_after'] and hold['answer_after'])}{note}"))
    checks.append((hold["extra_mb"] < 300, f"under 300 MB of extra memory: +{hold['extra_mb']} MB at peak{note}"))
# The server logs at Warning: every fail/crit entry, grouped by logger and message (ids blanked), is worth a look.
entries = collections.Counter()
lines = open(server_log, encoding="utf-8", errors="replace").read().splitlines()
for i, line in enumerate(lines):
    m = re.match(r"^(fail|crit): ([\w.]+)", line)
    if m:
        message = lines[i + 1].strip() if i + 1 < len(lines) else ""
        message = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\"[0-9A-Z]{13}(:[0-9A-F]{8})?\"", "…", message)[:120]
        entries[f"{m.group(1)} {m.group(2).rsplit('.', 1)[-1]}: {message}"] += 1
print()
if entries:
    print(f"Server log: {sum(entries.values()):,} fail/crit entries over the whole run:")
    for text, count in entries.most_common(6):
        print(f"- {count:,} × {text}")
else:
    print("Server log: no fail/crit entries.")

print()
print("Targets (2-core reference machine):")
print()
for ok, text in checks:
    print(f"- {'PASS' if ok else 'FAIL'}: {text}")
PY
}

chat_provider() {
    local provider="$1" out="$WORK/$1" admin_key key workspace clients stamp facts summary result_file
    mkdir -p "$out"
    echo
    echo "================ $provider ================"
    if [[ "$provider" == postgres ]]; then
        planck_pg_start "$PG_PORT"
        "$PLANCK_PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
    fi

    EXTRA_APP_ENV=(
        "Planck__Llm__Provider=OpenAI"
        "Planck__Llm__Endpoint=$MODEL_URL"
        "Planck__Llm__Model=fake"
        "Planck__Llm__ApiKey=bench"
        "Planck__Llm__TimeoutSeconds=600"
        "Planck__Chat__MaxConcurrentAnswersPerUser=5000" # the default 4 would answer 429 to the benchmark
        "Planck__Embeddings__Provider=$EMBEDDINGS"
    )
    start_server "$provider"
    admin_key="$(run_cli_key create-api-key --email "$ADMIN_EMAIL" --name bench)"
    log "setup: user, workspace, key, documents"
    bench_tool setup "$BASE_URL" "$admin_key" >"$out/setup.json"
    key="$(json_field key <"$out/setup.json")"
    workspace="$(json_field workspace_id <"$out/setup.json")"

    for clients in "${LATENCY_CLIENTS[@]}"; do
        measure "start latency, $clients client(s)" "$out/latency-$clients.json" \
            start-latency "$BASE_URL" "$key" "$workspace" "$REQUESTS" "$clients" "$WARMUP_REQUESTS"
    done
    measure "server CPU per delta" "$out/deltas.json" \
        deltas "$BASE_URL" "$key" "$workspace" "$DELTA_ANSWERS" "$DELTAS" "$SERVER_PID" "$MODEL_PID"
    measure "$STREAMS streams held" "$out/hold.json" \
        hold "$BASE_URL" "$key" "$workspace" "$STREAMS" "$SERVER_PID" "$HOLD_SECONDS"
    stop_server
    if [[ "$provider" == postgres ]]; then planck_pg_stop; fi

    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    facts="$(machine_facts | grep -v -e '^- load:' -e '^- wrk:')"
    summary="$(render_summary "$provider" "$SERVER_LOG" "$out/setup.json" "$out/latency-1.json" "$out/latency-4.json" "$out/deltas.json" "$out/hold.json")"
    mkdir -p "$RESULTS_DIR"
    result_file="$RESULTS_DIR/chat-$provider-$stamp.md"
    {
        echo "$facts"
        echo "- open files (ulimit -n): $(ulimit -n); embeddings: $EMBEDDINGS; client, server, PostgreSQL and fake model on the same 2 cores"
        echo
        echo "$summary"
    } | tee "$result_file"
    {
        echo
        echo "## Raw measures"
        local file
        for file in "$out"/*.json; do
            echo
            echo "### $(basename "$file" .json)"
            echo
            echo '```json'
            python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); d.pop("key", None); print(json.dumps(d, indent=1))' "$file"
            echo '```'
        done
    } >>"$result_file"
    if [[ "${BENCH_KEEP_LOGS:-0}" == 1 ]]; then cp "$SERVER_LOG" "${result_file%.md}-server.log"; fi
    echo
    echo "Written to ${result_file#"$ROOT"/}"
}

chat_main() {
    if help_asked "${1:-all}" "${BASH_SOURCE[0]}" 12; then return 0; fi
    select_providers "${1:-all}" || die "usage: build/bench/chat.sh [sqlite|postgres|all]"
    raise_open_files
    prepare_run chatbench
    trap model_cleanup EXIT
    start_model

    echo "## Chat streaming benchmark"
    local provider
    for provider in "${PROVIDERS[@]}"; do
        chat_provider "$provider"
    done
}

chat_main "$@"
