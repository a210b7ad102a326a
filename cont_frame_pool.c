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
 * A frame is free exactly when both bits are clear, so ~(used | tag) is a
 * word of 32 free-frame bits and every scan moves a word at a time:
 * a full word is skipped with one test, an empty one extends a run by
 * 32.  `hint` is the lowest word that can hold a free frame; since
 * allocation is first-fit, it keeps get_frames(1) cheap however full the
 * pool is.  The sequence length is not stored: release walks the
 * allocated frames after the head, which the head's tag bit ends.
 */
#include "cont_frame_pool.h"

#include "mmu.h"
#include "utils.h"

#define WORD_BITS             32ul
#define INFO_BITS_PER_FRAME   2ul
#define FRAMES_PER_INFO_FRAME (PAGE_SIZE * 8 / INFO_BITS_PER_FRAME)
#define ALL_ONES              0xFFFFFFFFu

struct cont_frame_pool kernel_mem_pool, process_mem_pool;
static struct cont_frame_pool *pools;

static inline uint32_t free_bits(const struct cont_frame_pool *p, unsigned long w)
{
    return ~(p->used[w] | p->tag[w]);
}

/* A mask of `count` bits starting at bit `from` of one word. */
static inline uint32_t bit_range(unsigned long from, unsigned long count)
{
    uint32_t m = count >= WORD_BITS ? ALL_ONES : ((1u << count) - 1);
    return m << from;
}

/* Set (value 1) or clear (value 0) bits [first, first + count). */
static void write_bits(uint32_t *words, unsigned long first, unsigned long count, int value)
{
    while (count) {
        unsigned long w = first / WORD_BITS, b = first % WORD_BITS;
        unsigned long n = MIN(count, WORD_BITS - b);
        uint32_t m = bit_range(b, n);
        words[w] = value ? (words[w] | m) : (words[w] & ~m);
        first += n, count -= n;
    }
}

/* How many of bits [first, first + count) are set. */
static unsigned long count_bits(const uint32_t *words, unsigned long first, unsigned long count)
{
    unsigned long total = 0;
    while (count) {
        unsigned long w = first / WORD_BITS, b = first % WORD_BITS;
        unsigned long n = MIN(count, WORD_BITS - b);
        total += (unsigned long)__builtin_popcount(words[w] & bit_range(b, n));
        first += n, count -= n;
    }
    return total;
}

/* The number of trailing one (zero) bits of x, at most `limit`. */
static inline unsigned long trailing_ones(uint32_t x, unsigned long limit)
{
    return (x == ALL_ONES) ? limit : MIN((unsigned long)__builtin_ctz(~x), limit);
}

static inline unsigned long trailing_zeros(uint32_t x, unsigned long limit)
{
    return (x == 0) ? limit : MIN((unsigned long)__builtin_ctz(x), limit);
}

static inline int bit_is_set(const uint32_t *words, unsigned long i)
{
    return (words[i / WORD_BITS] >> (i % WORD_BITS)) & 1u;
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
    pool->words = (n_frames + WORD_BITS - 1) / WORD_BITS;
    pool->used = direct_map_ptr(first_info);
    pool->tag = pool->used + pool->words;
    pool->n_free = n_frames;
    pool->hint = 0;
    pool->name = pool->name ? pool->name : "frame pool";
    memset(pool->used, 0, 2 * pool->words * sizeof(uint32_t));
    /* Bits past the last frame are padding: inaccessible forever. */
    write_bits(pool->tag, n_frames, pool->words * WORD_BITS - n_frames, 1);
    if (info_frame_no == 0) {
        write_bits(pool->tag, 0, info_frames, 1);
        pool->n_free -= info_frames;
    }
    pool->next = pools;
    pools = pool;
}

/* Claim frames [first, first + n) (pool-relative), which must be free. */
static void claim(struct cont_frame_pool *p, unsigned long first, unsigned long n)
{
    write_bits(p->used, first, n, 1);
    write_bits(p->tag, first, 1, 1);
    p->n_free -= n;
}

/* Find the lowest run of n free frames at or after word `w`; returns its
 * pool-relative start, or the pool size when there is none. */
static unsigned long find_run(const struct cont_frame_pool *p, unsigned long w, unsigned long n)
{
    unsigned long run_start = 0, run_len = 0;
    for (; w < p->words; w++) {
        uint32_t f = free_bits(p, w);
        unsigned long pos = 0;
        if (f == 0) {
            run_len = 0;
            continue;
        }
        while (pos < WORD_BITS) {
            uint32_t x = f >> pos;
            unsigned long len =
                (x & 1u) ? trailing_ones(x, WORD_BITS - pos) : trailing_zeros(x, WORD_BITS - pos);
            if (x & 1u) {
                if (run_len == 0)
                    run_start = w * WORD_BITS + pos;
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
    uint32_t *used = pool->used + pool->hint, *tag = pool->tag + pool->hint, free;
    unsigned long bit;
    if (pool->n_free == 0)
        return 0;
    while ((*used | *tag) == ALL_ONES) /* n_free > 0: a free bit exists */
        used++, tag++;
    free = ~(*used | *tag);
    bit = (unsigned long)__builtin_ctz(free);
    *used |= 1u << bit;
    *tag |= 1u << bit;
    pool->n_free--;
    pool->hint = (unsigned long)(used - pool->used); /* every word below is full */
    return pool->base_frame_no + pool->hint * WORD_BITS + bit;
}

unsigned long cont_frame_pool_get_frames(struct cont_frame_pool *pool, unsigned long n_frames)
{
    unsigned long w = pool->hint, first;
    if (n_frames == 1)
        return cont_frame_pool_get_frame(pool);
    if (n_frames == 0 || n_frames > pool->n_free)
        return 0;
    while (w < pool->words && free_bits(pool, w) == 0)
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
    if (count_bits(pool->used, first, n_frames) != 0)
        return E_BUSY;
    pool->n_free -= n_frames - count_bits(pool->tag, first, n_frames);
    write_bits(pool->tag, first, n_frames, 1);
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
        unsigned long w = i / WORD_BITS, b = i % WORD_BITS;
        uint32_t inside = (p->used[w] & ~p->tag[w]) >> b; /* allocated, not head */
        unsigned long run = trailing_ones(inside, WORD_BITS - b);
        i += run;
        if (b + run < WORD_BITS)
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
    if (!bit_is_set(p->used, first) || !bit_is_set(p->tag, first))
        return E_NOT_HEAD;
    n = 1 + tail_length(p, first + 1);
    if (n == 1) { /* what free_page returns: two bit clears */
        p->used[first / WORD_BITS] &= ~(1u << (first % WORD_BITS));
    } else {
        write_bits(p->used, first, n, 0);
    }
    p->tag[first / WORD_BITS] &= ~(1u << (first % WORD_BITS));
    p->n_free += n;
    p->hint = MIN(p->hint, first / WORD_BITS);
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
    if (bit_is_set(pool->used, i))
        return bit_is_set(pool->tag, i) ? FRAME_HEAD : FRAME_ALLOCATED;
    return bit_is_set(pool->tag, i) ? FRAME_INACCESSIBLE : FRAME_FREE;
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
