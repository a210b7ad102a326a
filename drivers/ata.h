/*
 * ata.h - a small ATA (IDE) disk driver: the primary master, 28-bit LBA,
 * programmed I/O (PIO), polled.  It is the swap device's driver (swap.h).
 *
 *   if (ata_probe() == E_OK)                    identify the disk at boot
 *       ata_write(lba, 8, page);                one page = 8 sectors
 *   rc = ata_read(lba, 8, page);                E_OK, or a named error
 *
 * Why PIO and polling: a swap-in happens inside a page fault, where the
 * faulting context must wait for the data anyway, and selfmap has no
 * scheduler to run someone else meanwhile.  PIO needs no DMA descriptors
 * and no bus mastering, so the whole protocol fits in this header and
 * ata.c: write the task-file registers, issue the command, then for each
 * sector wait for DRQ and move 256 words with `rep insw` / `rep outsw`.
 * Interrupts from the device are disabled (nIEN); every wait is bounded.
 *
 * Every port, register, status bit and command is named here; ata.c
 * spells no number of the protocol.
 */
#ifndef SELFMAP_ATA_H
#define SELFMAP_ATA_H

#include <stdbool.h>
#include <stdint.h>

#include "x86.h" /* inb, outb, port_read_words, port_write_words */

/* ---- the primary ATA bus --------------------------------------------- */
#define ATA_PRIMARY_IO   0x1F0u /* the command block: task-file registers */
#define ATA_PRIMARY_CTRL 0x3F6u /* the control block: alt status / device control */

/* Registers, as offsets from the command-block base. */
#define ATA_REG_DATA     0u /* 16-bit data port */
#define ATA_REG_ERROR    1u /* read: why ERR was set */
#define ATA_REG_SECCOUNT 2u /* sectors to transfer (0 means 256) */
#define ATA_REG_LBA_LO   3u /* LBA bits 0..7 */
#define ATA_REG_LBA_MID  4u /* LBA bits 8..15 */
#define ATA_REG_LBA_HI   5u /* LBA bits 16..23 */
#define ATA_REG_DRIVE    6u /* drive select, LBA mode, LBA bits 24..27 */
#define ATA_REG_STATUS   7u /* read: status */
#define ATA_REG_COMMAND  7u /* write: command */

#define ATA_DATA       (ATA_PRIMARY_IO + ATA_REG_DATA)
#define ATA_ERROR      (ATA_PRIMARY_IO + ATA_REG_ERROR)
#define ATA_SECCOUNT   (ATA_PRIMARY_IO + ATA_REG_SECCOUNT)
#define ATA_LBA_LO     (ATA_PRIMARY_IO + ATA_REG_LBA_LO)
#define ATA_LBA_MID    (ATA_PRIMARY_IO + ATA_REG_LBA_MID)
#define ATA_LBA_HI     (ATA_PRIMARY_IO + ATA_REG_LBA_HI)
#define ATA_DRIVE      (ATA_PRIMARY_IO + ATA_REG_DRIVE)
#define ATA_STATUS     (ATA_PRIMARY_IO + ATA_REG_STATUS)
#define ATA_COMMAND    (ATA_PRIMARY_IO + ATA_REG_COMMAND)
#define ATA_ALT_STATUS ATA_PRIMARY_CTRL /* read: status without side effects */
#define ATA_DEV_CTRL   ATA_PRIMARY_CTRL /* write: device control */

/* Status register bits. */
#define ATA_SR_ERR       0x01u /* the last command failed: see the error register */
#define ATA_SR_DRQ       0x08u /* the device wants to move a sector of data */
#define ATA_SR_DF        0x20u /* device fault */
#define ATA_SR_DRDY      0x40u /* the device is ready for a command */
#define ATA_SR_BSY       0x80u /* the device owns the registers: read nothing else */
#define ATA_SR_FAILED    (ATA_SR_ERR | ATA_SR_DF)
#define ATA_FLOATING_BUS 0xFFu /* status with no controller: pulled-up lines */

/* Error register bits (valid when ATA_SR_ERR is set). */
#define ATA_ER_ABRT 0x04u /* command aborted (e.g. IDENTIFY to an ATAPI device) */
#define ATA_ER_IDNF 0x10u /* sector ID not found (LBA past the end) */
#define ATA_ER_UNC  0x40u /* uncorrectable data error */

/* Device control bits. */
#define ATA_CTRL_NIEN 0x02u /* no interrupts from the device: we poll */

/* Drive / head register. */
#define ATA_DRIVE_MASTER  0xA0u /* bits 7 and 5 are set by convention */
#define ATA_DRIVE_LBA     0x40u /* the address is an LBA, not CHS */
#define ATA_DRIVE_LBA_TOP 0x0Fu /* LBA bits 24..27 live in bits 0..3 */

/* Commands. */
#define ATA_CMD_READ_SECTORS  0x20u
#define ATA_CMD_WRITE_SECTORS 0x30u
#define ATA_CMD_IDENTIFY      0xECu

/* ATAPI devices abort IDENTIFY and leave this signature in LBA mid/hi. */
#define ATA_SIG_ATAPI_MID 0x14u
#define ATA_SIG_ATAPI_HI  0xEBu

/* IDENTIFY DEVICE data: 256 words. */
#define ATA_ID_CAPABILITIES  49u       /* word 49 */
#define ATA_ID_CAP_LBA       (1u << 9) /* LBA supported */
#define ATA_ID_MODEL         27u       /* words 27..46: the model, byte-swapped */
#define ATA_ID_MODEL_WORDS   20u
#define ATA_ID_LBA28_SECTORS 60u /* words 60..61: addressable sectors, LBA28 */

/* Sizes and limits. */
#define ATA_SECTOR_SIZE      512u
#define ATA_WORDS_PER_SECTOR (ATA_SECTOR_SIZE / 2u)
#define ATA_LBA28_LIMIT      (1ul << 28) /* sectors a 28-bit LBA can name */
#define ATA_MAX_PER_COMMAND  256u        /* a sector count of 0 means 256 */
#define ATA_SELECT_DELAY     4u          /* alt-status reads: the 400 ns after select */
#define ATA_WAIT_POLLS       20000000ul  /* status polls before E_TIMEOUT */
#define ATA_MODEL_MAX        (2u * ATA_ID_MODEL_WORDS + 1u)

/* What the driver has done since boot (exact counts, for statistics). */
struct ata_stats {
    unsigned long commands;        /* read and write commands issued */
    unsigned long sectors_read;    /* sectors moved from the disk */
    unsigned long sectors_written; /* sectors moved to the disk */
    unsigned long errors;          /* commands that ended in E_IO or E_TIMEOUT */
    unsigned long busy_polls;      /* status polls that found the device not ready */
};

/* Look for an ATA disk on the primary master: disable the device's
 * interrupts, select it, send IDENTIFY and read its sector count and
 * model.  Returns E_OK when a disk with LBA support is there (ata_present
 * becomes true); E_NODEV when there is no controller, no drive, or a
 * drive that is not an ATA disk (ATAPI, no LBA); E_TIMEOUT when it never
 * answers.  Prints nothing; the caller reports.  Safe to call again. */
int ata_probe(void);

/* True after a successful ata_probe. */
bool ata_present(void);

/* The disk's addressable sectors (28-bit LBA), 0 without a disk. */
uint32_t ata_sectors(void);

/* The disk's model string (trimmed), "" without a disk.  Static storage. */
const char *ata_model(void);

/* Read `count` sectors from `lba` into buf (count * ATA_SECTOR_SIZE
 * bytes, any alignment), in commands of at most ATA_MAX_PER_COMMAND
 * sectors.  Returns E_OK; E_NODEV without a disk; E_INVAL for count 0
 * or a NULL buf; E_RANGE when [lba, lba + count) is not inside the disk
 * (nothing is transferred); E_IO when the device sets ERR or DF, or
 * E_TIMEOUT when it stays busy: both are counted in ata_stats.errors and
 * reported on the console with the command, LBA and status, and buf may
 * then hold part of the data.  Not reentrant: callers serialize. */
int ata_read(uint32_t lba, uint32_t count, void *buf);

/* Write `count` sectors from buf to `lba`, with ata_read's checks,
 * errors and reports; returns after the device has taken the last
 * sector and is no longer busy. */
int ata_write(uint32_t lba, uint32_t count, const void *buf);

/* ---- the steps of one command, for ata.c and the benchmark ----------- */

/* Load the task file for `count` (1..ATA_MAX_PER_COMMAND) sectors at
 * `lba` on the master and issue `command`.  No checks: the caller has
 * checked the range and that a disk is present. */
void ata_issue(uint8_t command, uint32_t lba, uint32_t count);

/* Poll the status at most max_polls times until BSY is clear and one of
 * `want` (e.g. ATA_SR_DRQ), ERR or DF is set.  Returns E_OK when a bit
 * of `want` came up without ERR or DF; E_IO when ERR or DF came up;
 * E_TIMEOUT after max_polls polls that found the device not ready.
 * Each such poll counts in ata_stats.busy_polls, so a benchmark can tell
 * a call that waited for the device.  *status gets the last status read. */
int ata_wait(uint8_t want, unsigned long max_polls, uint8_t *status);

/* The counters so far.  Static storage, updated by every call. */
const struct ata_stats *ata_get_stats(void);

#endif
