#!/usr/bin/env bash
# The README screenshots, taken from the real studio window under Xvfb and
# driven with xdotool through the studio's own keyboard shortcuts, command
# palette and file chooser (Xvfb has no desktop portal, so the studio's
# chooser opens). Nothing is masked or drawn over.
#
#   apt-get install xvfb xdotool imagemagick; cargo build --release
#   scripts/readme-screenshots.sh [OUT_DIR] [light|dark]
#
# Run from the repository root; OUT_DIR defaults to docs/screenshots.
set -euo pipefail
out="${1:-docs/screenshots}"
theme="${2:-light}"
mkdir -p "$out"
XDG_RUNTIME_DIR="$(mktemp -d)"
chmod 700 "$XDG_RUNTIME_DIR"
HOME="$(mktemp -d)" # no saved preferences or recovery files
export XDG_RUNTIME_DIR HOME
export DISPLAY=":$((70 + RANDOM % 9))"
Xvfb "$DISPLAY" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
app=""
cleanup() {
  [ -n "$app" ] && kill "$app" 2>/dev/null
  kill "$xvfb" 2>/dev/null
}
trap cleanup EXIT
sleep 1

key() { xdotool key --clearmodifiers "$@"; sleep 1; }
typed() { xdotool type --delay 40 "$1"; sleep 0.5; }
click() { xdotool mousemove "$1" "$2" click "${3:-1}"; sleep 1; }
double() { xdotool mousemove "$1" "$2" click --repeat 2 --delay 80 1; sleep 1.5; }
palette() { key ctrl+k; typed "$1"; key Return; }
shot() { sleep "${2:-1.5}"; import -window root "$out/$1.png"; echo "$out/$1.png"; }
find_rule() { key ctrl+f; key ctrl+a; typed "$1"; key Down; }

# Starts the studio on a ruleset, full screen, in the theme asked for.
start() {
  [ -n "$app" ] && kill "$app" && sleep 1
  "${bin:-target/release/rulestudio}" open "$1" >/dev/null 2>&1 &
  app=$!
  local wid=""
  for _ in $(seq 60); do
    wid=$(xdotool search --name rulestudio 2>/dev/null | head -1 || true)
    [ -n "$wid" ] && break
    sleep 0.5
  done
  xdotool windowmove "$wid" 0 0
  xdotool windowsize "$wid" 1400 900
  sleep 3
  xdotool windowfocus --sync "$wid" 2>/dev/null || true
  click 900 880 # the status bar: gives the window the keyboard
  palette "$theme theme"
}

start rulesets/demo-store.rules.ron
find_rule "winter coats"
key ctrl+1
shot studio
key ctrl+2
shot model
key ctrl+3
shot simulator
key ctrl+5
shot tests
# Batch: Load sessions… opens the studio's chooser in rulesets/; into
# sessions/, then the JSON lines file.
key ctrl+4
click 401 75
double 77 106
double 110 130
shot batch 3
key ctrl+7
click 560 75 # "Judge over demo-sessions.jsonl", the Batch tab's file
shot health 3
# Export refused while a test fails: turn off the UK next-day banner.
find_rule "uk-next-day"
key ctrl+1
click 418 229 # Status: Enabled
key ctrl+e
shot export 3
key Escape

# A conflict with its witness, on the showcase: the email hero's ambiguity.
start rulesets/conflicts-showcase.rules.ron
find_rule "email-hero"
key ctrl+1
click 473 608 # Problems: Selected rule only
click 200 630 # its first problem
shot problems 2

# Measure: the demo store over 200,000 generated sessions with outcomes
# (`generate sessions --outcomes`, whose known effects the verdicts recover),
# from a scratch copy whose sessions/ folder holds only that file.
bin="$(pwd)/target/release/rulestudio"
scratch="$(mktemp -d)"
mkdir -p "$scratch/rulesets/sessions"
cp rulesets/demo-store.rules.ron "$scratch/rulesets/"
"$bin" generate sessions --outcomes --count 200000 --seed 11 --out "$scratch/rulesets/sessions/outcomes.jsonl" 2>/dev/null
repo="$(pwd)"
cd "$scratch"
start rulesets/demo-store.rules.ron
key ctrl+4
click 401 75
double 77 106
double 90 106 # outcomes.jsonl, for the Batch tab; Measure offers it
key ctrl+8
click 617 76 # "Measure over outcomes.jsonl"
case "$out" in /*) ;; *) out="$repo/$out" ;; esac
shot measure 8
