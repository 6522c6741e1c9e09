#!/usr/bin/env bash
# Stops the pcscd started by pcscd-start.sh and waits until it is gone (the vpcd ports
# closed). Idempotent: no pcscd is not an error. Kills by pid (from pcscd's own pid file)
# with PCSCD_SIGNAL (default TERM; KILL models a crash), then SIGKILL after PCSCD_WAIT
# seconds (default 5) if it is still there.
set -euo pipefail

WAIT=${PCSCD_WAIT:-5}
SIGNAL=${PCSCD_SIGNAL:-TERM}

# shellcheck source=scripts/pcscd-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pcscd-common.sh"

SUDO=()
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then SUDO=(sudo -n); fi

pid=$(pcscd_running_pid)
if [[ -z $pid ]]; then
    echo "pcscd-stop: pcscd is not running" >&2
    exit 0
fi
"${SUDO[@]}" kill "-$SIGNAL" "$pid" 2>/dev/null || true
deadline=$((SECONDS + WAIT))
while pcscd_alive "$pid"; do
    if ((SECONDS >= deadline)); then
        echo "pcscd-stop: pcscd (pid $pid) ignored SIG$SIGNAL; sending SIGKILL" >&2
        "${SUDO[@]}" kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + WAIT))
    fi
    sleep 0.05
done
# vpcd's listening sockets close with the process; wait for that too, so that a start right
# after this sees the new pcscd, not the old one's sockets.
while port_listening 35963 || port_listening 35964; do
    if ((SECONDS >= deadline)); then
        echo "pcscd-stop: vpcd ports still listening after pcscd (pid $pid) exited" >&2
        exit 1
    fi
    sleep 0.05
done
echo "pcscd-stop: pcscd (pid $pid) stopped" >&2
