#!/usr/bin/env bash
# Real-document retrieval benchmark (issue 11): page-level hit@1, hit@5 and MRR@10 of full-text, vector and hybrid
# search over manuals that Debian packages install, for the questions in build/bench/RetrievalBench/questions.json.
#
#   build/bench/retrieval.sh [sqlite|postgres|all] [minilm|arctic-xs]      (defaults: all, the server's default model)
#     questions are embedded as the server embeds queries (after arctic-xs's query instruction).
#
# 1. Installs the corpus's packages when a file is missing (apt-get; root or sudo), copies the files named in
#    build/bench/RetrievalBench/corpus.json into a temp dir (gunzipping .gz) and refuses any whose sha256 differs:
#    another package version may have moved the gold pages.
# 2. Builds build/bench/RetrievalBench and runs it per provider: the server's services in process with the default
#    (local) embedding model, every file uploaded into one workspace and processed by the real workers, then every
#    question searched in each mode. PostgreSQL is a throwaway cluster on port 55462 (build/postgres.sh).
# The report goes to stdout and to build/bench/results/retrieval-<provider>-<UTC stamp>.md, every question's ranked
# hits to the .json beside it (git-ignored).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/build/bench/RetrievalBench"
RESULTS_DIR="$ROOT/build/bench/results"
PG_PORT=55462
PG_DB=planck_retrieval

log() { echo "[retrieval.sh] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "${1:-all}" in
    sqlite) PROVIDERS=(sqlite) ;;
    postgres) PROVIDERS=(postgres) ;;
    all) PROVIDERS=(sqlite postgres) ;;
    *) die "usage: build/bench/retrieval.sh [sqlite|postgres|all] [minilm|arctic-xs]" ;;
esac
MODEL="${2:-}"
case "$MODEL" in
    ""|minilm|arctic-xs) ;;
    *) die "unknown model '$MODEL': use minilm or arctic-xs" ;;
esac
MODEL_ARGS=()
if [[ -n "$MODEL" ]]; then MODEL_ARGS=("--model=$MODEL"); fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/planck-retrieval.XXXXXXXX")"
cleanup() {
    if declare -F planck_pg_stop >/dev/null; then planck_pg_stop; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

install_missing_packages() {
    local missing
    missing="$(python3 - "$BENCH/corpus.json" <<'PY'
import json, os, sys
docs = json.load(open(sys.argv[1]))["documents"]
print(" ".join(sorted({d["package"] for d in docs if not os.path.exists(d["source"])})))
PY
)"
    [[ -z "$missing" ]] && return 0
    log "installing the corpus's packages: $missing"
    local sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then command -v sudo >/dev/null || die "not root and no sudo: install $missing"; sudo=sudo; fi
    $sudo apt-get update -q >&2
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2
}

# build_corpus DIR -> the files and a manifest.json naming them; fails on a missing file or another sha256
build_corpus() {
    python3 - "$BENCH/corpus.json" "$1" <<'PY'
import gzip, hashlib, json, os, sys
manifest, target = json.load(open(sys.argv[1])), sys.argv[2]
os.makedirs(target, exist_ok=True)
bad = []
for d in manifest["documents"]:
    if not os.path.exists(d["source"]):
        bad.append(f'{d["source"]} is missing (package {d["package"]}; is /usr/share/doc excluded by dpkg here?)')
        continue
    data = open(d["source"], "rb").read()
    if d["source"].endswith(".gz"):
        data = gzip.decompress(data)
    digest = hashlib.sha256(data).hexdigest()
    if digest != d["sha256"]:
        bad.append(f'{d["source"]}: sha256 {digest}, the questions were written for {d["sha256"]} ({d["package"]} {d["version"]})')
        continue
    open(os.path.join(target, d["name"]), "wb").write(data)
if bad:
    sys.exit("corpus: " + "\n  ".join(bad))
json.dump(manifest, open(os.path.join(target, "manifest.json"), "w"), indent=2)
print(f'{len(manifest["documents"])} files, {sum(os.path.getsize(os.path.join(target, d["name"])) for d in manifest["documents"]) / 1048576:.1f} MB')
PY
}

machine_facts() {
    echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
    echo "- nproc: $(nproc); CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "- memory: $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- dotnet: $(dotnet --version)"
    echo "- commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src build/bench/RetrievalBench || echo " (uncommitted changes)")"
}

run_provider() {
    local provider="$1" stamp connection=() out
    stamp="$(date -u '+%Y%m%dT%H%M%SZ')"
    out="$RESULTS_DIR/retrieval-$provider${MODEL:+-$MODEL}-$stamp"
    if [[ "$provider" == postgres ]]; then
        # shellcheck source=build/postgres.sh
        source "$ROOT/build/postgres.sh"
        planck_pg_start "$PG_PORT"
        "$PLANCK_PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$PG_DB"
        connection=("Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=$PG_DB")
    fi
    {
        echo "## Retrieval benchmark: $provider, embedding model ${MODEL:-default}"
        echo
        machine_facts
        if [[ "$provider" == postgres ]]; then echo "- PostgreSQL: $("$PLANCK_PG_BIN/postgres" --version | awk '{print $3}')"; fi
        echo
        dotnet "$WORK/tool/Planck.Bench.Retrieval.dll" "${MODEL_ARGS[@]}" "$provider" "$WORK/corpus" "$BENCH/questions.json" "$out.json" "${connection[@]}"
    } | tee "$out.md"
    log "wrote $out.md and $out.json"
    if [[ "$provider" == postgres ]]; then planck_pg_stop; fi
}

install_missing_packages
log "corpus: $(build_corpus "$WORK/corpus")"
log "dotnet build build/bench/RetrievalBench -c Release"
dotnet build "$BENCH/RetrievalBench.csproj" -c Release -p:SkipWebApp=true -o "$WORK/tool" -v minimal >&2
mkdir -p "$RESULTS_DIR"
for provider in "${PROVIDERS[@]}"; do
    run_provider "$provider"
done
