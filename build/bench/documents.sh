#!/usr/bin/env bash
# Document benchmarks of the published Planck.WebApi (issue 3).
#
#   build/bench/documents.sh [sqlite|postgres|all]      (default: all)
#
# Per provider: ingestion of a 200-page text PDF (pages/s) and a 100,000-row CSV (rows/s), without and with local
# embeddings, and the time until each is full-text searchable against the time until it is ready; the server's resident memory while a 100 MB file uploads; and search latency (wrk, p50/p95) over
# 100,000 passages in 20 workspaces. See build/bench/README.md. Optional environment:
#   BENCH_DURATION   recorded wrk run length for search (default 20s)
#   BENCH_WARMUP     unrecorded search warm-up (default 30s: every workspace's vectors loaded, PostgreSQL's cache warm)
#   BENCH_SKIP_EMBEDDED_INGEST=1   skip the slow ingestion runs with local embeddings
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=build/bench/run.sh
source "$BENCH_DIR/run.sh"
# shellcheck source=build/bench/search.sh
source "$BENCH_DIR/search.sh"

SEARCH_DURATION="${BENCH_DURATION:-20s}"
SEARCH_WARMUP="${BENCH_WARMUP:-30s}"
SEARCH_CONNECTIONS=(1 4) # one user searching alone, then four at once on the 2 cores
SEARCH_CHUNKS=100000
SEARCH_WORKSPACES=20
TOOL=""

documents_provider() {
    local provider="$1" inputs admin_key workspace result ids_file
    echo
    echo "================ $provider ================"
    if [[ "$provider" == postgres ]]; then
        planck_pg_start "$PG_PORT"
        "$PLANCK_PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
    fi
    inputs="$WORK/inputs"

    # 1. Without embeddings: extraction, chunking and storage alone; then the 100 MB upload.
    EXTRA_APP_ENV=("Planck__Embeddings__Provider=None")
    start_server "$provider"
    admin_key="$(run_cli_key create-api-key --email "$ADMIN_EMAIL" --name bench)"
    workspace="$(first_workspace "$admin_key")"
    echo "ingest, no embeddings, PDF: $(bench_tool ingest "$BASE_URL" "$admin_key" "$workspace" "$inputs/pages-200.pdf" 200)"
    echo "ingest, no embeddings, CSV: $(bench_tool ingest "$BASE_URL" "$admin_key" "$workspace" "$inputs/rows-100000.csv" 100000)"
    echo "upload memory, 100 MB: $(bench_tool upload-memory "$BASE_URL" "$admin_key" "$workspace" "$inputs/large-100mb.txt" "$SERVER_PID")"
    stop_server

    # 2. As shipped: local embeddings (all-MiniLM-L6-v2).
    EXTRA_APP_ENV=("Planck__Embeddings__Provider=Local")
    start_server "$provider"
    admin_key="$(run_cli_key create-api-key --email "$ADMIN_EMAIL" --name bench)"
    workspace="$(first_workspace "$admin_key")"
    if [[ "${BENCH_SKIP_EMBEDDED_INGEST:-0}" != 1 ]]; then
        echo "ingest, local embeddings, PDF: $(bench_tool ingest "$BASE_URL" "$admin_key" "$workspace" "$inputs/pages-200.pdf" 200)"
        echo "ingest, local embeddings, CSV: $(bench_tool ingest "$BASE_URL" "$admin_key" "$workspace" "$inputs/rows-100000.csv" 100000)"
    fi
    # Full text first (issue 11, ADR 0022): until search finds the last row's id / the last page's words, and until ready.
    echo "searchable, local embeddings, CSV: $(bench_tool searchable "$BASE_URL" "$admin_key" "$workspace" "$inputs/rows-100000.csv" "100000")"
    echo "searchable, local embeddings, PDF: $(bench_tool searchable "$BASE_URL" "$admin_key" "$workspace" "$inputs/pages-200.pdf" "Page 200 of 200")"

    # 3. Search over 100,000 passages in 20 workspaces (hybrid: full-text + vectors, the query embedded by the local model).
    ids_file="$WORK/workspaces-$provider.txt"
    bench_tool workspaces "$BASE_URL" "$admin_key" "$SEARCH_WORKSPACES" | python3 -c 'import json,sys; print("\n".join(json.load(sys.stdin)))' >"$ids_file"
    # shellcheck disable=SC2046
    echo "seed: $(bench_tool seed "$provider" "$(connection_string_for "$provider")" "$SEARCH_CHUNKS" $(cat "$ids_file"))"
    local connections
    for connections in "${SEARCH_CONNECTIONS[@]}"; do
        search_wrk "$admin_key" "$ids_file" "$WORK/search-$provider-$connections.txt" "$connections"
        echo "search (hybrid, $SEARCH_CHUNKS passages, $SEARCH_WORKSPACES workspaces, wrk -t1 -c$connections -d$SEARCH_DURATION): $(parse_wrk "$WORK/search-$provider-$connections.txt" | awk -F'\t' '{printf "%s req/s", $1}'), $(grep -E '^p(50|95|99)_ms' "$WORK/search-$provider-$connections.txt" | tr '\n' ' ')"
    done
    echo "server peak RSS (VmHWM): $(grep VmHWM "/proc/$SERVER_PID/status" | awk '{print $2/1024 " MB"}')"
    stop_server
    if [[ "$provider" == postgres ]]; then planck_pg_stop; fi
}

documents_main() {
    select_providers "${1:-all}" || die "usage: build/bench/documents.sh [sqlite|postgres|all]"
    prepare_run docbench
    dotnet build "$BENCH_DIR/DocumentBench/DocumentBench.csproj" -c Release -o "$WORK/tool" -v minimal >&2
    TOOL="$WORK/tool/Planck.Bench.Documents.dll"
    log "generating inputs"
    bench_tool generate "$WORK/inputs" >&2

    echo "## Document benchmarks"
    echo
    machine_facts | grep -v '^- load:'
    local provider
    for provider in "${PROVIDERS[@]}"; do
        documents_provider "$provider"
    done
}

documents_main "$@"
