# pmbench plot: protect cost vs pages. Re-draw with: cd plots && gnuplot protect-cost.gp
set encoding utf8
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 1000,640 noenhanced font 'sans,10'
} else {
	set terminal png size 1000,640 noenhanced
}
set output 'protect-cost.png'
set title 'protect cost vs pages — VM TCG, 6.1.0-56-amd64, QEMU Virtual CPU version 2.5+, protection cpa' noenhanced
set xlabel 'pages protected' noenhanced
set ylabel 'ns per op (median, CI of the median)' noenhanced
set grid
set key top left box opaque noenhanced
set logscale x 2
set xrange [0.6666666667:6144]
set logscale y 10
set yrange [337.2395833:82553.4375]
set ytics ('500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000, '10 µs' 10000, '20 µs' 20000, '50 µs' 50000)
plot \
  'protect-cost.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc protect (cpa)', \
  'protect-cost.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc protect (cpa)', \
  'protect-cost.dat' index 2 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'vmalloc unprotect (cpa)', \
  'protect-cost.dat' index 3 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'pmalloc unprotect (cpa)'
set terminal svg size 1000,640 dynamic noenhanced font 'sans,10'
set output 'protect-cost.svg'
replot
set output
