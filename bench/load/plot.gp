# gnuplot -e "data='FILE.dat'; out='docs/img/overhead.png'" bench/load/plot.gp
# FILE.dat columns: connections direct_rps gateway_rps direct_p50 direct_p99 gateway_p50 gateway_p99 (µs)
set terminal pngcairo size 1100,420 font "DejaVu Sans,11"
set output out
set multiplot layout 1,2 title "LLMux gateway overhead (constant loopback upstream, wrk, 2 cores)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key top left
set title "Throughput (requests/s)"
set xlabel "connections"
set yrange [0:*]
plot data using 2:xtic(1) title "upstream direct" lc rgb "#9e9e9e", \
     '' using 3 title "through LLMux" lc rgb "#1f77b4"
set title "Latency (µs)"
set logscale y
set yrange [10:*]
plot data using 4:xtic(1) title "direct p50" lc rgb "#c7c7c7", \
     '' using 6 title "LLMux p50" lc rgb "#1f77b4", \
     '' using 5 title "direct p99" lc rgb "#7f7f7f", \
     '' using 7 title "LLMux p99" lc rgb "#ff7f0e"
unset multiplot
