/*
 * ata.c - the ATA PIO driver of ata.h: probe, read and write sectors of
 * the primary master with 28-bit LBAs.
 *
 * Design.  One disk, one bus, no interrupts: the driver is a few
 * functions over the task-file registers.  A transfer is split into
 * commands of at most 256 sectors; each command is "load the task file,
 * issue, then per sector: wait for DRQ, move 256 words".  A write also
 * waits for BSY to clear after its last sector, so an error in the last
 * sector is seen by the command that caused it.
 *
 * Every status wait is bounded (ATA_WAIT_POLLS) and checks ERR and DF,
 * so a broken or missing device gives E_IO, E_TIMEOUT or E_NODEV, never
 * a hang or silently wrong data.  Device errors are counted and printed
 * as one line naming the command, LBA, status and error register: they
 * are rare, and a swap device that fails must be visible.  Bad arguments
 * (range, NULL) are the caller's mistakes and only return their code.
 *
 * The wait loop counts the polls that found the device not ready
 * (busy_polls): `make bench` keeps only samples in which the driver
 * never waited, since how long QEMU's I/O thread takes is not
 * deterministic while the driver's own instructions are.
 */
#include "ata.h"

#include "console.h"
#include "utils.h"

static struct {
    bool present;
    uint32_t sectors;
    char model[ATA_MODEL_MAX];
} disk;

static struct ata_stats stats;

bool ata_present(void) { return disk.present; }
uint32_t ata_sectors(void) { return disk.present ? disk.sectors : 0; }
const char *ata_model(void) { return disk.present ? disk.model : ""; }
const struct ata_stats *ata_get_stats(void) { return &stats; }

int ata_wait(uint8_t want, unsigned long max_polls, uint8_t *status)
{
    const uint8_t mask = (uint8_t)(ATA_SR_BSY | want | ATA_SR_FAILED);
    uint8_t s = 0;
    unsigned long n;
    /* done when the masked status is non-zero and below BSY: BSY clear
     * and some wanted or failure bit set; (m - 1) < BSY - 1 says both. */
    for (n = 0; n < max_polls; n++) {
        s = inb(ATA_STATUS);
        if ((uint8_t)((s & mask) - 1u) < (uint8_t)(ATA_SR_BSY - 1u))
            break;
    }
    stats.busy_polls += n;
    *status = s;
    if (n == max_polls)
        return E_TIMEOUT;
    return (s & ATA_SR_FAILED) ? E_IO : E_OK;
}

/* The ~400 ns a device may take to show its status after a select. */
static void select_delay(void)
{
    for (unsigned i = 0; i < ATA_SELECT_DELAY; i++)
        (void)inb(ATA_ALT_STATUS);
}

void ata_issue(uint8_t command, uint32_t lba, uint32_t count)
{
    outb(ATA_DRIVE,
         (uint8_t)(ATA_DRIVE_MASTER | ATA_DRIVE_LBA | ((lba >> 24) & ATA_DRIVE_LBA_TOP)));
    outb(ATA_SECCOUNT, (uint8_t)(count % ATA_MAX_PER_COMMAND)); /* 256 is sent as 0 */
    outb(ATA_LBA_LO, (uint8_t)lba);
    outb(ATA_LBA_MID, (uint8_t)(lba >> 8));
    outb(ATA_LBA_HI, (uint8_t)(lba >> 16));
    outb(ATA_COMMAND, command);
}

/* ---- probing ------------------------------------------------------------ */

/* Copy IDENTIFY's model words (two characters each, first in the high
 * byte) into disk.model and trim the trailing spaces. */
static void take_model(const uint16_t *id)
{
    unsigned n = 0;
    for (unsigned i = 0; i < ATA_ID_MODEL_WORDS; i++) {
        disk.model[n++] = (char)(id[ATA_ID_MODEL + i] >> 8);
        disk.model[n++] = (char)(id[ATA_ID_MODEL + i] & 0xFFu);
    }
    while (n > 0 && (disk.model[n - 1] == ' ' || disk.model[n - 1] == '\0'))
        n--;
    disk.model[n] = '\0';
}

/* Send IDENTIFY to the selected master and read its 256 words into id. */
static int identify(uint16_t *id)
{
    uint8_t status;
    int rc;
    ata_issue(ATA_CMD_IDENTIFY, 0, 0);
    if (inb(ATA_STATUS) == 0) /* no drive answers: the status stays 0 */
        return E_NODEV;
    rc = ata_wait(ATA_SR_DRQ, ATA_WAIT_POLLS, &status);
    if (rc == E_TIMEOUT)
        return rc;
    if (inb(ATA_LBA_MID) == ATA_SIG_ATAPI_MID && inb(ATA_LBA_HI) == ATA_SIG_ATAPI_HI)
        return E_NODEV; /* an ATAPI device (a CD drive), not a disk */
    if (rc != E_OK)
        return E_NODEV; /* aborted IDENTIFY: not an ATA disk */
    port_read_words(ATA_DATA, id, ATA_WORDS_PER_SECTOR);
    return E_OK;
}

int ata_probe(void)
{
    uint16_t id[ATA_WORDS_PER_SECTOR];
    uint32_t sectors;
    int rc;
    disk.present = false;
    if (inb(ATA_STATUS) == ATA_FLOATING_BUS)
        return E_NODEV; /* no controller on the primary bus */
    outb(ATA_DEV_CTRL, ATA_CTRL_NIEN);
    outb(ATA_DRIVE, ATA_DRIVE_MASTER | ATA_DRIVE_LBA);
    select_delay();
    rc = identify(id);
    if (rc != E_OK)
        return rc;
    sectors = (uint32_t)id[ATA_ID_LBA28_SECTORS] | ((uint32_t)id[ATA_ID_LBA28_SECTORS + 1] << 16);
    if (!(id[ATA_ID_CAPABILITIES] & ATA_ID_CAP_LBA) || sectors == 0)
        return E_NODEV;
    take_model(id);
    disk.sectors = sectors;
    disk.present = true;
    return E_OK;
}

/* ---- transfers ------------------------------------------------------------ */

/* Count and print a failed command; returns rc. */
static int report(int rc, const char *what, uint32_t lba, uint32_t count, uint8_t status)
{
    stats.errors++;
    kprintf("ata: %s of %lu sector(s) at LBA %lu failed: %s (status 0x%02x, error 0x%02x)\n", what,
            (unsigned long)count, (unsigned long)lba, error_name(rc), status,
            (status & ATA_SR_ERR) ? inb(ATA_ERROR) : 0u);
    return rc;
}

/* The argument checks ata_read and ata_write share. */
static int check_range(uint32_t lba, uint32_t count, const void *buf)
{
    if (!disk.present)
        return E_NODEV;
    if (count == 0 || !buf)
        return E_INVAL;
    if (lba >= disk.sectors || count > disk.sectors - lba)
        return E_RANGE;
    return E_OK;
}

/* One READ SECTORS command of n (1..256) sectors. */
static int read_command(uint32_t lba, uint32_t n, uint8_t *buf)
{
    uint8_t status;
    ata_issue(ATA_CMD_READ_SECTORS, lba, n);
    stats.commands++;
    for (uint32_t i = 0; i < n; i++, buf += ATA_SECTOR_SIZE) {
        int rc = ata_wait(ATA_SR_DRQ, ATA_WAIT_POLLS, &status);
        if (rc != E_OK)
            return report(rc, "read", lba, n, status);
        port_read_words(ATA_DATA, buf, ATA_WORDS_PER_SECTOR);
    }
    stats.sectors_read += n;
    return E_OK;
}

/* One WRITE SECTORS command of n (1..256) sectors; waits until the
 * device has taken the last one. */
static int write_command(uint32_t lba, uint32_t n, const uint8_t *buf)
{
    uint8_t status;
    int rc;
    ata_issue(ATA_CMD_WRITE_SECTORS, lba, n);
    stats.commands++;
    for (uint32_t i = 0; i < n; i++, buf += ATA_SECTOR_SIZE) {
        rc = ata_wait(ATA_SR_DRQ, ATA_WAIT_POLLS, &status);
        if (rc != E_OK)
            return report(rc, "write", lba, n, status);
        port_write_words(ATA_DATA, buf, ATA_WORDS_PER_SECTOR);
    }
    rc = ata_wait(ATA_SR_DRDY, ATA_WAIT_POLLS, &status);
    if (rc != E_OK)
        return report(rc, "write", lba, n, status);
    stats.sectors_written += n;
    return E_OK;
}

int ata_read(uint32_t lba, uint32_t count, void *buf)
{
    uint8_t *p = buf;
    int rc = check_range(lba, count, buf);
    while (rc == E_OK && count > 0) {
        uint32_t n = MIN(count, ATA_MAX_PER_COMMAND);
        rc = read_command(lba, n, p);
        lba += n, count -= n, p += n * ATA_SECTOR_SIZE;
    }
    return rc;
}

int ata_write(uint32_t lba, uint32_t count, const void *buf)
{
    const uint8_t *p = buf;
    int rc = check_range(lba, count, buf);
    while (rc == E_OK && count > 0) {
        uint32_t n = MIN(count, ATA_MAX_PER_COMMAND);
        rc = write_command(lba, n, p);
        lba += n, count -= n, p += n * ATA_SECTOR_SIZE;
    }
    return rc;
}
