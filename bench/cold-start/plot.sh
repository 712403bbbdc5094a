#!/usr/bin/env bash
# Draws a cold-start run (the text bench/cold-start/run.sh prints, as kept in bench/results/) as a
# picture: every run a dot, the median a bar, per function without and with the AOT cache, and the
# targets of issue 8 (chat under 1.2 s without a cache, under 0.5 s with one) as lines.
#
#   bench/cold-start/plot.sh bench/results/cold-start-....txt [OUT.png]   (default docs/img/cold-start.png)
#
# Needs gnuplot (Debian: apt-get install gnuplot-nox).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
result=$1
out=${2:-$here/../../docs/img/cold-start.png}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One row per run: x position, label, milliseconds; one row per variant: x, label, median.
awk -v runs="$work/runs.dat" -v medians="$work/medians.dat" '
  /^[a-z]+: / { fn = substr($1, 1, length($1) - 1); next }
  /^  (no cache|AOT cache)/ {
    variant = ($1 == "AOT") ? "AOT cache" : "no cache"
    x++
    label = fn "\\n" variant
    split($0, parts, ":"); split(parts[2], m, " "); median = m[1]
    printf "%d \"%s\" %d\n", x, label, median > medians
    match($0, /runs: [0-9 ]+/); n = split(substr($0, RSTART + 6, RLENGTH - 6), v, " ")
    for (i = 1; i <= n; i++) printf "%.3f \"%s\" %d\n", x + (i - (n + 1) / 2) * 0.04, label, v[i] > runs
  }' "$result"

title=$(basename "$result" .txt)
gnuplot <<GP
set terminal pngcairo size 900,460 font "DejaVu Sans,11"
set output "$out"
set title "Cold start: JVM start to the first handled event ($title)"
set ylabel "ms"
set yrange [0:*]
set xrange [0.4:$(($(wc -l < "$work/medians.dat") ))+0.6]
set grid ytics
set key outside below horizontal
set bmargin 6
plot "$work/runs.dat" using 1:3 with points pt 7 ps 0.7 lc rgb "#7f7f7f" title "one run", \
     "$work/medians.dat" using 1:3:(0.3):xtic(2) with xerrorbars pt -1 lw 3 lc rgb "#1f77b4" title "median", \
     1200 with lines dt 2 lc rgb "#d62728" title "target: chat, no cache", \
     500 with lines dt 2 lc rgb "#2ca02c" title "target: chat, AOT cache"
GP
echo "$out"
