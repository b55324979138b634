# pmbench plot: read: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot read-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1320,1076 noenhanced font 'sans,10'
		} else {
			set terminal png size 1320,1076 noenhanced
		}
		set output 'read-cost.png'
	} else {
		set terminal svg size 1320,1076 dynamic noenhanced font 'sans,10'
		set output 'read-cost.svg'
	}
	set multiplot title 'read: one load per object: pointer chase or sweep' . "\n" . 'VM TCG, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.6357
	set size 0.3333, 0.2974
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
	set yrange [2.96875:459.4665527]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.6357
	set size 0.3333, 0.2974
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
	set yrange [7.239583333:1094.102783]
	set ytics ('10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: kmalloc, vmalloc, pmalloc-genalloc, pmalloc-bump, pmalloc-wr, ro-after-init' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.6357
	set size 0.3333, 0.2974
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
	set yrange [3.020833333:531.8920898]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 14 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 15 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 16 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.0000, 0.3383
	set size 0.3333, 0.2974
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
	set yrange [6.979166667:633.8562012]
	set ytics ('10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc, pmalloc-genalloc, pmalloc-bump, pmalloc-wr, ro-after-init' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 18 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 19 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 20 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 17 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 21 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.3383
	set size 0.3333, 0.2974
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
	set yrange [1.508789062:316.9592285]
	set ytics ('2 ns' 2, '5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 24 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 25 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 26 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 22 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 23 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 27 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.6667, 0.3383
	set size 0.3333, 0.2974
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
	set yrange [3.619791667:1138.820801]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500, '1 µs' 1000)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: kmalloc, vmalloc, pmalloc-genalloc, pmalloc-bump, pmalloc-wr, ro-after-init' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 30 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 31 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 32 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 28 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'read-cost.dat' index 29 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 33 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.0000, 0.0409
	set size 0.3333, 0.2974
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
	set yrange [2.067057292:345.2709961]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 35 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 36 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 37 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 34 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 38 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.3333, 0.0409
	set size 0.3333, 0.2974
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
	set yrange [3.619791667:589.3688965]
	set ytics ('5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200, '500 ns' 500)
	set arrow from 1024, graph 0 to 1024, graph 1 nohead dashtype 2 linewidth 1.5 linecolor rgb 'gray30'
	set label 'TLB reach: vmalloc, pmalloc-genalloc, pmalloc-bump, pmalloc-wr, ro-after-init' at 1024, graph 0.97 right rotate by 90 offset -1.4,0 font ',8' textcolor rgb 'gray30' noenhanced
	plot 'read-cost.dat' index 40 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'read-cost.dat' index 41 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'read-cost.dat' index 42 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'read-cost.dat' index 39 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'read-cost.dat' index 43 using 1:2:3:4 with yerrorlines lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.0409
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0204 center center vertical maxrows 1 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 6.5 ps 3.30 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 5.5 ps 2.80 title 'pmalloc-bump', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 4.5 ps 2.30 title 'pmalloc-wr', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 title 'kmalloc', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 2.5 ps 1.30 title 'vmalloc', keyentry with linespoints lc rgb '#56B4E9' dt 1 pt 7 lw 1.5 ps 0.80 title 'ro-after-init'
	unset multiplot
}
set output
