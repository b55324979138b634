# pmbench plot: read: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot read-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1320,436 noenhanced font 'sans,10'
		} else {
			set terminal png size 1320,436 noenhanced
		}
		set output 'read-cost.png'
	} else {
		set terminal svg size 1320,436 dynamic noenhanced font 'sans,10'
		set output 'read-cost.svg'
	}
	set multiplot title 'read: one load per object: pointer chase or sweep' . "\n" . 'userspace twin, 6.18.44-fc-v1045, AMD EPYC' . "\n" . 'protection mprotect (mprotect(PROT_READ) per mapping: the kernel flushes the TLB of every CPU running the process)' noenhanced
	set origin 0.0000, 0.1009
	set size 0.3333, 0.7339
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, chase, unprotected' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [170.6666667:1572864]
	set xtics ('256' 256, '1024' 1024, '4096' 4096, '16384' 16384, '65536' 65536, '262144' 262144, '1048576' 1048576)
	set logscale y 10
	set yrange [1.200520833:355.8989925]
	set ytics ('2 ns' 2, '5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
	set arrow from 9826.081898, graph 0 to 9826.081898, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: malloc' at 9826.081898, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	set arrow from 12288, graph 0 to 12288, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: pool-genalloc, pool-bump, pool-bump-64k, pool-rcu' at 12288, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.1009
	set size 0.3333, 0.7339
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, chase, protected' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [682.6666667:24576]
	set xtics ('1024' 1024, '16384' 16384)
	set logscale y 10
	set yrange [3.013671875:457.7391357]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
	set arrow from 12288, graph 0 to 12288, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: pool-bump' at 12288, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.1009
	set size 0.3333, 0.7339
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, sweep, unprotected' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:1572864]
	set xtics ('256' 256, '1024' 1024, '4096' 4096, '16384' 16384, '65536' 65536, '262144' 262144, '1048576' 1048576)
	set logscale y 10
	set yrange [0.3605143229:20.7605896]
	set ytics ('0.5 ns' 0.5, '1 ns' 1, '2 ns' 2, '5 ns' 5, '10 ns' 10, '20 ns' 20)
	set arrow from 9826.081898, graph 0 to 9826.081898, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: malloc' at 9826.081898, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	set arrow from 12288, graph 0 to 12288, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: pool-genalloc, pool-bump, pool-bump-64k, pool-rcu' at 12288, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.1009
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0505 center center vertical maxrows 1 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 6.5 ps 3.30 title 'pool-genalloc', keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 5.5 ps 2.80 title 'pool-bump', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 4.5 ps 2.30 title 'pool-bump-64k', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 3.5 ps 1.80 title 'pool-rcu', keyentry with linespoints lc rgb '#000000' dt 1 pt 7 lw 2.5 ps 1.30 title 'malloc', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 title 'mmap'
	unset multiplot
}
set output
