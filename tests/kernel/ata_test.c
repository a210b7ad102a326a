/*
 * ata_test.c - the ATA PIO driver on its own (drivers/ata.h): identify,
 * a write and read-back of every sector of a disk, range checks, the
 * bounded wait, and no disk at all.
 *
 * Each test with a disk gets a fresh zero-filled image from the runner
 * (KTEST_SWAP); its size is the one named constant both the marker and
 * the checks use.  Buffers are frames of kernel_mem_pool (direct-mapped),
 * given back at the end, with the pool's free count checked.
 */
#include "ata.h"
#include "cont_frame_pool.h"
#include "ktest.h"
#include "mmu.h"
#include "swap.h"

#define DISK_MB          4   /* the whole-disk test's image */
#define SMALL_DISK_MB    1   /* every other test's image */
#define BATCH_SECTORS    300 /* more than one command's 256, and not a divisor of the disk */
#define BATCH_FRAMES     PAGES_FOR(BATCH_SECTORS *ATA_SECTOR_SIZE)
#define WAIT_BOUND       1000ul
#define PATTERN_MULTIPLY 0x9E3779B1u /* spreads sector numbers over all bits */

static uint32_t *buf;
static unsigned long buf_frame, kernel_free_before;

static void buffer_get(void)
{
    kernel_free_before = cont_frame_pool_free_count(&kernel_mem_pool);
    buf_frame = cont_frame_pool_get_frames(&kernel_mem_pool, BATCH_FRAMES);
    KASSERT(buf_frame != 0);
    buf = direct_map_ptr(buf_frame);
}

static void buffer_put(void)
{
    KEXPECT_EQ(cont_frame_pool_release_frames(buf_frame), E_OK);
    KEXPECT_EQ(cont_frame_pool_free_count(&kernel_mem_pool), kernel_free_before);
}

/* Word i of sector lba: different in every sector and every word. */
static uint32_t pattern(uint32_t lba, uint32_t i)
{
    return (lba * PATTERN_MULTIPLY) ^ (i << 16) ^ i;
}

#define WORDS32_PER_SECTOR (ATA_SECTOR_SIZE / sizeof(uint32_t))

static void fill(uint32_t lba, uint32_t count)
{
    for (uint32_t s = 0; s < count; s++)
        for (uint32_t i = 0; i < WORDS32_PER_SECTOR; i++)
            buf[s * WORDS32_PER_SECTOR + i] = pattern(lba + s, i);
}

/* Sectors in buf (read from lba) that differ from their pattern. */
static uint32_t mismatches(uint32_t lba, uint32_t count)
{
    uint32_t bad = 0;
    for (uint32_t s = 0; s < count; s++)
        for (uint32_t i = 0; i < WORDS32_PER_SECTOR; i++)
            if (buf[s * WORDS32_PER_SECTOR + i] != pattern(lba + s, i)) {
                bad++;
                break;
            }
    return bad;
}

KTEST_SWAP(ata_identify_reports_the_attached_disk, SMALL_DISK_MB);
KTEST(ata_identify_reports_the_attached_disk)
{
    KEXPECT(ata_present());
    KEXPECT_EQ(ata_sectors(), SMALL_DISK_MB * MB / ATA_SECTOR_SIZE);
    KEXPECT(ata_model()[0] != '\0');
    KEXPECT_EQ(ata_probe(), E_OK); /* probing again finds the same disk */
    KEXPECT_EQ(ata_sectors(), SMALL_DISK_MB * MB / ATA_SECTOR_SIZE);
}

KTEST_SWAP(ata_every_sector_of_the_disk_reads_back_what_was_written, DISK_MB);
KTEST_TIME_LIMIT(ata_every_sector_of_the_disk_reads_back_what_was_written, 120);
KTEST(ata_every_sector_of_the_disk_reads_back_what_was_written)
{
    const uint32_t total = ata_sectors();
    struct ata_stats before = *ata_get_stats();
    uint32_t bad = 0;
    KASSERT(total == DISK_MB * MB / ATA_SECTOR_SIZE);
    buffer_get();
    for (uint32_t lba = 0; lba < total; lba += BATCH_SECTORS) {
        uint32_t n = MIN(BATCH_SECTORS, total - lba);
        fill(lba, n);
        KEXPECT_EQ(ata_write(lba, n, buf), E_OK);
    }
    for (uint32_t lba = 0; lba < total; lba += BATCH_SECTORS) {
        uint32_t n = MIN(BATCH_SECTORS, total - lba);
        fill_words(buf, 0, n * WORDS32_PER_SECTOR);
        KEXPECT_EQ(ata_read(lba, n, buf), E_OK);
        bad += mismatches(lba, n);
    }
    KEXPECT_EQ(bad, 0);
    KEXPECT_EQ(ata_get_stats()->sectors_written - before.sectors_written, total);
    KEXPECT_EQ(ata_get_stats()->sectors_read - before.sectors_read, total);
    KEXPECT_EQ(ata_get_stats()->errors, before.errors);
    buffer_put();
}

KTEST_SWAP(ata_out_of_range_transfers_are_refused, SMALL_DISK_MB);
KTEST(ata_out_of_range_transfers_are_refused)
{
    const uint32_t last = ata_sectors() - 1;
    unsigned long commands;
    buffer_get();
    fill(last, 1);
    KEXPECT_EQ(ata_write(last, 1, buf), E_OK); /* the last sector is in range */
    commands = ata_get_stats()->commands;
    fill(0, 2);
    KEXPECT_EQ(ata_write(last, 2, buf), E_RANGE); /* crosses the end */
    KEXPECT_EQ(ata_write(last + 1, 1, buf), E_RANGE);
    KEXPECT_EQ(ata_read(last + 1, 1, buf), E_RANGE);
    KEXPECT_EQ(ata_read(UINT32_MAX, 2, buf), E_RANGE); /* lba + count wraps */
    KEXPECT_EQ(ata_read(0, 0, buf), E_INVAL);
    KEXPECT_EQ(ata_read(0, 1, NULL), E_INVAL);
    KEXPECT_EQ(ata_get_stats()->commands, commands); /* none reached the disk */
    KEXPECT_EQ(ata_read(last, 1, buf), E_OK);
    KEXPECT_EQ(mismatches(last, 1), 0); /* the refused write left it alone */
    KEXPECT_EQ(ata_get_stats()->errors, 0);
    buffer_put();
}

KTEST_SWAP(ata_wait_gives_up_after_its_bound, SMALL_DISK_MB);
KTEST(ata_wait_gives_up_after_its_bound)
{
    unsigned long polls = ata_get_stats()->busy_polls;
    uint8_t status = 0;
    /* No command is pending, so DRQ never comes up. */
    KEXPECT_EQ(ata_wait(ATA_SR_DRQ, WAIT_BOUND, &status), E_TIMEOUT);
    KEXPECT_EQ(ata_get_stats()->busy_polls - polls, WAIT_BOUND);
    KEXPECT(status & ATA_SR_DRDY);
    KEXPECT_EQ(ata_wait(ATA_SR_DRDY, WAIT_BOUND, &status), E_OK); /* ready at once */
}

KTEST_SWAP(ata_a_command_the_disk_rejects_is_an_io_error, SMALL_DISK_MB);
KTEST(ata_a_command_the_disk_rejects_is_an_io_error)
{
    uint8_t status = 0;
    buffer_get();
    /* Past the last sector, sent by hand around ata_read's range check:
     * the disk itself must refuse it with ERR. */
    ata_issue(ATA_CMD_READ_SECTORS, ata_sectors(), 1);
    KEXPECT_EQ(ata_wait(ATA_SR_DRQ, ATA_WAIT_POLLS, &status), E_IO);
    KEXPECT(status & ATA_SR_ERR);
    KEXPECT(!(status & ATA_SR_DRQ));
    fill(0, 1);
    KEXPECT_EQ(ata_write(0, 1, buf), E_OK); /* the disk still works */
    fill_words(buf, 0, WORDS32_PER_SECTOR);
    KEXPECT_EQ(ata_read(0, 1, buf), E_OK);
    KEXPECT_EQ(mismatches(0, 1), 0);
    buffer_put();
}

KTEST(ata_without_a_disk_every_call_says_no_device)
{
    uint32_t word = 0;
    KEXPECT_EQ(ata_probe(), E_NODEV);
    KEXPECT(!ata_present());
    KEXPECT_EQ(ata_sectors(), 0);
    KEXPECT_EQ(ata_read(0, 1, &word), E_NODEV);
    KEXPECT_EQ(ata_write(0, 1, &word), E_NODEV);
    KEXPECT(!swap_enabled());
    KEXPECT_EQ(swap_total_slots(), 0);
    KEXPECT_EQ(swap_init(), E_NODEV);
}
