# pmbench plot: free: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot free-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1320,776 noenhanced font 'sans,10'
		} else {
			set terminal png size 1320,776 noenhanced
		}
		set output 'free-cost.png'
	} else {
		set terminal svg size 1320,776 dynamic noenhanced font 'sans,10'
		set output 'free-cost.svg'
	}
	set multiplot title 'free: freeing them one by one, per object' . "\n" . 'VM icount, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.4948
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects' noenhanced
	unset xlabel
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [10.66666667:6144]
	set xtics ('16' 16, '256' 256, '4096' 4096)
	set logscale y 10
	set yrange [72.29166667:2460.259644]
	set ytics ('100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000)
	set label '×4096' at 4096, 189.3027344 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	set label ', ×4096' at 4096, 188.4997559 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	set label ', ×4096' at 4096, 185.6154785 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	set label ', ×4096' at 4096, 182.4187012 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	set label ', ×4096' at 4096, 173.9179688 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	plot 'free-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'free-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'free-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'free-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'free-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.4948
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '256 B objects' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [10.66666667:6144]
	set xtics ('16' 16, '256' 256, '4096' 4096)
	set logscale y 10
	set yrange [72.29166667:2459.514404]
	set ytics ('100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000)
	plot 'free-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'free-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'free-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'free-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'free-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.4948
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '1 KiB objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [10.66666667:6144]
	set xtics ('16' 16, '256' 256, '4096' 4096)
	set logscale y 10
	set yrange [73.41927083:5093.457642]
	set ytics ('100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000)
	plot 'free-cost.dat' index 16 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'free-cost.dat' index 17 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'free-cost.dat' index 18 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'free-cost.dat' index 19 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'free-cost.dat' index 20 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 14 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 15 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.0000, 0.0825
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [10.66666667:1536]
	set xtics ('16' 16, '256' 256, '1024' 1024)
	set logscale y 10
	set yrange [73.45833333:5354.550293]
	set ytics ('100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000)
	plot 'free-cost.dat' index 23 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'free-cost.dat' index 24 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'free-cost.dat' index 25 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'free-cost.dat' index 26 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'free-cost.dat' index 27 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 21 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 22 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.0825
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '16 KiB objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [10.66666667:1536]
	set xtics ('16' 16, '256' 256, '1024' 1024)
	set logscale y 10
	set yrange [245.3854167:6398.547363]
	set ytics ('500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000)
	plot 'free-cost.dat' index 30 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'free-cost.dat' index 31 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'free-cost.dat' index 32 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'free-cost.dat' index 33 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 28 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 29 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.0825
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0412 center center vertical maxrows 2 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 title 'kmalloc-part', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 title 'lockable-zone', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 title 'wo-slab', keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 title 'wo-slab-alias', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 title 'kmalloc', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 title 'vmalloc'
	unset multiplot
}
set output
