"""Turns the RESULT lines of bench/load/run.sh into the overhead table (median over rounds), and
writes the same figures as a gnuplot data file (FILE.dat) for bench/load/plot.gp."""
import re
import statistics
import sys
from collections import defaultdict

runs = defaultdict(list)
for line in open(sys.argv[1]):
    m = re.match(r"(direct|gateway) c=(\d+) RESULT (.*)", line)
    if m:
        runs[(m.group(1), int(m.group(2)))].append({k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", m.group(3))})

def med(target, c, field):
    return statistics.median(r[field] for r in runs[(target, c)])

rows = []
print("| connections | direct rps | gateway rps | direct p50 / p99 (µs) | gateway p50 / p99 (µs) | added p50 / p99 (µs) "
      "| gateway CPU per request (µs) | busy gateway threads | errors |")
print("|---|---|---|---|---|---|---|---|---|")
for c in sorted({c for _, c in runs}):
    d50, d99, g50, g99 = (med("direct", c, "p50"), med("direct", c, "p99"), med("gateway", c, "p50"), med("gateway", c, "p99"))
    errors = sum(r["errors"] + r["non2xx"] for r in runs[("gateway", c)])
    rows.append(f"{c} {med('direct', c, 'rps'):.0f} {med('gateway', c, 'rps'):.0f} {d50:.0f} {d99:.0f} {g50:.0f} {g99:.0f}")
    print(f"| {c} | {med('direct', c, 'rps'):,.0f} | {med('gateway', c, 'rps'):,.0f} | {d50:.0f} / {d99:.0f} | "
          f"{g50:.0f} / {g99:.0f} | {g50 - d50:.0f} / {g99 - d99:.0f} | {med('gateway', c, 'cpu_us'):.0f} | "
          f"{med('gateway', c, 'busy_threads'):.0f} | {errors:.0f} |")

with open(sys.argv[1].rsplit(".", 1)[0] + ".dat", "w") as dat:
    dat.write("\n".join(rows) + "\n")
