/*
 * swap.c - swap slots over the ATA disk (swap.h).
 *
 * Design.  A slot is one page of the disk: SWAP_SECTORS_PER_SLOT
 * consecutive sectors, so a swap-out or swap-in is one ATA command of 8
 * sectors and a slot number converts to an LBA with one shift.  Which
 * slots are taken is a bitmap (bit set = in use) in frames of
 * kernel_mem_pool, direct-mapped, taken once at boot and never given
 * back: the device lives as long as the kernel.  Allocation is next-fit
 * from the last slot taken, a word at a time (lib/bitmap's search), so a
 * run of allocations does not rescan the full words behind it; frees
 * are one bit.
 *
 * The free count is kept beside the bitmap and checked against it by
 * every operation's effect, never recomputed: tests compare it before
 * and after, as they compare free frames.  Moving a page refuses a slot
 * that is not allocated, so a stale slot number from a broken caller
 * cannot overwrite someone else's page.
 */
#include "swap.h"

#include "bitmap.h"
#include "cmdline.h"
#include "console.h"
#include "cont_frame_pool.h"
#include "page_table.h"
#include "utils.h"

static struct {
    bool enabled;
    struct bitmap used; /* one bit per slot, set = in use */
    unsigned long hint; /* the slot the next search starts at */
} sw;

static struct swap_stats stats;

bool swap_enabled(void) { return sw.enabled; }
unsigned long swap_total_slots(void) { return stats.slots_total; }
unsigned long swap_free_slots(void) { return stats.slots_total - stats.slots_used; }
const struct swap_stats *swap_get_stats(void) { return &stats; }

/* The first free slot from sw.hint on, wrapping; false when none is. */
static bool find_free(unsigned long *slot)
{
    unsigned long n = bitmap_size(&sw.used);
    unsigned long bit = bitmap_find_clear(&sw.used, sw.hint);
    if (bit >= n)
        bit = bitmap_find_clear(&sw.used, 0);
    if (bit >= n)
        return false;
    *slot = bit;
    return true;
}

/* ---- setting up -------------------------------------------------------------- */

int swap_init(void)
{
    unsigned long slots, frames, first;
    if (sw.enabled)
        return E_BUSY;
    slots = MIN(MIN((unsigned long)ata_sectors() / SWAP_SECTORS_PER_SLOT, SWAP_MAX_SLOTS),
                PTE_SWAP_ZERO_SLOT); /* that number names no slot (mmu.h) */
    if (slots == 0)
        return E_NODEV;
    frames = (slots + SWAP_SLOTS_PER_FRAME - 1) / SWAP_SLOTS_PER_FRAME;
    first = cont_frame_pool_get_frames(&kernel_mem_pool, frames);
    if (!first)
        return E_NOMEM;
    bitmap_init(&sw.used, direct_map_ptr(first), slots);
    sw.hint = 0;
    stats.slots_total = slots;
    stats.slots_used = 0;
    sw.enabled = true;
    return E_OK;
}

void swap_boot(void)
{
    int rc;
    if (word_on(WORD_NOSWAP))
        return;
    rc = ata_probe();
    if (rc == E_NODEV)
        return; /* no disk: as before swap existed */
    if (rc == E_OK)
        rc = swap_init();
    if (rc != E_OK) {
        kprintf("swap: off: %s\n", error_name(rc));
        return;
    }
    kprintf("swap: ATA disk \"%s\", %lu KB, %lu slots of %lu KB\n", ata_model(),
            (unsigned long)ata_sectors() / (KB / ATA_SECTOR_SIZE), stats.slots_total,
            PAGE_SIZE / KB);
}

/* ---- slots --------------------------------------------------------------------- */

int swap_slot_alloc(unsigned long *slot)
{
    unsigned long bit;
    if (!sw.enabled)
        return E_NODEV;
    if (!find_free(&bit))
        return E_FULL;
    bitmap_set(&sw.used, bit);
    sw.hint = bit;
    stats.slots_used++;
    *slot = bit;
    return E_OK;
}

bool swap_slot_in_use(unsigned long slot)
{
    return sw.enabled && slot < stats.slots_total && bitmap_test(&sw.used, slot);
}

/* E_OK when `slot` is an allocated slot, else why not. */
static int check_slot(unsigned long slot)
{
    if (!sw.enabled)
        return E_NODEV;
    if (slot >= stats.slots_total)
        return E_RANGE;
    return bitmap_test(&sw.used, slot) ? E_OK : E_NOT_ALLOCATED;
}

int swap_slot_free(unsigned long slot)
{
    int rc = check_slot(slot);
    if (rc != E_OK)
        return rc;
    bitmap_clear(&sw.used, slot);
    stats.slots_used--;
    return E_OK;
}

/* ---- moving pages ----------------------------------------------------------- */

static int check_transfer(unsigned long slot, const void *page)
{
    int rc = check_slot(slot);
    if (rc != E_OK)
        return rc;
    if (!page || PGOFF((uintptr_t)page) != 0)
        return E_INVAL;
    return E_OK;
}

int swap_out_page(unsigned long slot, const void *page)
{
    int rc = check_transfer(slot, page);
    if (rc == E_OK)
        rc = ata_write((uint32_t)(slot * SWAP_SECTORS_PER_SLOT), SWAP_SECTORS_PER_SLOT, page);
    if (rc == E_OK)
        stats.page_writes++;
    return rc;
}

int swap_in_page(unsigned long slot, void *page)
{
    int rc = check_transfer(slot, page);
    if (rc == E_OK)
        rc = ata_read((uint32_t)(slot * SWAP_SECTORS_PER_SLOT), SWAP_SECTORS_PER_SLOT, page);
    if (rc == E_OK)
        stats.page_reads++;
    return rc;
}

int swap_out_frame(unsigned long slot, unsigned long frame)
{
    void *va = kmap(frame);
    int rc = swap_out_page(slot, va);
    kunmap(va);
    return rc;
}

int swap_in_frame(unsigned long slot, unsigned long frame)
{
    void *va = kmap(frame);
    int rc = swap_in_page(slot, va);
    kunmap(va);
    return rc;
}
