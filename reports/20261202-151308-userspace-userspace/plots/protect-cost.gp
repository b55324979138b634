# pmbench plot: protect, unprotect: ns for the whole set against the pages it spans, per object size
# Re-draw with: cd plots && gnuplot protect-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1320,756 noenhanced font 'sans,10'
		} else {
			set terminal png size 1320,756 noenhanced
		}
		set output 'protect-cost.png'
	} else {
		set terminal svg size 1320,756 dynamic noenhanced font 'sans,10'
		set output 'protect-cost.svg'
	}
	set multiplot title 'protect: making the whole set read-only; unprotect: making the protected set writable again' . "\n" . 'userspace twin, 6.18.44-fc-v1045, AMD EPYC' . "\n" . 'protection mprotect (mprotect(PROT_READ) per mapping: the kernel flushes the TLB of every CPU running the process)' noenhanced
	set origin 0.0000, 0.4815
	set size 0.3333, 0.4233
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, protect' noenhanced
	unset xlabel
	set ylabel 'ns for the whole set (median ns per op × count, CI)' noenhanced
	set logscale x 2
	set xrange [0.6666666667:1536]
	set xtics ('64' 64, '1024' 1024, '1' 1, '16' 16, '256' 256)
	set logscale y 10
	set yrange [4194.666667:10431711]
	set ytics ('10 µs' 10000, '100 µs' 100000, '1 ms' 1000000, '10 ms' 10000000)
	set label '×64' at 16, 46288 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	set label ', ×1024' at 16, 58932 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	plot 'protect-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'protect-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'protect-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.4815
	set size 0.3333, 0.4233
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, protect, 1 reader' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [0.6666666667:1536]
	set xtics ('64' 64, '1024' 1024, '1' 1, '16' 16, '256' 256)
	set logscale y 10
	set yrange [35267.33333:75569098.5]
	set ytics ('50 µs' 50000, '100 µs' 100000, '200 µs' 200000, '500 µs' 500000, '1 ms' 1000000, '2 ms' 2000000, '5 ms' 5000000, '10 ms' 10000000, '20 ms' 20000000, '50 ms' 50000000)
	set label '×64' at 16, 91474 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	set label ', ×1024' at 16, 134695 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	plot 'protect-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'protect-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'protect-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.4815
	set size 0.3333, 0.4233
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, protect, 2 readers' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [0.6666666667:1536]
	set xtics ('64' 64, '1024' 1024, '1' 1, '16' 16, '256' 256)
	set logscale y 10
	set yrange [15876.66667:149880744]
	set ytics ('100 µs' 100000, '1 ms' 1000000, '10 ms' 10000000, '100 ms' 100000000)
	set label '×64' at 16, 104508 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	set label ', ×1024' at 16, 226430 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	plot 'protect-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'protect-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'protect-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.0000, 0.0582
	set size 0.3333, 0.4233
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, unprotect' noenhanced
	set xlabel 'pages the set spans' noenhanced
	set ylabel 'ns for the whole set (median ns per op × count, CI)' noenhanced
	set logscale x 2
	set xrange [0.6666666667:1536]
	set xtics ('64' 64, '1024' 1024, '1' 1, '16' 16, '256' 256)
	set logscale y 10
	set yrange [3934:11832610.5]
	set ytics ('10 µs' 10000, '100 µs' 100000, '1 ms' 1000000, '10 ms' 10000000)
	set label '×64' at 16, 45006 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	set label ', ×1024' at 16, 48512 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	plot 'protect-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 14 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'protect-cost.dat' index 15 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'protect-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.0582
	set size 0.3333, 0.4233
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, unprotect, 1 reader' noenhanced
	set xlabel 'pages the set spans' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [0.6666666667:1536]
	set xtics ('64' 64, '1024' 1024, '1' 1, '16' 16, '256' 256)
	set logscale y 10
	set yrange [35394:75523380]
	set ytics ('50 µs' 50000, '100 µs' 100000, '200 µs' 200000, '500 µs' 500000, '1 ms' 1000000, '2 ms' 2000000, '5 ms' 5000000, '10 ms' 10000000, '20 ms' 20000000, '50 ms' 50000000)
	set label '×64' at 16, 92907 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	set label ', ×1024' at 16, 134676 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	plot 'protect-cost.dat' index 17 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 18 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'protect-cost.dat' index 19 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'protect-cost.dat' index 16 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.0582
	set size 0.3333, 0.4233
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, unprotect, 2 readers' noenhanced
	set xlabel 'pages the set spans' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [0.6666666667:1536]
	set xtics ('64' 64, '1024' 1024, '1' 1, '16' 16, '256' 256)
	set logscale y 10
	set yrange [18421.33333:147981919.5]
	set ytics ('100 µs' 100000, '1 ms' 1000000, '10 ms' 10000000, '100 ms' 100000000)
	set label '×64' at 16, 104328 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	set label ', ×1024' at 16, 154874 left offset 1,0 font ',8' textcolor rgb '#CC79A7' noenhanced
	plot 'protect-cost.dat' index 21 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'protect-cost.dat' index 22 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'protect-cost.dat' index 23 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'protect-cost.dat' index 20 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.0582
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0291 center center vertical maxrows 1 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 title 'pool-genalloc', keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 title 'pool-bump', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 2.5 ps 1.30 title 'pool-bump-64k', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 1.5 ps 0.80 title 'mmap'
	unset multiplot
}
set output
