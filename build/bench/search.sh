# shellcheck shell=bash
# Search-benchmark helpers shared by documents.sh and scale.sh (source after run.sh). They use SEARCH_WARMUP,
# SEARCH_DURATION and TOOL (the DocumentBench dll) from the caller.

bench_tool() { dotnet "$TOOL" "$@"; }

data_dir_of_server() {
    local setting
    for setting in "${APP_ENV[@]}"; do
        [[ "$setting" == Planck__DataDirectory=* ]] && echo "${setting#Planck__DataDirectory=}"
    done
}

connection_string_for() {
    if [[ "$1" == sqlite ]]; then
        echo "Data Source=$(data_dir_of_server)/planck.db;Pooling=True"
    else
        echo "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused;Database=$PG_DB"
    fi
}

first_workspace() { bench_tool workspaces "$BASE_URL" "$1" 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0])'; }

# search_wrk KEY IDS_FILE OUT CONNECTIONS -> wrk with a script that rotates workspaces and queries, printing p50/p95/p99
search_wrk() {
    local key="$1" ids="$2" out="$3" connections="$4" script="$WORK/search.lua"
    cat >"$script" <<LUA
local ids = {}
for line in io.lines("$ids") do ids[#ids + 1] = line end
local queries = { "revenue forecast", "security incident outage", "travel expense approval", "customer support ticket escalation",
                  "database migration", "privacy retention audit", "quarter growth margin", "vendor purchase order" }
local n = 0
request = function()
    n = n + 1
    local path = "/api/v1/workspaces/" .. ids[(n % #ids) + 1] .. "/search?limit=10&q=" .. queries[(n % #queries) + 1]:gsub(" ", "+")
    return wrk.format("GET", path, { ["X-API-Key"] = "$key" })
end
done = function(summary, latency, requests)
    io.write(string.format("p50_ms %.2f\np95_ms %.2f\np99_ms %.2f\n", latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
LUA
    wrk -t1 -c"$connections" -d"$SEARCH_WARMUP" -s "$script" "$BASE_URL" >/dev/null  # warm-up: JIT, vector caches, database cache
    wrk -t1 -c"$connections" -d"$SEARCH_DURATION" -s "$script" --latency "$BASE_URL" | tee "$out" >&2
}

