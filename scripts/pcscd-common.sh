# Shared by pcscd-start.sh and pcscd-stop.sh (sourced, not run).

# The pid of a live pcscd, or nothing. A zombie (exited, not yet reaped by pid 1) does not
# count, and neither does a stale pid file.
pcscd_running_pid() {
    local pid
    pid=$(tr -dc 0-9 2>/dev/null </run/pcscd/pcscd.pid || true)
    if [[ -n $pid ]] && pcscd_alive "$pid"; then
        echo "$pid"
        return
    fi
    for pid in $(pgrep -x pcscd || true); do
        if pcscd_alive "$pid"; then
            echo "$pid"
            return
        fi
    done
}

pcscd_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    [[ $(cat "/proc/$1/comm" 2>/dev/null) == pcscd ]] || return 1
    # The state is the first field after the ")" closing the command name.
    [[ ${stat##*) } != Z* ]]
}

# True when something listens on TCP port $1. Read from /proc: connecting to probe would
# look like a card insert to vpcd.
port_listening() {
    local hex
    hex=$(printf '%04X' "$1")
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
        awk -v port="$hex" 'toupper($2) ~ ":" port "$" && $4 == "0A" { found = 1 } END { exit !found }'
}
