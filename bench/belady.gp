# belady.gp - bench/belady.svg: faults against the frame budget per
# policy (Belady's curve), from the host reference model
# (tests/host/evict_expected_gen.c --curve: the kernel's policy code run
# on the host).  Called by bench/report.py with datafile and outfile set
# (gnuplot -e).  Left: Belady's string, where FIFO (and clock, which
# degrades to it there) faults more with 4 frames than with 3; LRU, a
# stack algorithm, never does.  Right: a longer random string.  Aging
# ticks after every second access.
set terminal svg size 1000,440 dynamic font "sans,12" background rgb "white"
set output outfile
set multiplot layout 1,2 title "selfmap: faults against frame budget per policy (host reference model)"
set xlabel "frames"
set ylabel "faults"
set key top right
set grid
set xtics 1
set title "Belady's string 1,2,3,4,1,2,5,1,2,3,4,5"
plot datafile index 0 using 1:2 with linespoints lw 3 pt 7 ps 1.2 lc rgb "#e76f51" title "fifo", \
     datafile index 0 using 1:3 with linespoints lw 2 dt 2 pt 5 lc rgb "#2a9d8f" title "clock", \
     datafile index 0 using 1:4 with linespoints lw 2 pt 9 lc rgb "#7b2cbf" title "aging", \
     datafile index 0 using 1:5 with linespoints lw 1 dt 3 pt 4 lc rgb "#264653" title "lru (model only)"
set xtics 2
set title "48 random references to 12 pages"
plot datafile index 1 using 1:2 with linespoints lw 3 pt 7 ps 1.2 lc rgb "#e76f51" title "fifo", \
     datafile index 1 using 1:3 with linespoints lw 2 dt 2 pt 5 lc rgb "#2a9d8f" title "clock", \
     datafile index 1 using 1:4 with linespoints lw 2 pt 9 lc rgb "#7b2cbf" title "aging", \
     datafile index 1 using 1:5 with linespoints lw 1 dt 3 pt 4 lc rgb "#264653" title "lru (model only)"
unset multiplot
