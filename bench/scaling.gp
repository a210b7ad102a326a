# scaling.gp - bench/scaling.svg: instructions against live regions.
# Called by bench/report.py with datafile and outfile set (gnuplot -e).
# Both axes are logarithmic: the costs span 30 to 5,000 instructions,
# and on a log x axis an O(log n) cost rises steadily while an O(1) one
# stays flat.  Filled points: the region cache is cold (the extent tree
# is walked); open points: the lookup before was in the same region.
# Dashed: a fragmented pool, with a free extent after every region.
set terminal svg size 800,480 dynamic font "sans,12" background rgb "white"
set output outfile
set title "selfmap: instructions against live regions in the pool (QEMU -icount shift=0)"
set xlabel "live regions in the pool"
set ylabel "guest instructions (median)"
set logscale xy 10
set xrange [0.7:14000]
set yrange [20:10000]
set key outside right center
set grid
plot datafile using 1:2 with linespoints lw 2 pt 7 lc rgb "#7b2cbf" title "allocate + release", \
     datafile using 1:4 with linespoints lw 2 pt 9 lc rgb "#e76f51" title "fault overhead, cold", \
     datafile using 1:6 with linespoints lw 1 pt 8 lc rgb "#e76f51" title "fault overhead, cached", \
     datafile using 1:3 with linespoints lw 2 pt 5 lc rgb "#2a9d8f" title "is\\_legitimate, cold", \
     datafile using 1:5 with linespoints lw 1 pt 4 lc rgb "#2a9d8f" title "is\\_legitimate, cached", \
     datafile using 1:7 with linespoints lw 1 dt 2 pt 7 lc rgb "#7b2cbf" title "allocate + release, fragmented", \
     datafile using 1:8 with linespoints lw 1 dt 2 pt 5 lc rgb "#2a9d8f" title "is\\_legitimate, cold, fragmented", \
     datafile using 1:9 with linespoints lw 1 dt 2 pt 9 lc rgb "#e76f51" title "fault overhead, cold, fragmented"
