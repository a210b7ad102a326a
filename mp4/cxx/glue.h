/*
 * glue.h - what the C++ glue files share among themselves (never seen by
 * a kernel.C): the end-of-run watcher over everything an MP4 kernel
 * prints through Console or port 0xE9.
 */
#ifndef SELFMAP_MP4_GLUE_H
#define SELFMAP_MP4_GLUE_H

/* Feed one character the MP4 kernel printed to the watcher. */
void mp4_output_seen(char c);
/* Call after each Console or debug_out_E9 call: once the turn-off line
 * ("YOU CAN [SAFELY] TURN OFF THE MACHINE NOW.") has been printed, end
 * the run: passed when "Test Passed" was seen and "Test Failed" was not,
 * failed otherwise.  Returns only when the line was not seen. */
void mp4_output_done();
/* MP4's abort(): a panic. */
[[noreturn]] void mp4_abort();

/* The kernel's page-fault handler (page_fault.c, the top of selfmap's
 * layers), which PageTable::handle_fault runs.  kernel_main (boot.cpp),
 * the image's wiring as kernel.c is selfmap's, hands it over before
 * main(), so the PageTable glue never names the layer above it. */
struct regs;
void mp4_set_fault_handler(void (*handler)(struct regs *r));

#endif
