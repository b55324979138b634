# pmbench plot: free: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot free-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1320,756 noenhanced font 'sans,10'
		} else {
			set terminal png size 1320,756 noenhanced
		}
		set output 'free-cost.png'
	} else {
		set terminal svg size 1320,756 dynamic noenhanced font 'sans,10'
		set output 'free-cost.svg'
	}
	set multiplot title 'free: freeing them one by one, per object' . "\n" . 'VM icount, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.4815
	set size 0.3333, 0.4233
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
	set yrange [72.29166667:2449.07666]
	set ytics ('100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000)
	plot 'free-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.4815
	set size 0.3333, 0.4233
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
	set yrange [72.29166667:2449.118042]
	set ytics ('100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000)
	plot 'free-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.4815
	set size 0.3333, 0.4233
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
	set yrange [101.7083333:5093.451416]
	set ytics ('200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000)
	plot 'free-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.0000, 0.0582
	set size 0.3333, 0.4233
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
	set yrange [102.2083333:5354.572266]
	set ytics ('200 ns' 200, '500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000)
	plot 'free-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.0582
	set size 0.3333, 0.4233
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
	set yrange [324.1197917:6398.567871]
	set ytics ('500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000)
	plot 'free-cost.dat' index 14 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'free-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'free-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.0582
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0291 center center vertical maxrows 1 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 title 'kmalloc', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 title 'vmalloc'
	unset multiplot
}
set output
