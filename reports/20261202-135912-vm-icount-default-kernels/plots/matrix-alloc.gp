# pmbench kernel matrix plot; re-draw with: cd plots && gnuplot matrix-alloc.gp
set encoding utf8
set datafile missing '?'
set logscale y
set grid ytics
set key outside top center horizontal noenhanced
set xtics rotate by 90 right font ',7' noenhanced
set bmargin 17
set ylabel 'median ns per op (log scale)'
set xrange [-1:75]
set title 'alloc: one line per kernel, the first the baseline' . "\n" . 'VM icount, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+, protection cpa (set_memory_ro() per area, Stoppa''s design: a TLB flush per area)' noenhanced
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1290,720 noenhanced font 'sans,10'
		} else {
			set terminal png size 1290,720 noenhanced
		}
		set output 'matrix-alloc.png'
	} else {
		set terminal svg size 1290,720 dynamic noenhanced font 'sans,10'
		set output 'matrix-alloc.svg'
	}
	plot 'matrix-alloc.dat' using 1:3:xtic(2) with linespoints lw 2 pt 5 lc rgb '#1b9e77' title '6.1.0-57-amd64', \
		'matrix-alloc.dat' using 1:4 with linespoints lw 2 pt 6 lc rgb '#d95f02' title '6.12.107+deb12-amd64', \
		'matrix-alloc.dat' using 1:5 with linespoints lw 2 pt 7 lc rgb '#7570b3' title '6.12.107+deb12-rt-amd64'
}
set output
