# pmbench plot: footprint: bytes per object against count, per object size
# Re-draw with: cd plots && gnuplot footprint.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 1320,776 noenhanced font 'sans,10'
		} else {
			set terminal png size 1320,776 noenhanced
		}
		set output 'footprint.png'
	} else {
		set terminal svg size 1320,776 dynamic noenhanced font 'sans,10'
		set output 'footprint.svg'
	}
	set multiplot title 'footprint: memory the set takes, per object' . "\n" . 'VM icount, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.4948
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '16 B objects' noenhanced
	unset xlabel
	set ylabel 'bytes per object (median)' noenhanced
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 2
	set yrange [10.66666667:12291.75]
	set ytics ('32 B' 32, '128 B' 128, '512 B' 512, '2 KiB' 2048, '8 KiB' 8192)
	plot 'footprint.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 notitle, 'footprint.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'footprint.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'footprint.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'footprint.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'footprint.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'footprint.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'footprint.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'footprint.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle, 16 with lines lc rgb 'gray50' dt 3 lw 1.5 notitle
	set origin 0.3333, 0.4948
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 2
	set yrange [42.66666667:12291.75]
	set ytics ('64 B' 64, '128 B' 128, '256 B' 256, '512 B' 512, '1 KiB' 1024, '2 KiB' 2048, '4 KiB' 4096, '8 KiB' 8192)
	set label '×4096' at 4096, 64 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	set label ', ×4096' at 4096, 65 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	set label ', ×4096' at 4096, 66 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	set label ', ×4096' at 4096, 69 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	set label ', ×4096' at 4096, 71 left offset 1,0 font ',8' textcolor rgb '#000000' noenhanced
	plot 'footprint.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 notitle, 'footprint.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'footprint.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'footprint.dat' index 14 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'footprint.dat' index 15 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'footprint.dat' index 16 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'footprint.dat' index 17 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'footprint.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'footprint.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle, 64 with lines lc rgb 'gray50' dt 3 lw 1.5 notitle
	set origin 0.6667, 0.4948
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '256 B objects' noenhanced
	unset xlabel
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 2
	set yrange [170.6666667:12291.75]
	set ytics ('256 B' 256, '512 B' 512, '1 KiB' 1024, '2 KiB' 2048, '4 KiB' 4096, '8 KiB' 8192)
	plot 'footprint.dat' index 20 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 notitle, 'footprint.dat' index 21 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'footprint.dat' index 22 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'footprint.dat' index 23 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'footprint.dat' index 24 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'footprint.dat' index 25 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'footprint.dat' index 26 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'footprint.dat' index 18 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'footprint.dat' index 19 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle, 256 with lines lc rgb 'gray50' dt 3 lw 1.5 notitle
	set origin 0.0000, 0.0825
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '1 KiB objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'bytes per object (median)' noenhanced
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 2
	set yrange [682.6666667:12291.75]
	set ytics ('1 KiB' 1024, '2 KiB' 2048, '4 KiB' 4096, '8 KiB' 8192)
	plot 'footprint.dat' index 29 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 notitle, 'footprint.dat' index 30 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'footprint.dat' index 31 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'footprint.dat' index 32 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'footprint.dat' index 33 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'footprint.dat' index 34 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'footprint.dat' index 35 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'footprint.dat' index 27 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'footprint.dat' index 28 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle, 1024 with lines lc rgb 'gray50' dt 3 lw 1.5 notitle
	set origin 0.3333, 0.0825
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '4 KiB objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 2
	set yrange [2048:17346.0625]
	set ytics ('2 KiB' 2048, '4 KiB' 4096, '8 KiB' 8192, '16 KiB' 16384)
	plot 'footprint.dat' index 38 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 notitle, 'footprint.dat' index 39 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'footprint.dat' index 40 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'footprint.dat' index 41 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'footprint.dat' index 42 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'footprint.dat' index 43 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'footprint.dat' index 44 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'footprint.dat' index 36 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'footprint.dat' index 37 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle, 4096 with lines lc rgb 'gray50' dt 3 lw 1.5 notitle
	set origin 0.6667, 0.0825
	set size 0.3333, 0.4124
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '16 KiB objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	unset ylabel
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 2
	set yrange [8192:43634.0625]
	set ytics ('8 KiB' 8192, '16 KiB' 16384, '32 KiB' 32768)
	plot 'footprint.dat' index 47 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 notitle, 'footprint.dat' index 48 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 notitle, 'footprint.dat' index 49 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'footprint.dat' index 50 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'footprint.dat' index 51 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'footprint.dat' index 52 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'footprint.dat' index 45 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'footprint.dat' index 46 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle, 16384 with lines lc rgb 'gray50' dt 3 lw 1.5 notitle
	set origin 0, 0
	set size 1, 0.0825
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0412 center center vertical maxrows 2 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 9.5 ps 4.80 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 8.5 ps 4.30 title 'pmalloc-bump', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 7.5 ps 3.80 title 'pmalloc-wr', keyentry with linespoints lc rgb '#000000' dt 1 pt 7 lw 6.5 ps 3.30 title 'kmalloc-part', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 5.5 ps 2.80 title 'lockable-zone', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 4.5 ps 2.30 title 'wo-slab', keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 3.5 ps 1.80 title 'wo-slab-alias', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 title 'kmalloc', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 title 'vmalloc', keyentry with lines lc rgb 'gray50' dt 3 lw 1.5 title 'requested (object size)'
	unset multiplot
}
set output
