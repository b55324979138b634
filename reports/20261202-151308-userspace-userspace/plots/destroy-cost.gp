# pmbench plot: destroy: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot destroy-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 760,456 noenhanced font 'sans,10'
		} else {
			set terminal png size 760,456 noenhanced
		}
		set output 'destroy-cost.png'
	} else {
		set terminal svg size 760,456 dynamic noenhanced font 'sans,10'
		set output 'destroy-cost.svg'
	}
	set multiplot title 'destroy: tearing the (protected) set down, per object' . "\n" . 'userspace twin, 6.18.44-fc-v1045, AMD EPYC' . "\n" . 'protection mprotect (mprotect(PROT_READ) per mapping: the kernel flushes the TLB of every CPU running the process)' noenhanced
	set origin 0.0000, 0.1404
	set size 1.0000, 0.7018
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [512:2048]
	set xtics ('1024' 1024)
	set logscale y 10
	set yrange [6.705078125:12190.25391]
	set ytics ('10 ns' 10, '100 ns' 100, '1 µs' 1000, '10 µs' 10000)
	plot 'destroy-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'destroy-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'destroy-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'destroy-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'destroy-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'destroy-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.1404
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0702 center center vertical maxrows 2 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 6.5 ps 3.30 title 'pool-genalloc', keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 title 'pool-bump', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 4.5 ps 2.30 title 'pool-bump-64k', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 3.5 ps 1.80 title 'pool-rcu', keyentry with linespoints lc rgb '#000000' dt 1 pt 7 lw 2.5 ps 1.30 title 'malloc', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 title 'mmap'
	unset multiplot
}
set output
