# pmbench plot: destroy: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot destroy-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 880,476 noenhanced font 'sans,10'
		} else {
			set terminal png size 880,476 noenhanced
		}
		set output 'destroy-cost.png'
	} else {
		set terminal svg size 880,476 dynamic noenhanced font 'sans,10'
		set output 'destroy-cost.svg'
	}
	set multiplot title 'destroy: tearing the (protected) set down, per object' . "\n" . 'VM icount, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.1765
	set size 0.5000, 0.6723
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [10.66666667:6144]
	set xtics ('16' 16, '256' 256, '4096' 4096)
	set logscale y 10
	set yrange [1.813802083:5399.902588]
	set ytics ('2 ns' 2, '5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000)
	plot 'destroy-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 notitle, 'destroy-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'destroy-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'destroy-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'destroy-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'destroy-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'destroy-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'destroy-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'destroy-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.5000, 0.1765
	set size 0.5000, 0.6723
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [10.66666667:1536]
	set xtics ('16' 16, '256' 256, '1024' 1024)
	set logscale y 10
	set yrange [14.30533854:8250.811523]
	set ytics ('20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000)
	plot 'destroy-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 notitle, 'destroy-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'destroy-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'destroy-cost.dat' index 14 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'destroy-cost.dat' index 15 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'destroy-cost.dat' index 16 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'destroy-cost.dat' index 17 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'destroy-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'destroy-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.1765
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0882 center center vertical maxrows 3 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 title 'pmalloc-bump', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 title 'pmalloc-wr', keyentry with linespoints lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 title 'kmalloc-part', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 title 'lockable-zone', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 title 'wo-slab', keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 title 'wo-slab-alias', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 title 'kmalloc', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 title 'vmalloc'
	unset multiplot
}
set output
