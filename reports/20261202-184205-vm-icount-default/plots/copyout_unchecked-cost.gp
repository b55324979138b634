# pmbench plot: copyout_unchecked: ns per object against count, per object size
# Re-draw with: cd plots && gnuplot copyout_unchecked-cost.gp (PNG, then SVG)
set encoding utf8
do for [out in 'png svg'] {
	if (out eq 'png') {
		if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
			set terminal pngcairo size 880,456 noenhanced font 'sans,10'
		} else {
			set terminal png size 880,456 noenhanced
		}
		set output 'copyout_unchecked-cost.png'
	} else {
		set terminal svg size 880,456 dynamic noenhanced font 'sans,10'
		set output 'copyout_unchecked-cost.svg'
	}
	set multiplot title 'copyout_unchecked: the same copy without the hardened-usercopy check (_copy_to_user()), per object' . "\n" . 'VM icount, 6.1.0-57-amd64, QEMU Virtual CPU version 2.5+' . "\n" . 'protection cpa (set_memory_ro() per area, Stoppa’s design: a TLB flush per area)' noenhanced
	set origin 0.0000, 0.1404
	set size 0.5000, 0.7018
	unset arrow; unset label; unset logscale; unset key
	set border; set grid; set tics; set xtics autofreq; set ytics autofreq
	set autoscale xy
	set lmargin 11; set rmargin 3; set tmargin 2.5; set bmargin 3.5
	set title '64 B objects' noenhanced
	set xlabel 'objects (count)' noenhanced
	set ylabel 'ns per object (median, CI of the median)' noenhanced
	set logscale x 2
	set xrange [170.6666667:6144]
	set xtics ('256' 256, '4096' 4096)
	set logscale y 10
	set yrange [21.0111084:84.7109375]
	set ytics ('50 ns' 50)
	plot 'copyout_unchecked-cost.dat' index 2 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'copyout_unchecked-cost.dat' index 3 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'copyout_unchecked-cost.dat' index 4 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'copyout_unchecked-cost.dat' index 5 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'copyout_unchecked-cost.dat' index 6 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'copyout_unchecked-cost.dat' index 0 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'copyout_unchecked-cost.dat' index 1 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0.5000, 0.1404
	set size 0.5000, 0.7018
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
	set logscale y 10
	set yrange [273.0113525:1093.277832]
	set ytics ('500 ns' 500, '1 µs' 1000)
	plot 'copyout_unchecked-cost.dat' index 9 using 1:2:3:4 with yerrorlines lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 notitle, 'copyout_unchecked-cost.dat' index 10 using 1:2:3:4 with yerrorlines lc rgb '#CC79A7' dt 1 pt 7 lw 6.5 ps 3.30 notitle, 'copyout_unchecked-cost.dat' index 11 using 1:2:3:4 with yerrorlines lc rgb '#D55E00' dt 1 pt 7 lw 5.5 ps 2.80 notitle, 'copyout_unchecked-cost.dat' index 12 using 1:2:3:4 with yerrorlines lc rgb '#000000' dt 1 pt 7 lw 4.5 ps 2.30 notitle, 'copyout_unchecked-cost.dat' index 13 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 notitle, 'copyout_unchecked-cost.dat' index 7 using 1:2:3:4 with yerrorlines lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 notitle, 'copyout_unchecked-cost.dat' index 8 using 1:2:3:4 with yerrorlines lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 notitle
	set origin 0, 0
	set size 1, 0.1404
	unset title; unset xlabel; unset ylabel; unset border; unset tics; unset grid
	unset arrow; unset label; unset logscale
	set xrange [1:2]; set yrange [1:2]
	set lmargin 0; set rmargin 0; set tmargin 0; set bmargin 0
	set key at screen 0.5, screen 0.0702 center center vertical maxrows 2 Left reverse noenhanced samplen 4 spacing 1.1 width 2
	plot NaN notitle, keyentry with linespoints lc rgb '#009E73' dt 1 pt 7 lw 7.5 ps 3.80 title 'pmalloc-genalloc', keyentry with linespoints lc rgb '#CC79A7' dt 1 pt 7 lw 6.5 ps 3.30 title 'pmalloc-bump', keyentry with linespoints lc rgb '#D55E00' dt 1 pt 7 lw 5.5 ps 2.80 title 'pmalloc-wr', keyentry with linespoints lc rgb '#000000' dt 1 pt 7 lw 4.5 ps 2.30 title 'kmalloc-part', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 3.5 ps 1.80 title 'lockable-zone', keyentry with linespoints lc rgb '#0072B2' dt 1 pt 7 lw 2.5 ps 1.30 title 'kmalloc', keyentry with linespoints lc rgb '#E69F00' dt 1 pt 7 lw 1.5 ps 0.80 title 'vmalloc'
	unset multiplot
}
set output
