# shellcheck shell=bash
# Throwaway MariaDB server for the Databases module's tests.
#
# Usage (source it, do not execute it):
#   source build/mariadb.sh
#   planck_mariadb_start 53306   # exports PLANCK_MARIADB_PORT, PLANCK_MARIADB_USER, PLANCK_MARIADB_PASSWORD
#   ...                          # connect with Server=127.0.0.1;Port=53306;User ID=planck_admin;Password=...
#   planck_mariadb_stop          # safe to call more than once
#
# The server lives in a fresh temp dir (data dir, unix socket, pid file, log), listens only on 127.0.0.1:PORT and is
# tuned for speed, not durability. It runs as the unprivileged `mysql` OS user when called as root, otherwise as the
# current user. It gets a test superuser with a random password (tests create their own read-only roles with it).
#
# Optional environment:
#   PLANCK_MARIADB_TMPROOT  parent of the temp dir (default /tmp; must be traversable by mysql)

_planck_mariadb_log() { echo "[mariadb.sh] $*" >&2; }

# Prints the server binary: mariadbd (10.4+) or mysqld.
_planck_mariadb_find_server() {
    local candidate
    for candidate in mariadbd mysqld; do
        if command -v "$candidate" >/dev/null 2>&1; then command -v "$candidate"; return 0; fi
        if [[ -x "/usr/sbin/$candidate" ]]; then echo "/usr/sbin/$candidate"; return 0; fi
    done
    return 0
}

_planck_mariadb_install() {
    _planck_mariadb_log "MariaDB server binaries not found; installing the 'mariadb-server' package via apt"
    local sudo=""
    if [[ "$(id -u)" -ne 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            _planck_mariadb_log "ERROR: not root and sudo is unavailable; install mariadb-server manually"
            return 1
        fi
    fi
    $sudo apt-get update -q >&2 || return 1
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        mariadb-server mariadb-client >&2 || return 1
    # The package may start the machine's own service; the tests use their own throwaway server instead.
    if command -v service >/dev/null 2>&1; then $sudo service mariadb stop >/dev/null 2>&1 || true; fi
}

# Runs a command as the mysql OS user when we are root, otherwise as ourselves.
_planck_mariadb_as_owner() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u mysql -- "$@"
    else
        "$@"
    fi
}

planck_mariadb_start() {
    local port="${1:-}"
    if [[ ! "$port" =~ ^[0-9]+$ ]]; then
        _planck_mariadb_log "usage: planck_mariadb_start PORT"
        return 2
    fi
    if [[ -n "${_PLANCK_MARIADB_TMP:-}" && -d "${_PLANCK_MARIADB_TMP}" ]]; then
        _planck_mariadb_log "ERROR: a server started by this shell is still running (${_PLANCK_MARIADB_TMP}); call planck_mariadb_stop first"
        return 1
    fi

    local server
    server="$(_planck_mariadb_find_server)"
    if [[ -z "$server" ]] || ! command -v mariadb-install-db >/dev/null 2>&1; then
        _planck_mariadb_install || { _planck_mariadb_log "ERROR: apt-get install mariadb-server failed"; return 1; }
        server="$(_planck_mariadb_find_server)"
        if [[ -z "$server" ]]; then
            _planck_mariadb_log "ERROR: mariadb-server installed but mariadbd/mysqld is still missing"
            return 1
        fi
    fi

    if [[ "$(id -u)" -eq 0 ]] && ! id mysql >/dev/null 2>&1; then
        _planck_mariadb_log "ERROR: running as root but the 'mysql' OS user does not exist"
        return 1
    fi

    # Refuse to start if something already listens on the port (a stale server, another run...).
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
        _planck_mariadb_log "ERROR: something is already listening on 127.0.0.1:$port"
        return 1
    fi

    local tmp
    tmp="$(mktemp -d "${PLANCK_MARIADB_TMPROOT:-/tmp}/planck-mariadb.XXXXXXXX")" || return 1
    chmod 700 "$tmp"
    if [[ "$(id -u)" -eq 0 ]]; then
        chown mysql:mysql "$tmp" || { rm -rf "$tmp"; return 1; }
    fi
    local data="$tmp/data" socket="$tmp/mariadb.sock" log="$tmp/mariadb.log"
    local user_flag=()
    if [[ "$(id -u)" -eq 0 ]]; then user_flag=(--user=mysql); fi

    # --no-defaults everywhere: the machine's /etc/mysql configuration must not leak into the throwaway server.
    if ! (cd "$tmp" && _planck_mariadb_as_owner mariadb-install-db --no-defaults --datadir="$data" \
            --auth-root-authentication-method=normal --skip-test-db "${user_flag[@]}" >"$tmp/install-db.log" 2>&1); then
        _planck_mariadb_log "ERROR: mariadb-install-db failed:"
        cat "$tmp/install-db.log" >&2
        rm -rf "$tmp"
        return 1
    fi

    # As root, mariadbd itself drops to the mysql user (--user). The whole subshell is detached from our stdout and
    # stderr, so a caller that pipes this script's output is not kept waiting by the server.
    (cd "$tmp" && exec "$server" --no-defaults "${user_flag[@]}" \
        --datadir="$data" --socket="$socket" --pid-file="$tmp/mariadb.pid" --log-error="$log" \
        --bind-address=127.0.0.1 --port="$port" --skip-networking=0 \
        --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --sync-binlog=0 --skip-log-bin \
        --innodb-buffer-pool-size=128M --max-connections=200) </dev/null >/dev/null 2>&1 &
    disown 2>/dev/null || true

    export _PLANCK_MARIADB_TMP="$tmp" PLANCK_MARIADB_PORT="$port"

    local deadline=$((SECONDS + 60))
    until [[ -S "$socket" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            _planck_mariadb_log "ERROR: MariaDB did not become ready on 127.0.0.1:$port within 60 s. Server log:"
            cat "$log" >&2 2>/dev/null
            planck_mariadb_stop
            return 1
        fi
        sleep 0.5
    done

    # A fresh datadir's root has no password and signs in over the socket; the test superuser signs in over TCP.
    local password
    password="planck-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    local client
    client="$(command -v mariadb || command -v mysql)"
    if ! "$client" --no-defaults -uroot --socket="$socket" -e "
            CREATE USER 'planck_admin'@'127.0.0.1' IDENTIFIED BY '$password';
            GRANT ALL PRIVILEGES ON *.* TO 'planck_admin'@'127.0.0.1' WITH GRANT OPTION;
            FLUSH PRIVILEGES;" >"$tmp/setup.log" 2>&1; then
        _planck_mariadb_log "ERROR: creating the test superuser failed:"
        cat "$tmp/setup.log" "$log" >&2 2>/dev/null
        planck_mariadb_stop
        return 1
    fi

    export PLANCK_MARIADB_USER=planck_admin PLANCK_MARIADB_PASSWORD="$password"
    _planck_mariadb_log "MariaDB $("$server" --no-defaults --version | awk '{print $3}') ready on 127.0.0.1:$port (data: $data)"
}

planck_mariadb_stop() {
    local tmp="${_PLANCK_MARIADB_TMP:-}"
    unset _PLANCK_MARIADB_TMP PLANCK_MARIADB_PORT PLANCK_MARIADB_USER PLANCK_MARIADB_PASSWORD
    [[ -n "$tmp" && -d "$tmp" ]] || return 0
    local pid=""
    [[ -f "$tmp/mariadb.pid" ]] && pid="$(cat "$tmp/mariadb.pid" 2>/dev/null)"
    if [[ "$pid" =~ ^[0-9]+$ ]]; then
        # Silent on purpose: callers (build/test.sh) rely on their own last output line.
        kill -TERM "$pid" >/dev/null 2>&1 || true
        local waited=0
        while kill -0 "$pid" >/dev/null 2>&1 && ((waited < 60)); do
            sleep 0.5
            waited=$((waited + 1))
        done
        kill -KILL "$pid" >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
    return 0
}
