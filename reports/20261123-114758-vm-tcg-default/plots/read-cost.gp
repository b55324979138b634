# pmbench plot: read cost vs working set. Re-draw with: cd plots && gnuplot read-cost.gp
set encoding utf8
if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {
	set terminal pngcairo size 1000,640 noenhanced font 'sans,10'
} else {
	set terminal png size 1000,640 noenhanced
}
set output 'read-cost.png'
set title 'read cost vs working set — VM TCG, 6.1.0-56-amd64, QEMU Virtual CPU version 2.5+, protection cpa' noenhanced
set xlabel 'working set (pages spanned × 4 KiB)' noenhanced
set ylabel 'ns per access (median, CI of the median)' noenhanced
set grid
set key top left box opaque noenhanced
set logscale x 2
set xrange [10922.66667:25165824]
set xtics ('32 KiB' 32768, '128 KiB' 131072, '512 KiB' 524288, '2 MiB' 2097152, '8 MiB' 8388608)
set logscale y 10
set yrange [1.448567708:353.7084961]
set ytics ('2 ns' 2, '5 ns' 5, '10 ns' 10, '20 ns' 20, '50 ns' 50, '100 ns' 100, '200 ns' 200)
set arrow from 4194304, graph 0 to 4194304, graph 1 nohead dashtype 2 linewidth 2 linecolor rgb 'gray30'
set label 'TLB reach 4.00 MiB (1024 × 4 KiB, env.json)' at 4194304, graph 0.04 right offset -0.5,0 noenhanced
plot \
  'read-cost.dat' index 0 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc chase', \
  'read-cost.dat' index 1 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc chase', \
  'read-cost.dat' index 2 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc chase', \
  'read-cost.dat' index 3 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'vmalloc chase, protected', \
  'read-cost.dat' index 4 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'pmalloc chase, protected', \
  'read-cost.dat' index 5 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'kmalloc sweep', \
  'read-cost.dat' index 6 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'vmalloc sweep', \
  'read-cost.dat' index 7 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 1 title 'pmalloc sweep', \
  'read-cost.dat' index 8 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'vmalloc sweep, protected', \
  'read-cost.dat' index 9 using 1:2:3:4 with yerrorlines linewidth 2 dashtype 2 title 'pmalloc sweep, protected'
set terminal svg size 1000,640 dynamic noenhanced font 'sans,10'
set output 'read-cost.svg'
replot
set output
