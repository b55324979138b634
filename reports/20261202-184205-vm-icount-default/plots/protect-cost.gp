# pmbench plot: protect, unprotect: ns for the whole set against the pages it spans, per object size
# Re-draw with: cd plots && gnuplot protect-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 880,776 noenhanced font 'sans,10'
		} else {
			set terminal png size 880,776 noenhanced
		}
		set output 'protect-cost.png'
	} else {
		set terminal svg size 880,776 dynamic noenhanced font 'sans,10'
		set output 'protect-cost.svg'
	}
	set multiplot title 'protect: making the whole set read-only; unprotect: making the protected set writable again' . "\n" . 'VM icount, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.4948
	set size 0.5000, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, protect' noenhanced
	unset xlabel
	set ylabel 'ns for the whole set (median ns per op × count, CI)' noenhanced
	set logscale x 2
	set xrange [0.6666666667:6144]
	set xtics ('16' 16, '256' 256, '4096' 4096, '1' 1, '4' 4, '64' 64, '512' 512)
	set logscale y 10
	set yrange [48:9642037.5]
	set ytics ('100 ns' 100, '1 µs' 1000, '10 µs' 10000, '100 µs' 100000, '1 ms' 1000000)
	set label '×16, ×256, ×4096' at 512, 1473 left offset 1,0 font ',8' textcolor rgb '#0072B2' noenhanced
	plot 'protect-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'protect-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'protect-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'protect-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'protect-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'protect-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.5000, 0.4948
	set size 0.5000, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects, protect' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [10.66666667:1536]
	set xtics ('16' 16, '256' 256, '1024' 1024, '512' 512)
	set logscale y 10
	set yrange [48:2412495]
	set ytics ('100 ns' 100, '1 µs' 1000, '10 µs' 10000, '100 µs' 100000, '1 ms' 1000000)
	set label '×16, ×256' at 512, 1473 left offset 1,0 font ',8' textcolor rgb '#0072B2' noenhanced
	plot 'protect-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'protect-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'protect-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'protect-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'protect-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'protect-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.0000, 0.0825
	set size 0.5000, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, unprotect' noenhanced
	set xlabel 'pages the set spans' noenhanced
	set ylabel 'ns for the whole set (median ns per op × count, CI)' noenhanced
	set logscale x 2
	set xrange [0.6666666667:6144]
	set xtics ('16' 16, '256' 256, '4096' 4096, '1' 1, '4' 4, '64' 64, '512' 512)
	set logscale y 10
	set yrange [982:9642091.5]
	set ytics ('1 µs' 1000, '10 µs' 10000, '100 µs' 100000, '1 ms' 1000000)
	set label '×16, ×256, ×4096' at 512, 1473 left offset 1,0 font ',8' textcolor rgb '#0072B2' noenhanced
	plot 'protect-cost.dat' index 15 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'protect-cost.dat' index 16 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'protect-cost.dat' index 17 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'protect-cost.dat' index 18 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 14 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.5000, 0.0825
	set size 0.5000, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects, unprotect' noenhanced
	set xlabel 'pages the set spans' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [10.66666667:1536]
	set xtics ('16' 16, '256' 256, '1024' 1024, '512' 512)
	set logscale y 10
	set yrange [982:2412492]
	set ytics ('1 µs' 1000, '10 µs' 10000, '100 µs' 100000, '1 ms' 1000000)
	set label '×16, ×256' at 512, 1473 left offset 1,0 font ',8' textcolor rgb '#0072B2' noenhanced
	plot 'protect-cost.dat' index 20 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'protect-cost.dat' index 21 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'protect-cost.dat' index 22 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'protect-cost.dat' index 23 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 19 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.0825
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0412 center center vertical maxrows 2 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 6.5 ps 3.30 title 'pmalloc-bump', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 5.5 ps 2.80 title 'pmalloc-wr', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 title 'lockable-zone', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 3.5 ps 1.80 title 'wo-slab', keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 2.5 ps 1.30 title 'wo-slab-alias', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 title 'vmalloc'
	unset multiplot
}
set output
