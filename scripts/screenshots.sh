#!/usr/bin/env bash
# Takes the README / docs/UI.md screenshots: the demo in a real window under Xvfb, in Chinese,
# English and bilingual, against a fresh reference service per language.
#   scripts/screenshots.sh [OUT_DIR]   (default docs/screenshots; needs Xvfb, xdotool, import,
#                                       zbarimg, curl and a built target/debug/nhi-companion)
# Clicks use fixed coordinates of the 1280×900 window (and of the 1920×1080 kiosk screen):
# re-check them after a layout change (look at every picture).
set -euo pipefail

out=${1:-docs/screenshots}
bin=${NHI_BIN:-${CARGO_TARGET_DIR:-target}/debug/nhi-companion}
display=${NHI_SHOT_DISPLAY:-:77}
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$out"

Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/dev/null 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

shot() { sleep "${2:-2}"; import -window root "$out/$1.png"; echo "  $out/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; }

# run LANGUAGE SUFFIX DEVICES_BUTTON_X PHONE_NAME
run() {
    local language=$1 suffix=$2 devices_x=$3 phone=$4
    echo "$language:"
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$bin" reference-service --listen "127.0.0.1:$port" >"$work/service.log" 2>&1 &
    local service=$!
    pids+=($service)
    for _ in $(seq 50); do grep -q listening "$work/service.log" && break; sleep 0.1; done

    local home="$work/home-$language"
    mkdir -p "$home/config/nhi-companion"
    echo "{\"language\": \"$language\"}" >"$home/config/nhi-companion/settings.json"
    HOME=$home XDG_CONFIG_HOME=$home/config ICED_BACKEND=tiny-skia \
        "$bin" --demo --service "http://127.0.0.1:$port" >"$work/app.log" 2>&1 &
    local app=$!
    pids+=($app)
    local window=""
    for _ in $(seq 120); do
        window=$(xdotool search --name "NHI Card Companion" 2>/dev/null | head -1) && [[ -n $window ]] && break
        sleep 0.5
    done
    xdotool windowfocus --sync "$window"

    shot "card-ready-$suffix" 4
    if [[ $devices_x != - ]]; then
        click 1200 867 # take out the demo card
        shot "waiting-$suffix"
        click 1200 867 # put 王小明's card back (the rightmost footer button either way)
        sleep 2
    fi
    xdotool windowfocus --sync "$window"
    xdotool type --delay 50 Demo1234
    xdotool key Return
    shot "device-code-$suffix" 4
    local code
    code=$(zbarimg --raw -q "$out/device-code-$suffix.png" 2>/dev/null)
    if [[ $devices_x != - ]]; then
        curl -sf -o /dev/null -X POST -H 'content-type: application/json' \
            -d "{\"device_name\":\"$phone\",\"platform\":\"android\"}" \
            "http://127.0.0.1:$port/api/v1/device-codes/$code/redeem"
        shot "verified-$suffix" 7
        click "$devices_x" 500
        shot "devices-$suffix"
    fi
    kill "$app" "$service"
    wait "$app" "$service" 2>/dev/null || true
}

# NHI_SHOTS_ONLY=small: only the small-screen pictures (at the end).
if [[ ${NHI_SHOTS_ONLY:-} != small ]]; then
run chinese zh 852 "阿嬤的手機"
run english en 970 "Grandma's phone"
run bilingual bilingual - -

# The code screen at 200 % text, and in the dark high-contrast theme: keyboard only.
# look NAME ARGS...
look() {
    local name=$1
    shift
    echo "$name:"
    local home="$work/home-$name"
    mkdir -p "$home/config/nhi-companion"
    echo '{"language": "chinese"}' >"$home/config/nhi-companion/settings.json"
    HOME=$home XDG_CONFIG_HOME=$home/config ICED_BACKEND=tiny-skia \
        "$bin" --demo "$@" >"$work/app.log" 2>&1 &
    local app=$!
    pids+=($app)
    local window=""
    for _ in $(seq 120); do
        window=$(xdotool search --name "NHI Card Companion" 2>/dev/null | head -1) && [[ -n $window ]] && break
        sleep 0.5
    done
    sleep 4
    xdotool windowfocus --sync "$window"
    xdotool type --delay 50 Demo1234
    xdotool key Return
    shot "$name" 5
    zbarimg --raw -q "$out/$name.png" >/dev/null 2>&1 || echo "  (no QR decoded in $name.png)"
    kill "$app"
    wait "$app" 2>/dev/null || true
}
look code-200 --text-scale 200
look high-contrast --high-contrast --theme dark

# The kiosk on a 1920×1080 display of its own (the window fills the monitor): the code
# screen, the idle warning (a short idle time in the machine-wide file), and the waiting
# screen after the card was taken out; scaled to 1280×720 for the README.
kiosk() {
    echo "kiosk:"
    local kdisplay=${NHI_SHOT_KIOSK_DISPLAY:-:79}
    Xvfb "$kdisplay" -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do DISPLAY=$kdisplay xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
    local home="$work/home-kiosk"
    mkdir -p "$home"
    # The kiosk's defaults, whatever this machine has in /etc, but a short idle time.
    printf 'idle_seconds = 30\nwarning_seconds = 15\n' >"$work/machine.toml"
    DISPLAY=$kdisplay HOME=$home XDG_CONFIG_HOME=$home/config ICED_BACKEND=tiny-skia \
        NHI_COMPANION_MACHINE_CONFIG="$work/machine.toml" \
        "$bin" --demo --kiosk >"$work/kiosk.log" 2>&1 &
    local app=$!
    pids+=($app)
    sleep 8
    # 128 colours: the scaled picture stays sharp at a sixth of the size.
    kshot() {
        DISPLAY=$kdisplay import -window root -resize 1280x720 -colors 128 "PNG8:$out/$1.png"
        echo "  $out/$1.png"
    }
    local window
    window=$(DISPLAY=$kdisplay xdotool search --name "NHI Card Companion" | head -1)
    DISPLAY=$kdisplay xdotool windowfocus --sync "$window"
    DISPLAY=$kdisplay xdotool type --delay 50 Demo1234
    DISPLAY=$kdisplay xdotool key Return
    sleep 5
    kshot kiosk-code
    sleep 12 # the warning comes 15 s after the last key
    kshot kiosk-warning
    DISPLAY=$kdisplay xdotool mousemove 1800 1026 click 1 # take out the demo card
    sleep 3
    kshot kiosk-waiting
    kill "$app"
    wait "$app" 2>/dev/null || true
}
kiosk
fi

# Small screens: the code on a 1366×768 and a 1024×768 screen, as the app sizes its window
# itself (no window manager: the window fills the screen), in Chinese and English.
# small WIDTH HEIGHT LANGUAGE SUFFIX
small() {
    local width=$1 height=$2 language=$3 suffix=$4
    echo "small ${width}x${height} $language:"
    local sdisplay=${NHI_SHOT_SMALL_DISPLAY:-:81}
    Xvfb "$sdisplay" -screen 0 "${width}x${height}x24" -nolisten tcp >/dev/null 2>&1 &
    local xvfb=$!
    pids+=($xvfb)
    for _ in $(seq 50); do DISPLAY=$sdisplay xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$bin" reference-service --listen "127.0.0.1:$port" >"$work/service.log" 2>&1 &
    local service=$!
    pids+=($service)
    for _ in $(seq 50); do grep -q listening "$work/service.log" && break; sleep 0.1; done
    local home="$work/home-small-$language"
    mkdir -p "$home/config/nhi-companion"
    echo "{\"language\": \"$language\"}" >"$home/config/nhi-companion/settings.json"
    # No ICED_BACKEND: the app chooses its renderer itself, as a person's does.
    DISPLAY=$sdisplay HOME=$home XDG_CONFIG_HOME=$home/config \
        NHI_COMPANION_MACHINE_CONFIG="$work/machine.toml" \
        "$bin" --demo --service "http://127.0.0.1:$port" >"$work/small.log" 2>&1 &
    local app=$!
    pids+=($app)
    local window=""
    for _ in $(seq 120); do
        window=$(DISPLAY=$sdisplay xdotool search --onlyvisible --name "NHI Card Companion" 2>/dev/null | head -1) && [[ -n $window ]] && break
        sleep 0.5
    done
    sleep 3
    DISPLAY=$sdisplay xdotool windowfocus --sync "$window"
    DISPLAY=$sdisplay xdotool type --delay 50 Demo1234
    DISPLAY=$sdisplay xdotool key Return
    sleep 4
    DISPLAY=$sdisplay import -window root "$out/small-${width}x${height}-$suffix.png"
    echo "  $out/small-${width}x${height}-$suffix.png"
    kill "$app" "$service" "$xvfb"
    wait "$app" "$service" "$xvfb" 2>/dev/null || true
}
small 1366 768 chinese zh
small 1366 768 english en
small 1024 768 chinese zh
small 1024 768 english en
