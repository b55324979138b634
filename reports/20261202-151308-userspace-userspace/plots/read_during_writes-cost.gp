# pmbench plot: read_during_writes: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot read_during_writes-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 880,436 noenhanced font 'sans,10'
		} else {
			set terminal png size 880,436 noenhanced
		}
		set output 'read_during_writes-cost.png'
	} else {
		set terminal svg size 880,436 dynamic noenhanced font 'sans,10'
		set output 'read_during_writes-cost.svg'
	}
	set multiplot title 'read_during_writes: one read of a whole object by each reader thread while a writer writes rarely, per read' . "\n" . 'userspace twin, 6.18.44-fc-v1045, AMD EPYC' . "\n" . 'protection mprotect (mprotect(PROT_READ) per mapping: the kernel flushes the TLB of every CPU running the process)' noenhanced
	set origin 0.0000, 0.1009
	set size 0.5000, 0.7339
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, 1 reader' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [32:128]
	set xtics ('64' 64)
	set logscale y 10
	set yrange [6.63959889:75.84992513]
	set ytics ('10 ns' 10, '20 ns' 20, '50 ns' 50)
	plot 'read_during_writes-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read_during_writes-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read_during_writes-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read_during_writes-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.5000, 0.1009
	set size 0.5000, 0.7339
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, 2 readers' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [32:128]
	set xtics ('64' 64)
	set logscale y 10
	set yrange [4.09054117:44.60487048]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20)
	plot 'read_during_writes-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read_during_writes-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read_during_writes-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read_during_writes-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.1009
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0505 center center vertical maxrows 1 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 title 'pool-genalloc', keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 title 'pool-bump', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 2.5 ps 1.30 title 'pool-rcu', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 title 'mmap'
	unset multiplot
}
set output
