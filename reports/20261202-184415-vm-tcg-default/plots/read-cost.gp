# pmbench plot: read: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot read-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1320,1096 noenhanced font 'sans,10'
		} else {
			set terminal png size 1320,1096 noenhanced
		}
		set output 'read-cost.png'
	} else {
		set terminal svg size 1320,1096 dynamic noenhanced font 'sans,10'
		set output 'read-cost.svg'
	}
	set multiplot title 'read: one load per object: pointer chase or sweep' . "\n" . 'VM TCG, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.6423
	set size 0.3333, 0.2920
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, chase, unprotected' noenhanced
	unset xlabel
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [2.734375:583.0187988]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'read-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'read-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.6423
	set size 0.3333, 0.2920
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects, chase, unprotected' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [5.9375:846.9213867]
	set ytics ('10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: kmalloc, vmalloc, pmalloc-genalloc, pmalloc-bump, pmalloc-wr, ro-after-init, kmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'read-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'read-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 14 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 15 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.6423
	set size 0.3333, 0.2920
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, chase, protected' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [2.864583333:625.8618164]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 17 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'read-cost.dat' index 18 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'read-cost.dat' index 19 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 21 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 16 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 20 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.0000, 0.3504
	set size 0.3333, 0.2920
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects, chase, protected' noenhanced
	unset xlabel
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [5.833333333:687.8320312]
	set ytics ('10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc, pmalloc-genalloc, pmalloc-bump, pmalloc-wr, ro-after-init, lockable-zone' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 23 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'read-cost.dat' index 24 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'read-cost.dat' index 25 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 27 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 22 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 26 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.3504
	set size 0.3333, 0.2920
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, sweep, unprotected' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [1.468098958:299.2785645]
	set ytics ('2 ns' 2, '5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 30 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'read-cost.dat' index 31 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'read-cost.dat' index 32 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 34 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 35 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 28 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 29 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 33 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.3504
	set size 0.3333, 0.2920
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects, sweep, unprotected' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [2.213541667:901.6149902]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: kmalloc, vmalloc, pmalloc-genalloc, pmalloc-bump, pmalloc-wr, ro-after-init, kmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 38 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'read-cost.dat' index 39 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'read-cost.dat' index 40 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 42 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 43 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 36 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 37 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 41 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.0000, 0.0584
	set size 0.3333, 0.2920
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects, sweep, protected' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [1.404622396:279.6350098]
	set ytics ('2 ns' 2, '5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 45 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'read-cost.dat' index 46 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'read-cost.dat' index 47 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 49 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 44 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 48 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.0584
	set size 0.3333, 0.2920
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects, sweep, protected' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [2.604166667:322.6062012]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc, pmalloc-genalloc, pmalloc-bump, pmalloc-wr, ro-after-init, lockable-zone' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 51 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'read-cost.dat' index 52 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'read-cost.dat' index 53 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 55 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 50 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 54 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.0584
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0292 center center vertical maxrows 2 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 8.5 ps 4.30 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 7.5 ps 3.80 title 'pmalloc-bump', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 6.5 ps 3.30 title 'pmalloc-wr', keyentry with linespoints lc rgb '#000000' dt 1 pt 7 lw 5.5 ps 2.80 title 'kmalloc-part', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 4.5 ps 2.30 title 'lockable-zone', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 title 'kmalloc', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 title 'vmalloc', keyentry with linespoints lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 title 'ro-after-init'
	unset multiplot
}
set output
