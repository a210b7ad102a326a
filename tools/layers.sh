# layers.sh - the kernel's source folders, bottom layer first.  Sourced by
# the Makefile and the scripts that compile kernel code on the host
# (host tests, fuzzers, lint), so the include path is written once.
#
#   lib    the little C library: strings, panic, AVL tree, bitmap, x86
#   .      MP4's own files: console, frame pools, paging, VM pools, interrupts/
#   drivers  device drivers beside MP4's core: the ATA disk (swap's device)
#   boot   multiboot information, the command line, sizing the frame pools
#   mm     memory management beyond MP4: frame sources, buddy pool, shm
#   debug  the dumps
#   mp4    MP4's scenarios (C) and the C++ layer for MP4's own kernel.C
LAYER_DIRS="lib . drivers boot mm debug mp4"
LAYER_INCLUDES="-Ilib -I. -Idrivers -Iboot -Imm -Idebug -Imp4"
