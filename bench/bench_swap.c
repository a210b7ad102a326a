/*
 * bench_swap.c - the cost of moving one page to and from the swap disk,
 * against the raw `rep outsw` / `rep insw` of its 8 sectors.
 *
 * Design.  QEMU completes a disk command on its I/O thread, so whether
 * the driver finds the data ready at its first status poll depends on
 * the host, not on the code: a sample in which the driver had to poll
 * again (ata_get_stats()->busy_polls moved) measures the host.  Such
 * samples are dropped and the move is repeated, so every figure is the
 * instructions the kernel executes when the disk is never slower than
 * the CPU, which repeats exactly from run to run.  The raw figure is the
 * data movement alone: the 8 string instructions of one page, each timed
 * on its own once the device has raised DRQ.
 *
 * The swap disk is attached by tools/bench.sh; without one the scenario
 * reports a failure, since the figures would be missing.
 */
#include "bench/bench.h"

#include "ata.h"
#include "cont_frame_pool.h"
#include "mmu.h"
#include "swap.h"
#include "utils.h"

#define SWAP_SAMPLES      64
#define SWAP_MAX_TRIES    (16 * SWAP_SAMPLES) /* moves tried to get the samples */
#define PAGE_PATTERN      0xA5A5F00Du
#define RATIO_DECIMALS    3
#define WORDS_PER_PAGE_32 (PAGE_SIZE / sizeof(uint32_t))

static struct bench_samples samples;

/* The string instructions of one page, timed sector by sector. */
static uint32_t raw_page(uint8_t command, uint32_t lba, void *page)
{
    uint8_t status, *p = page;
    uint32_t sum = 0;
    ata_issue(command, lba, SWAP_SECTORS_PER_SLOT);
    for (unsigned s = 0; s < SWAP_SECTORS_PER_SLOT; s++, p += ATA_SECTOR_SIZE) {
        uint32_t t0, t1;
        if (ata_wait(ATA_SR_DRQ, ATA_WAIT_POLLS, &status) != E_OK)
            bench_fail("swap: raw transfer: the disk did not raise DRQ");
        t0 = bench_now();
        if (command == ATA_CMD_READ_SECTORS)
            port_read_words(ATA_DATA, p, ATA_WORDS_PER_SECTOR);
        else
            port_write_words(ATA_DATA, p, ATA_WORDS_PER_SECTOR);
        t1 = bench_now();
        sum += t1 - t0 - bench_pair_cost();
    }
    if (command == ATA_CMD_WRITE_SECTORS && ata_wait(ATA_SR_DRDY, ATA_WAIT_POLLS, &status) != E_OK)
        bench_fail("swap: raw write did not complete");
    return sum;
}

static uint32_t median_raw(uint8_t command, void *page)
{
    bench_samples_reset(&samples);
    for (unsigned i = 0; i < SWAP_SAMPLES; i++)
        bench_add_value(&samples, raw_page(command, 0, page));
    return bench_median(&samples);
}

/* One swap_out_page or swap_in_page of `slot`: its cost in *cost, and
 * how many extra times the driver polled a busy disk (QEMU finishing the
 * transfer on its I/O thread, which no instruction count controls). */
static unsigned long timed_move(bool out, unsigned long slot, void *page, uint32_t *cost)
{
    unsigned long polls = ata_get_stats()->busy_polls;
    uint32_t t0, t1;
    int rc;
    t0 = bench_now();
    rc = out ? swap_out_page(slot, page) : swap_in_page(slot, page);
    t1 = bench_now();
    if (rc != E_OK)
        bench_fail("swap: %s of slot %lu: %s", out ? "swap_out_page" : "swap_in_page", slot,
                   error_name(rc));
    *cost = t1 - t0 - bench_pair_cost();
    return ata_get_stats()->busy_polls - polls;
}

/* The median cost of the samples that waited least: with no waiting
 * when QEMU allows (usually), else with the fewest busy polls, whose
 * number goes to *min_polls so the report says so.  Never fails for
 * the host's timing alone. */
static uint32_t median_move(bool out, unsigned long slot, void *page, unsigned long *min_polls)
{
    uint32_t cost;
    *min_polls = ~0ul;
    bench_samples_reset(&samples);
    for (unsigned i = 0; i < SWAP_MAX_TRIES && (samples.n < SWAP_SAMPLES || *min_polls); i++) {
        unsigned long polls = timed_move(out, slot, page, &cost);
        if (polls < *min_polls) {
            *min_polls = polls;
            bench_samples_reset(&samples); /* keep only the least-waiting samples */
        }
        if (polls == *min_polls && samples.n < SWAP_SAMPLES)
            bench_add_value(&samples, cost);
    }
    return bench_median(&samples);
}

static void report(uint32_t raw_out, uint32_t raw_in, uint32_t out, uint32_t in)
{
    bench_report("swap.raw_write", raw_out, "instr", "rep outsw of one page (8 sectors)");
    bench_report("swap.raw_read", raw_in, "instr", "rep insw of one page (8 sectors)");
    bench_report("swap.out", out, "instr",
                 "swap_out_page: one 8-sector write (the samples that waited least)");
    bench_report("swap.in", in, "instr",
                 "swap_in_page: one 8-sector read (the samples that waited least)");
    bench_report_ratio("swap.out_vs_raw", out, raw_out, RATIO_DECIMALS, "x",
                       "swap.out / swap.raw_write (target <= 1.3)");
    bench_report_ratio("swap.in_vs_raw", in, raw_in, RATIO_DECIMALS, "x",
                       "swap.in / swap.raw_read (target <= 1.3)");
}

void bench_swap(bool quick)
{
    unsigned long frame, slot;
    uint32_t raw_out, raw_in, out, in;
    unsigned long polls_out, polls_in;
    uint32_t *page;
    bool irq;
    (void)quick;
    if (!swap_enabled()) {
        bench_fail("swap: no swap disk attached (tools/bench.sh attaches one)");
        return;
    }
    frame = cont_frame_pool_get_frames(&kernel_mem_pool, 1);
    if (!frame || swap_slot_alloc(&slot) != E_OK) {
        bench_fail("swap: no frame or no slot for the page");
        return;
    }
    page = direct_map_ptr(frame);
    fill_words(page, PAGE_PATTERN, WORDS_PER_PAGE_32);
    irq = bench_section_begin();
    raw_out = median_raw(ATA_CMD_WRITE_SECTORS, page);
    raw_in = median_raw(ATA_CMD_READ_SECTORS, page);
    out = median_move(true, slot, page, &polls_out);
    in = median_move(false, slot, page, &polls_in);
    bench_section_end(irq, "swap");
    report(raw_out, raw_in, out, in);
    bench_report("swap.out_polls", polls_out, "polls",
                 "busy polls in the swap.out samples (0: no waiting on QEMU's I/O thread)");
    bench_report("swap.in_polls", polls_in, "polls",
                 "busy polls in the swap.in samples (0: no waiting on QEMU's I/O thread)");
    if (page[WORDS_PER_PAGE_32 - 1] != PAGE_PATTERN)
        bench_fail("swap: the page did not come back intact");
    if (swap_slot_free(slot) != E_OK || cont_frame_pool_release_frames(frame) != E_OK)
        bench_fail("swap: could not give back the slot or the frame");
}
