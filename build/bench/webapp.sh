#!/usr/bin/env bash
# Web app benchmark (issue 9): the published server with its built app, the fake model, Debian's Chromium.
#
#   build/bench/webapp.sh
#
# Measures (build/bench/webapp.mjs): the initial JavaScript of the sign-in and chat pages, gzipped (target < 250 KB);
# how long a 300-message conversation takes to open (target < 1 s); main-thread long tasks while a 20,000-delta answer
# streams into it at about 200 deltas a second (target: none over 50 ms). SQLite. Optional environment:
#   BENCH_TURNS            questions (each with its answer) in the conversation (default 150)
#   BENCH_OPEN_RUNS        fresh loads of the conversation timed (default 5)
#   BENCH_STREAM_DELTAS    deltas of the streamed answer (default 20000)
#   BENCH_EMBEDDINGS       the server's Planck:Embeddings:Provider (default None: the conversation has no documents,
#                          and the shipped local model would only slow the 150 answers of the set-up)
#   PLANCK_E2E_CHROMIUM    the browser (default /usr/bin/chromium)
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=build/bench/run.sh
source "$BENCH_DIR/run.sh"

render_webapp() { # JSON_FILE -> markdown with the targets checked
    python3 - "$1" <<'PY'
import json, sys

r = json.load(open(sys.argv[1]))
kb = lambda b: f"{b / 1024:.1f} KB"
checks = []

print("#### Initial JavaScript (every script requested until the network is idle; gzip level 9)")
print()
print("| page | scripts | raw | gzipped |")
print("|---|---:|---:|---:|")
for p in r["initial_js"]:
    print(f"| `{p['page']}` | {p['scripts']} | {kb(p['raw_bytes'])} | {kb(p['gzip_bytes'])} |")
    checks.append((p["gzip_bytes"] < 250 * 1024, f"initial JS of `{p['page']}` < 250 KB gzipped: {kb(p['gzip_bytes'])}"))
print()
for p in r["initial_js"]:
    files = ", ".join(f"`{f['file'].rsplit('/', 1)[-1]}` {kb(f['gzip'])}" for f in sorted(p["files"], key=lambda f: -f["gzip"]))
    print(f"- `{p['page']}`: {files}")
print()

o = r["open"]
print(f"#### Opening a {o['messages']}-message conversation")
print()
print("Navigation start to \"opens\" (the newest question and answer in the DOM, the question box usable) and to all")
print("messages in the DOM; long tasks until all are in.")
print()
print("| run | opens (ms) | messages then | all in the DOM (ms) | scrolled to the end | long tasks > 50 ms | longest task |")
print("|---:|---:|---:|---:|:---:|---:|---:|")
for i, run in enumerate(o["runs"], 1):
    lt = run["long_tasks"]
    at_end = "yes" if run.get("scrolled_to_end") else "no"
    print(f"| {i} | {run['ms']:.0f} | {run['messages_in_dom']} | {run['all_ms']:.0f} | {at_end} | {lt['over_50ms']} | {lt['longest_ms']:.0f} ms |")
print()
print(f"Opens: median {o['median_ms']:.0f} ms, max {o['max_ms']:.0f} ms. All messages in the DOM: median {o['all_median_ms']:.0f} ms, max {o['all_max_ms']:.0f} ms.")
print()
checks.append((o["median_ms"] < 1000, f"a {o['messages']}-message conversation opens in < 1 s (median of {len(o['runs'])}): {o['median_ms']:.0f} ms"))

s = r["stream"]
lt = s["long_tasks"]
print(f"#### Streaming a {s['deltas']:,}-delta answer into it")
print()
print(f"- {s['tokens_rendered']:,} tokens rendered in {s['seconds']:.1f} s: {s['deltas_per_second']:.0f} deltas/s")
print(f"- long tasks: {lt['count']} in all, {lt['over_50ms']} over 50 ms, longest {lt['longest_ms']:.0f} ms")
if s["longest"]:
    print("- longest five: " + ", ".join(f"{t['duration']:.0f} ms at {t['start'] / 1000:.1f} s" for t in s["longest"]))
print()
checks.append((lt["over_50ms"] == 0, f"no main-thread task over 50 ms while streaming: {lt['over_50ms']} (longest {lt['longest_ms']:.0f} ms)"))
checks.append((s["tokens_rendered"] == s["deltas"], f"every delta rendered: {s['tokens_rendered']:,} of {s['deltas']:,}"))

print(f"Chromium {r['chromium']}, headless, 1280×800.")
print()
print("Targets:")
print()
for ok, text in checks:
    print(f"- {'PASS' if ok else 'FAIL'}: {text}")
PY
}

webapp_main() {
    if help_asked "${1:-}" "${BASH_SOURCE[0]}" 14; then return 0; fi
    local chromium="${PLANCK_E2E_CHROMIUM:-/usr/bin/chromium}" admin_key stamp result_file
    [[ -x "$chromium" ]] || die "$chromium is missing (apt-get install chromium)"
    prepare_run webappbench
    trap model_cleanup EXIT
    [[ -f "$APP_DIR/wwwroot/index.html" ]] || die "the published server has no web app ($APP_DIR/wwwroot/index.html)"
    [[ -d "$ROOT/src/WebApp/node_modules/playwright-core" ]] || (cd "$ROOT/src/WebApp" && npm ci --no-audit --no-fund >&2)
    start_model

    EXTRA_APP_ENV=(
        "Planck__Llm__Provider=OpenAI"
        "Planck__Llm__Endpoint=$MODEL_URL"
        "Planck__Llm__Model=fake"
        "Planck__Llm__ApiKey=bench"
        "Planck__Llm__TimeoutSeconds=600"
        "Planck__Embeddings__Provider=${BENCH_EMBEDDINGS:-None}"
    )
    start_server sqlite
    admin_key="$(run_cli_key create-api-key --email "$ADMIN_EMAIL" --name bench)"
    log "measuring in $("$chromium" --version 2>/dev/null | head -n1)"
    PLANCK_E2E_CHROMIUM="$chromium" node "$BENCH_DIR/webapp.mjs" "$BASE_URL" "$admin_key" >"$WORK/webapp.json"
    stop_server

    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    mkdir -p "$RESULTS_DIR"
    result_file="$RESULTS_DIR/webapp-$stamp.md"
    {
        echo "### Web app"
        echo
        machine_facts | grep -v -e '^- load:' -e '^- wrk:'
        echo "- node: $(node --version); browser, server and fake model on the same $(nproc) cores"
        echo
        render_webapp "$WORK/webapp.json"
    } | tee "$result_file"
    cp "$WORK/webapp.json" "${result_file%.md}.json"
    echo
    echo "Written to ${result_file#"$ROOT"/}"
}

webapp_main "$@"
