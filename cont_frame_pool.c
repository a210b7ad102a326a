/*
 * cont_frame_pool.c - contiguous frame pools with 2-bit frame states.
 *
 * Design.  Two parallel bitmaps, `used` and `tag`, give each frame its
 * state:
 *
 *      used tag   state
 *        0   0    free
 *        1   0    allocated (inside a sequence)
 *        1   1    head of an allocated sequence
 *        0   1    inaccessible (holes, info frames, padding)
 *
 * Both are lib/bitmap's bitmaps over the info frames.  A frame is free
 * exactly when both bits are clear, so ~(used | tag), built from one
 * bitmap_word() of each, is a word of 32 free-frame bits and every scan
 * moves a word at a time: a full word is skipped with one test, an empty
 * one extends a run by 32.  Each bitmap is padded to whole words and the
 * padding is tagged inaccessible, so a scan needs no end test inside a
 * word.  `hint` is the lowest word that can hold a free frame; since
 * allocation is first-fit, it keeps get_frames(1) cheap however full the
 * pool is.  The sequence length is not stored: release walks the
 * allocated frames after the head, which the head's tag bit ends.
 */
#include "cont_frame_pool.h"

#include "frame_source.h"
#include "mmu.h"
#include "utils.h"

#define INFO_BITS_PER_FRAME   2ul
#define FRAMES_PER_INFO_FRAME (PAGE_SIZE * 8 / INFO_BITS_PER_FRAME)

struct cont_frame_pool kernel_mem_pool, process_mem_pool;
static struct cont_frame_pool *pools;

/* Word w of free-frame bits: set where a frame is clear in both bitmaps. */
static inline bitmap_word_t free_bits(const struct cont_frame_pool *p, unsigned long w)
{
    return ~(bitmap_word(&p->used, w) | bitmap_word(&p->tag, w));
}

static inline unsigned long n_words(const struct cont_frame_pool *p)
{
    return bitmap_word_count(&p->used);
}

unsigned long cont_frame_pool_needed_info_frames(unsigned long n_frames)
{
    return (n_frames + FRAMES_PER_INFO_FRAME - 1) / FRAMES_PER_INFO_FRAME;
}

static void check_no_overlap(unsigned long base, unsigned long n)
{
    for (const struct cont_frame_pool *p = pools; p; p = p->next)
        if (base < p->base_frame_no + p->n_frames && p->base_frame_no < base + n)
            panic("cont_frame_pool_init: frames 0x%lx+%lu overlap pool %s", base, n, p->name);
}

/* Put both bitmaps, padded to whole words, at `info` (used first, then
 * tag), every frame free and the padding past the last frame tagged:
 * inaccessible forever. */
static void lay_out_bitmaps(struct cont_frame_pool *p, bitmap_word_t *info)
{
    unsigned long padded = BITMAP_WORDS(p->n_frames) * BITMAP_WORD_BITS;
    bitmap_init(&p->used, info, padded);
    bitmap_init(&p->tag, info + BITMAP_WORDS(padded), padded);
    bitmap_set_range(&p->tag, p->n_frames, padded - p->n_frames);
}

void cont_frame_pool_init(struct cont_frame_pool *pool, unsigned long base_frame_no,
                          unsigned long n_frames, unsigned long info_frame_no)
{
    unsigned long info_frames = cont_frame_pool_needed_info_frames(n_frames);
    unsigned long first_info = info_frame_no ? info_frame_no : base_frame_no;
    if (n_frames == 0 || (info_frame_no == 0 && info_frames >= n_frames))
        panic("cont_frame_pool_init: %lu frames is too small a pool", n_frames);
    if (!frame_is_direct_mapped(first_info + info_frames - 1))
        panic("cont_frame_pool_init: info frames 0x%lx+%lu are not direct-mapped", first_info,
              info_frames);
    check_no_overlap(base_frame_no, n_frames);
    pool->base_frame_no = base_frame_no;
    pool->n_frames = n_frames;
    pool->info_frame_no = first_info;
    pool->n_info_frames = info_frames;
    lay_out_bitmaps(pool, direct_map_ptr(first_info));
    pool->n_free = n_frames;
    pool->hint = 0;
    pool->name = pool->name ? pool->name : "frame pool";
    if (info_frame_no == 0) {
        bitmap_set_range(&pool->tag, 0, info_frames);
        pool->n_free -= info_frames;
    }
    pool->next = pools;
    pools = pool;
}

/* Claim frames [first, first + n) (pool-relative), which must be free. */
static void claim(struct cont_frame_pool *p, unsigned long first, unsigned long n)
{
    bitmap_set_range(&p->used, first, n);
    bitmap_set(&p->tag, first);
    p->n_free -= n;
}

/* Find the lowest run of n free frames at or after word `w`; returns its
 * pool-relative start, or the pool size when there is none. */
static unsigned long find_run(const struct cont_frame_pool *p, unsigned long w, unsigned long n)
{
    unsigned long run_start = 0, run_len = 0;
    for (; w < n_words(p); w++) {
        bitmap_word_t f = free_bits(p, w);
        unsigned long pos = 0;
        if (f == BITMAP_WORD_NONE) {
            run_len = 0;
            continue;
        }
        while (pos < BITMAP_WORD_BITS) {
            bitmap_word_t x = f >> pos;
            bool is_free = x & bitmap_bit_mask(0);
            unsigned long len = is_free ? bitmap_trailing_ones(x, BITMAP_WORD_BITS - pos)
                                        : bitmap_trailing_zeros(x, BITMAP_WORD_BITS - pos);
            if (is_free) {
                if (run_len == 0)
                    run_start = bitmap_word_first_bit(w) + pos;
                run_len += len;
                if (run_len >= n)
                    return run_start;
            } else {
                run_len = 0;
            }
            pos += len;
        }
    }
    return p->n_frames;
}

unsigned long cont_frame_pool_get_frame(struct cont_frame_pool *pool)
{
    unsigned long w = pool->hint, i;
    bitmap_word_t free;
    if (pool->n_free == 0)
        return 0;
    while ((free = free_bits(pool, w)) == BITMAP_WORD_NONE) /* n_free > 0: a free bit exists */
        w++;
    i = bitmap_word_first_bit(w) + bitmap_lowest_set(free);
    bitmap_set(&pool->used, i);
    bitmap_set(&pool->tag, i);
    pool->n_free--;
    pool->hint = w; /* every word below is full */
    return pool->base_frame_no + i;
}

unsigned long cont_frame_pool_get_frames(struct cont_frame_pool *pool, unsigned long n_frames)
{
    unsigned long w = pool->hint, first;
    if (n_frames == 1)
        return cont_frame_pool_get_frame(pool);
    if (n_frames == 0 || n_frames > pool->n_free)
        return 0;
    while (w < n_words(pool) && free_bits(pool, w) == BITMAP_WORD_NONE)
        w++;
    pool->hint = w; /* every word below w is full */
    first = find_run(pool, w, n_frames);
    if (first >= pool->n_frames)
        return 0;
    claim(pool, first, n_frames);
    return pool->base_frame_no + first;
}

int cont_frame_pool_mark_inaccessible(struct cont_frame_pool *pool, unsigned long base_frame_no,
                                      unsigned long n_frames)
{
    unsigned long first = base_frame_no - pool->base_frame_no;
    if (n_frames == 0)
        return E_INVAL;
    if (base_frame_no < pool->base_frame_no || first >= pool->n_frames ||
        n_frames > pool->n_frames - first)
        return E_RANGE;
    if (bitmap_count_range(&pool->used, first, n_frames) != 0)
        return E_BUSY;
    pool->n_free -= n_frames - bitmap_count_range(&pool->tag, first, n_frames);
    bitmap_set_range(&pool->tag, first, n_frames);
    return E_OK;
}

static struct cont_frame_pool *owner_of(unsigned long frame_no)
{
    for (struct cont_frame_pool *p = pools; p; p = p->next)
        if (frame_no >= p->base_frame_no && frame_no - p->base_frame_no < p->n_frames)
            return p;
    return NULL;
}

/* The length of the allocated (not head) run starting at `i`. */
static unsigned long tail_length(const struct cont_frame_pool *p, unsigned long i)
{
    unsigned long start = i;
    while (i < p->n_frames) {
        unsigned long w = bitmap_word_index(i), b = bitmap_bit_offset(i);
        /* allocated, not head */
        bitmap_word_t inside = (bitmap_word(&p->used, w) & ~bitmap_word(&p->tag, w)) >> b;
        unsigned long run = bitmap_trailing_ones(inside, BITMAP_WORD_BITS - b);
        i += run;
        if (b + run < BITMAP_WORD_BITS)
            break;
    }
    return MIN(i, p->n_frames) - start;
}

int cont_frame_pool_release_frames(unsigned long first_frame_no)
{
    struct cont_frame_pool *p = owner_of(first_frame_no);
    unsigned long first, n;
    if (!p)
        return E_NOPOOL;
    first = first_frame_no - p->base_frame_no;
    if (!bitmap_test(&p->used, first) || !bitmap_test(&p->tag, first))
        return E_NOT_HEAD;
    n = 1 + tail_length(p, first + 1);
    if (n == 1) /* what free_page returns: two bit clears */
        bitmap_clear(&p->used, first);
    else
        bitmap_clear_range(&p->used, first, n);
    bitmap_clear(&p->tag, first);
    p->n_free += n;
    p->hint = MIN(p->hint, bitmap_word_index(first));
    return E_OK;
}

unsigned long cont_frame_pool_free_count(const struct cont_frame_pool *pool)
{
    return pool->n_free;
}

enum frame_state cont_frame_pool_state(const struct cont_frame_pool *pool, unsigned long frame_no)
{
    unsigned long i = frame_no - pool->base_frame_no;
    if (frame_no < pool->base_frame_no || i >= pool->n_frames)
        panic("cont_frame_pool_state: frame 0x%lx is not in pool %s", frame_no, pool->name);
    if (bitmap_test(&pool->used, i))
        return bitmap_test(&pool->tag, i) ? FRAME_HEAD : FRAME_ALLOCATED;
    return bitmap_test(&pool->tag, i) ? FRAME_INACCESSIBLE : FRAME_FREE;
}

void cont_frame_pool_forget(struct cont_frame_pool *pool)
{
    for (struct cont_frame_pool **pp = &pools; *pp; pp = &(*pp)->next)
        if (*pp == pool) {
            *pp = pool->next;
            return;
        }
}

struct cont_frame_pool *cont_frame_pool_first(void) { return pools; }

/* ---- as a frame source (frame_source.h) --------------------------------- */
/* Three one-line callbacks that ask the pool for exactly one frame: all
 * paging sees of it. */

static unsigned long source_get(void *impl) { return cont_frame_pool_get_frame(impl); }

static int source_put(void *impl, unsigned long frame_no)
{
    (void)impl; /* MP2's release_frames finds the owning pool itself */
    return cont_frame_pool_release_frames(frame_no);
}

static unsigned long source_free_count(const void *impl)
{
    return cont_frame_pool_free_count(impl);
}

void frame_source_from_cont_pool(struct frame_source *src, struct cont_frame_pool *pool)
{
    src->name = pool->name;
    src->get = source_get;
    src->put = source_put;
    src->free_count = source_free_count;
    src->impl = pool;
}
