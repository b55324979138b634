# pmbench plot: alloc cost vs object size. Re-draw with: cd plots && gnuplot alloc-cost.gp
set encoding utf8
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 1000,640 noenhanced font 'sans,10'
} else {
	set terminal png size 1000,640 noenhanced
}
set output 'alloc-cost.png'
set title 'alloc cost vs object size — VM TCG, 6.1.0-56-amd64, QEMU Virtual CPU version 2.5+, protection cpa' noenhanced
set xlabel 'object size' noenhanced
set ylabel 'ns per allocation (median, CI of the median)' noenhanced
set grid
set key top left box opaque noenhanced
set logscale x 2
set xrange [42.66666667:24576]
set xtics ('128 B' 128, '512 B' 512, '2 KiB' 2048, '8 KiB' 8192)
set logscale y 10
set yrange [209.2708333:48113.9209]
set ytics ('500 ns' 500, '1 µs' 1000, '2 µs' 2000, '5 µs' 5000, '10 µs' 10000, '20 µs' 20000)
plot \
  'alloc-cost.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 16 objects', \
  'alloc-cost.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 16 objects', \
  'alloc-cost.dat' index 2 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 16 objects', \
  'alloc-cost.dat' index 3 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 256 objects', \
  'alloc-cost.dat' index 4 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 256 objects', \
  'alloc-cost.dat' index 5 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 256 objects', \
  'alloc-cost.dat' index 6 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 4096 objects', \
  'alloc-cost.dat' index 7 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 4096 objects', \
  'alloc-cost.dat' index 8 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 4096 objects', \
  'alloc-cost.dat' index 9 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 1024 objects', \
  'alloc-cost.dat' index 10 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 1024 objects', \
  'alloc-cost.dat' index 11 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 1024 objects'
set terminal svg size 1000,640 dynamic noenhanced font 'sans,10'
set output 'alloc-cost.svg'
replot
set output
