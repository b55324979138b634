# pmbench plot: footprint vs count. Re-draw with: cd plots && gnuplot footprint.gp
set encoding utf8
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 1000,640 noenhanced font 'sans,10'
} else {
	set terminal png size 1000,640 noenhanced
}
set output 'footprint.png'
set title 'footprint vs count — VM TCG, 6.1.0-56-amd64, QEMU Virtual CPU version 2.5+, protection cpa' noenhanced
set xlabel 'objects' noenhanced
set ylabel 'bytes consumed (median)' noenhanced
set grid
set key top left box opaque noenhanced
set logscale x 2
set xrange [170.6666667:6144]
set logscale y 2
set yrange [2730.666667:100663296]
set ytics ('8 KiB' 8192, '32 KiB' 32768, '128 KiB' 131072, '512 KiB' 524288, '2 MiB' 2097152, '8 MiB' 8388608, '32 MiB' 33554432)
plot \
  'footprint.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 16 B objects', \
  'footprint.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'requested (size × count, 16 B)', \
  'footprint.dat' index 2 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 16 B objects', \
  'footprint.dat' index 3 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 16 B objects', \
  'footprint.dat' index 4 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 64 B objects', \
  'footprint.dat' index 5 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'requested (size × count, 64 B)', \
  'footprint.dat' index 6 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 64 B objects', \
  'footprint.dat' index 7 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 64 B objects', \
  'footprint.dat' index 8 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 256 B objects', \
  'footprint.dat' index 9 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'requested (size × count, 256 B)', \
  'footprint.dat' index 10 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 256 B objects', \
  'footprint.dat' index 11 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 256 B objects', \
  'footprint.dat' index 12 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 1 KiB objects', \
  'footprint.dat' index 13 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'requested (size × count, 1 KiB)', \
  'footprint.dat' index 14 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 1 KiB objects', \
  'footprint.dat' index 15 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 1 KiB objects', \
  'footprint.dat' index 16 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 4 KiB objects', \
  'footprint.dat' index 17 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'requested (size × count, 4 KiB)', \
  'footprint.dat' index 18 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 4 KiB objects', \
  'footprint.dat' index 19 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 4 KiB objects', \
  'footprint.dat' index 20 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc, 16 KiB objects', \
  'footprint.dat' index 21 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'requested (size × count, 16 KiB)', \
  'footprint.dat' index 22 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc, 16 KiB objects', \
  'footprint.dat' index 23 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc, 16 KiB objects'
set terminal svg size 1000,640 dynamic noenhanced font 'sans,10'
set output 'footprint.svg'
replot
set output
