#!/usr/bin/env bash
# Takes the README screenshots of the real studio window under Xvfb, driving it
# with xdotool (apt: xvfb xdotool imagemagick). Run from the repository root
# after `cargo build --release`. The batch, export and problems screenshots are
# the kittest snapshots of the same screens (tests/snapshots/).
set -u
export XDG_RUNTIME_DIR=/tmp/xdg
export HOME=$(mktemp -d)
Xvfb :77 -screen 0 1400x900x24 >/dev/null 2>&1 &
xpid=$!
sleep 1
export DISPLAY=:77
target/release/rulestudio open rulesets/demo-store.rules.ron >/tmp/readme.log 2>&1 &
apid=$!
sleep 6
wid=$(xdotool search --name rulestudio | head -1)
xdotool windowmove $wid 0 0; xdotool windowsize $wid 1400 900; sleep 2
shot() { sleep 2; import -window root "$1"; }
# select the winter coats rule: search it
xdotool mousemove 180 280 click 1; sleep 1
shot docs/screenshots/studio.png
xdotool mousemove 610 43 click 1; shot docs/screenshots/simulator.png
xdotool mousemove 735 43 click 1; shot docs/screenshots/tests.png
xdotool mousemove 505 43 click 1; shot docs/screenshots/model.png
kill $apid; sleep 0.5; kill $xpid
