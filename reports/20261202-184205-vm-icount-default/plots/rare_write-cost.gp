# pmbench plot: rare_write: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot rare_write-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1099,436 noenhanced font 'sans,10'
		} else {
			set terminal png size 1099,436 noenhanced
		}
		set output 'rare_write-cost.png'
	} else {
		set terminal svg size 1099,436 dynamic noenhanced font 'sans,10'
		set output 'rare_write-cost.svg'
	}
	set multiplot title 'rare_write: one write of the whole object into the protected set, per object: a temporary alias where the backend has one, else unprotect, write, protect' . "\n" . 'VM icount, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.1009
	set size 0.4995, 0.7339
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [10.66666667:384]
	set xtics ('16' 16, '256' 256)
	set logscale y 10
	set yrange [2143.083333:21515.90625]
	set ytics ('5 µs' 5000, '10 µs' 10000, '20 µs' 20000)
	plot 'rare_write-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'rare_write-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'rare_write-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'rare_write-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'rare_write-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.4995, 0.1009
	set size 0.4995, 0.7339
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [10.66666667:96]
	set xtics ('16' 16, '64' 64)
	set logscale y 10
	set yrange [2581.541667:334465.5]
	set ytics ('5 µs' 5000, '10 µs' 10000, '20 µs' 20000, '50 µs' 50000, '100 µs' 100000, '200 µs' 200000)
	plot 'rare_write-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'rare_write-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'rare_write-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'rare_write-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'rare_write-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.1009
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0505 center center vertical maxrows 1 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 4.5 ps 2.30 title 'pmalloc-bump', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 3.5 ps 1.80 title 'pmalloc-wr', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 title 'lockable-zone', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 title 'vmalloc'
	unset multiplot
}
set output
