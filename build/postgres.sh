# shellcheck shell=bash
# Throwaway PostgreSQL cluster for tests and benchmarks.
#
# Usage (source it, do not execute it):
#   source build/postgres.sh
#   planck_pg_start 55432      # exports PLANCK_PG_DATA, PLANCK_PG_PORT, PLANCK_PG_BIN
#   ...                        # connect with Host=127.0.0.1;Port=55432;Username=postgres
#   planck_pg_stop             # safe to call more than once
#
# The cluster lives in a fresh temp dir (data dir, unix socket, log), listens only on
# 127.0.0.1:PORT, trusts every local connection and is tuned for speed, not durability
# (fsync/synchronous_commit/full_page_writes off). PostgreSQL refuses to run as root, so
# when called as root the server binaries run as the `postgres` OS user.
#
# Optional environment:
#   PLANCK_PG_TMPROOT  parent of the temp dir (default /tmp; must be traversable by postgres)

_planck_pg_log() { echo "[postgres.sh] $*" >&2; }

# Prints the newest /usr/lib/postgresql/<ver>/bin directory that has initdb.
_planck_pg_find_bin() {
    local best
    best="$(ls -1 /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1)"
    [[ -n "$best" && -x "$best" ]] && dirname "$best"
    return 0
}

_planck_pg_install() {
    _planck_pg_log "PostgreSQL server binaries not found; installing the 'postgresql' package via apt"
    local sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            _planck_pg_log "ERROR: not root and sudo is unavailable; install postgresql manually"
            return 1
        fi
    fi
    $sudo apt-get update -q >&2 || return 1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2 || return 1
}

# Runs a command as the postgres OS user when we are root, otherwise as ourselves.
_planck_pg_as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

planck_pg_start() {
    local port="${1:-}"
    if [[ ! "$port" =~ ^[0-9]+$ ]]; then
        _planck_pg_log "usage: planck_pg_start PORT"
        return 2
    fi
    if [[ -n "${_PLANCK_PG_TMP:-}" && -d "${_PLANCK_PG_TMP}" ]]; then
        _planck_pg_log "ERROR: a cluster started by this shell is still running (${_PLANCK_PG_TMP}); call planck_pg_stop first"
        return 1
    fi

    local bin
    bin="$(_planck_pg_find_bin)"
    if [[ -z "$bin" ]]; then
        _planck_pg_install || { _planck_pg_log "ERROR: apt-get install postgresql failed"; return 1; }
        bin="$(_planck_pg_find_bin)"
        if [[ -z "$bin" ]]; then
            _planck_pg_log "ERROR: postgresql installed but /usr/lib/postgresql/*/bin/initdb is still missing"
            return 1
        fi
    fi

    if [[ "$(id -u)" -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
        _planck_pg_log "ERROR: running as root but the 'postgres' OS user does not exist"
        return 1
    fi

    # Refuse to start if something already answers on the port (a stale cluster, another run...).
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1; then
        _planck_pg_log "ERROR: something is already accepting PostgreSQL connections on 127.0.0.1:$port"
        return 1
    fi

    local tmp
    tmp="$(mktemp -d "${PLANCK_PG_TMPROOT:-/tmp}/planck-pg.XXXXXXXX")" || return 1
    chmod 700 "$tmp"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown postgres:postgres "$tmp" || { rm -rf "$tmp"; return 1; }
    fi
    local data="$tmp/data" log="$tmp/postgres.log"

    # cd into the temp dir so the postgres user never starts in an unreadable cwd (/root).
    if ! (cd "$tmp" && _planck_pg_as_owner "$bin/initdb" -D "$data" -A trust -U postgres \
            --encoding=UTF8 --locale=C >"$tmp/initdb.log" 2>&1); then
        _planck_pg_log "ERROR: initdb failed:"
        cat "$tmp/initdb.log" >&2
        rm -rf "$tmp"
        return 1
    fi

    cat >>"$data/postgresql.conf" <<EOF

# --- planck throwaway cluster (build/postgres.sh) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$tmp'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF

    if ! (cd "$tmp" && _planck_pg_as_owner "$bin/pg_ctl" -D "$data" -l "$log" -W -s start >>"$tmp/pg_ctl.log" 2>&1); then
        _planck_pg_log "ERROR: pg_ctl start failed:"
        cat "$tmp/pg_ctl.log" "$log" >&2 2>/dev/null
        rm -rf "$tmp"
        return 1
    fi

    export _PLANCK_PG_TMP="$tmp" PLANCK_PG_BIN="$bin"
    export PLANCK_PG_DATA="$data" PLANCK_PG_PORT="$port"

    local deadline=$((SECONDS + 60))
    until "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 2 >/dev/null 2>&1; do
        if ((SECONDS >= deadline)); then
            _planck_pg_log "ERROR: PostgreSQL did not become ready on 127.0.0.1:$port within 60 s. Server log:"
            cat "$log" >&2 2>/dev/null
            planck_pg_stop
            return 1
        fi
        sleep 0.5
    done
    _planck_pg_log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$port (data: $data)"
}

planck_pg_stop() {
    local tmp="${_PLANCK_PG_TMP:-}" bin="${PLANCK_PG_BIN:-}"
    unset _PLANCK_PG_TMP PLANCK_PG_BIN PLANCK_PG_DATA PLANCK_PG_PORT
    [[ -n "$tmp" && -d "$tmp" ]] || return 0
    if [[ -n "$bin" && -f "$tmp/data/postmaster.pid" ]]; then
        # Silent on purpose: callers (build/test.sh) rely on their own last output line.
        (cd "$tmp" && _planck_pg_as_owner "$bin/pg_ctl" -D "$tmp/data" -m fast -w -t 60 -s stop) >/dev/null 2>&1 ||
            (cd "$tmp" && _planck_pg_as_owner "$bin/pg_ctl" -D "$tmp/data" -m immediate -w -t 30 -s stop) >/dev/null 2>&1 ||
            true
    fi
    rm -rf "$tmp"
    return 0
}
