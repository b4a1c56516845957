#!/usr/bin/env bash
# Regenerates the bundled simulated recordings and their truth files with fixed seeds.
# Same jar + same seeds = identical files. Uses ./hiphike (builds target/hiphike.jar when needed),
# or the jar named by HIPHIKE_JAR.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -n "${HIPHIKE_JAR:-}" ]; then
  hiphike() { java -jar "$HIPHIKE_JAR" "$@"; }
else
  hiphike() { "$here/../hiphike" "$@"; }
fi
sim() { local name="$1"; shift; hiphike simulate "$@" -o "$here/$name.csv"; }

sim left-set_clean_100hz                     --scenario clean-set      --seed 101 --side left  --reps 10
sim right-set_clean_100hz                    --scenario clean-set      --seed 102 --side right --reps 10
sim left-set_knee-bend_100hz                 --scenario knee-bend-set  --seed 103 --side left  --reps 12
sim right-set_fast-drops_short-holds_100hz   --scenario fast-short-set --seed 104 --side right --reps 10
sim session_both-sides_walking-turning_100hz --scenario session        --seed 105 --side left  --reps 10
sim left-set_cheap-sensor_50hz_dropouts_gap  --scenario cheap-dropouts --seed 106 --side left  --reps 10
sim right-set_clip-25deg-off_100hz           --scenario clean-set      --seed 107 --side right --reps 10 --mount-deg 25
sim session_long_24min_100hz                 --scenario long-session   --seed 108 --side left  --reps 12 --duration-min 24
sim no-reps_walking-turning-bending-knocks_100hz --scenario non-exercise --seed 109
sim no-reps_sway-only_100hz                  --scenario sway           --seed 110
