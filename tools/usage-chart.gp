# gnuplot -e "data='usage.dat'; out='docs/img/usage-month.png'; label='ten_... 2026-11'" tools/usage-chart.gp
# usage.dat columns: date requests input_tokens output_tokens cost_usd (one line per local day)
set terminal pngcairo size 1100,420 font "DejaVu Sans,10" noenhanced
set output out
set multiplot layout 1,2 title "LLMux usage, day by day: ".label
set style data histograms
set style histogram rowstacked
set style fill solid 0.85 border -1
set boxwidth 0.8
set grid ytics
set key top left
set xtics rotate by -60 font ",8"
set yrange [0:*]
set title "Tokens per day"
plot data using 3:xtic(stringcolumn(1)[9:10]) title "input" lc rgb "#1f77b4", \
     '' using 4 title "output" lc rgb "#ff7f0e"
set title "Requests and cost per day"
set style histogram clustered gap 1
set ylabel "requests"
set y2label "USD"
set y2tics
set y2range [0:*]
set ytics nomirror
plot data using 2:xtic(stringcolumn(1)[9:10]) title "requests" lc rgb "#9e9e9e", \
     '' using 0:5 axes x1y2 with linespoints lw 2 pt 7 lc rgb "#2ca02c" title "cost (USD)"
unset multiplot
