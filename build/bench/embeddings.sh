#!/usr/bin/env bash
# Embedding throughput (issue 11): the bare local model's word pieces per second at batch sizes 1..64 (its limit on
# this machine), the generator's rate with every word of every passage embedded, and the pages/s of a generated
# 200-page text PDF ingested by the server's workers (SQLite).
#
#   build/bench/embeddings.sh [minilm|arctic-xs] [SECONDS]     (defaults: both models, each batch size timed >= 4 s)
#
# The whole bench runs at nice 10, the priority the server's embedding thread gives itself, so the bare model and
# the generator compete alike for a machine that others share. The report goes to stdout and to
# build/bench/results/embeddings-<UTC stamp>.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BENCH="$ROOT/build/bench/EmbeddingBench"
RESULTS_DIR="$ROOT/build/bench/results"

log() { echo "[embeddings.sh] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

ARGS=()
case "${1:-}" in
    "") ;;
    minilm|arctic-xs) ARGS+=("--model=$1") ;;
    *) die "usage: build/bench/embeddings.sh [minilm|arctic-xs] [SECONDS]" ;;
esac
if [[ -n "${2:-}" ]]; then ARGS+=("--seconds=$2"); fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
WORK="$(mktemp -d "${TMPDIR:-/tmp}/planck-embeddings.XXXXXXXX")"
trap 'rm -rf "$WORK"' EXIT

log "dotnet build build/bench/EmbeddingBench -c Release"
dotnet build "$BENCH/EmbeddingBench.csproj" -c Release -p:SkipWebApp=true -o "$WORK/tool" -v minimal >&2
mkdir -p "$RESULTS_DIR"
out="$RESULTS_DIR/embeddings-$(date -u '+%Y%m%dT%H%M%SZ').md"
{
    echo "## Embedding throughput"
    echo
    echo "- date (UTC): $(date -u '+%Y-%m-%d %H:%M:%S')"
    echo "- nproc: $(nproc); CPU: $(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "- memory: $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- dotnet: $(dotnet --version); commit: $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet HEAD -- src build/bench/EmbeddingBench || echo " (uncommitted changes)")"
    echo
    nice -n 10 dotnet "$WORK/tool/Planck.Bench.Embeddings.dll" "${ARGS[@]}" "$WORK/input"
    echo "- load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out"
log "wrote $out"
