# cow_fork.gp - bench/cow_fork.svg: the address-space part of fork
# against the pages the parent has touched, copy-on-write and eager.
# Called by bench/report.py with datafile and outfile set (gnuplot -e).
# The y axis is logarithmic: eager copying costs about a 4 KB copy per
# page, copy-on-write a few instructions per page on top of a fixed cost
# per page table.
set terminal svg size 800,480 dynamic font "sans,12" background rgb "white"
set output outfile
set title "selfmap: fork cost against touched pages (QEMU -icount shift=0)"
set xlabel "pages the parent has touched"
set ylabel "guest instructions (median)"
set logscale y 10
set xrange [-20:1020]
set key top left
set grid
plot datafile using 1:3 with linespoints lw 2 pt 7 lc rgb "#e76f51" title "eager copy", \
     datafile using 1:2 with linespoints lw 2 pt 5 lc rgb "#2a9d8f" title "copy-on-write"
