#!/usr/bin/env bash
# Starts pcscd (with the vsmartcard vpcd readers) if it is not running, and waits until
# vpcd listens on its card ports. Idempotent. Used by the real-stack tests and CI.
#
#   scripts/pcscd-start.sh            # PCSCD_LOG (default /tmp/pcscd.log), PCSCD_WAIT (s, 10)
#
# pcscd has no systemd unit here, and Debian 12's build has no polkit, so it runs as root in
# the foreground (-f) with APDU logging (-a), detached into its own session so that it
# outlives the caller (a test process may be killed at any time).
set -euo pipefail

LOG=${PCSCD_LOG:-/tmp/pcscd.log}
WAIT=${PCSCD_WAIT:-10}
PORTS=(35963 35964)

# shellcheck source=scripts/pcscd-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pcscd-common.sh"

all_listening() {
    local port
    for port in "${PORTS[@]}"; do port_listening "$port" || return 1; done
}

if ! command -v pcscd >/dev/null && [[ ! -x /usr/sbin/pcscd ]]; then
    echo "pcscd-start: pcscd is not installed (Debian: apt-get install pcscd vsmartcard-vpcd)" >&2
    exit 2
fi
PCSCD=$(command -v pcscd || echo /usr/sbin/pcscd)

if [[ -z $(pcscd_running_pid) ]]; then
    if [[ $(id -u) -eq 0 ]]; then
        SUDO=()
    elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
        SUDO=(sudo -n)
    else
        echo "pcscd-start: pcscd must run as root here (no polkit); run as root or allow sudo" >&2
        exit 2
    fi
    # A crashed (SIGKILLed) pcscd leaves its pid file and socket behind, and refuses to start
    # while that pid still exists, which it does as an unreaped zombie. No live pcscd here,
    # so they are stale.
    "${SUDO[@]}" rm -f /run/pcscd/pcscd.pid /run/pcscd/pcscd.comm
    echo "pcscd-start: starting pcscd (log: $LOG)" >&2
    (
        # pcscd must not inherit the caller's descriptors: a `flock LOCK cmd` lock fd would
        # stay locked for pcscd's lifetime, and a test runner's pipes would never see EOF.
        for fd in /proc/$BASHPID/fd/*; do
            fd=${fd##*/}
            ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
        done
        exec "${SUDO[@]}" setsid "$PCSCD" -f -a </dev/null >>"$LOG" 2>&1
    ) &
    disown || true
fi

deadline=$((SECONDS + WAIT))
until all_listening; do
    if ((SECONDS >= deadline)); then
        if [[ -z $(pcscd_running_pid) ]]; then
            echo "pcscd-start: pcscd is not running; last lines of $LOG:" >&2
            tail -n 20 "$LOG" >&2 || true
        else
            echo "pcscd-start: pcscd runs but vpcd does not listen on ports ${PORTS[*]}" \
                "after ${WAIT}s (is vsmartcard-vpcd installed? see /etc/reader.conf.d/)" >&2
        fi
        exit 1
    fi
    sleep 0.1
done
echo "pcscd-start: pcscd running (pid $(pcscd_running_pid)), vpcd listening on ${PORTS[*]}" >&2
