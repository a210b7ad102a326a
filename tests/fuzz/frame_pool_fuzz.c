/*
 * frame_pool_fuzz.c - libFuzzer target: cont_frame_pool.c against a
 * reference model that keeps one state byte per frame.
 * fuzz-sources: cont_frame_pool.c lib/bitmap.c
 *
 * Why a byte per frame: the pool packs two bits per frame into word-wide
 * bitmaps and scans them a word at a time, with a hint; the model does
 * the obvious thing one frame at a time, so a disagreement points at the
 * clever code.  Each input sets up one or two pools (bitmaps inside the
 * pool or separate, the second right after the first or with a gap, so
 * release must find the right owner) and then runs operations decoded
 * from the bytes: allocations of every size including 0 and more than
 * is free, releases of heads and of arbitrary frame numbers, marking
 * ranges inaccessible (including ranges that overflow), state queries,
 * and initialising a pool that overlaps, which must panic and change
 * nothing.  After every operation the free counts must match; every
 * STATE_CHECK_EVERY operations, and at the end, every frame's state.
 */
#include <stdint.h>
#include <string.h>

#include "cont_frame_pool.h"
#include "errors.h"
#include "fuzz.h"
#include "mmu.h"

#define MAX_FRAMES        1100ul /* per pool: 35 bitmap words, the last one part padding */
#define MAX_OPS           512
#define STATE_CHECK_EVERY 64
#define SMALL_RUN         40u
#define OWN_INFO_BASE     16ul       /* a pool holding its own bitmaps: direct-mapped frames */
#define FAR_BASE          0x100000ul /* a pool with separate bitmaps: frames never touched */
#define INFO_FIRST        1000ul     /* separate bitmaps live in these fake frames */
#define INFO_SECOND       1010ul
#define INFO_OVERLAP      1020ul
#define MAX_GAP           3u
#define BIT_OWN_INFO      1u
#define BIT_SECOND_POOL   2u
#define FLAG_BITS         2u

/* The model's states use the pool's numbering (enum frame_state). */
struct model {
    struct cont_frame_pool pool;
    unsigned long base, n, free;
    uint8_t st[MAX_FRAMES];
    unsigned long len[MAX_FRAMES]; /* the sequence length, at heads */
};

static struct model pools[2];
static unsigned n_pools;

struct init_args {
    struct cont_frame_pool *pool;
    unsigned long base, n, info;
};

static void call_init(void *arg)
{
    const struct init_args *a = arg;
    cont_frame_pool_init(a->pool, a->base, a->n, a->info);
}

static void add_pool(unsigned long base, unsigned long n, unsigned long info)
{
    struct model *m = &pools[n_pools++];
    memset(m, 0, sizeof(*m));
    cont_frame_pool_init(&m->pool, base, n, info);
    m->base = base;
    m->n = n;
    m->free = n;
    if (info == 0) {
        unsigned long own = cont_frame_pool_needed_info_frames(n);
        memset(m->st, FRAME_INACCESSIBLE, own);
        m->free -= own;
    }
}

/* One or two pools from the first bytes; false when the (expected)
 * panic of a too-small pool ended the input. */
static bool setup(struct fuzz_input *in)
{
    unsigned flags = fuzz_u8(in);
    unsigned long n = 1 + fuzz_u16(in) % MAX_FRAMES;
    bool own = flags & BIT_OWN_INFO;
    n_pools = 0;
    if (own && cont_frame_pool_needed_info_frames(n) >= n) {
        struct cont_frame_pool p;
        struct init_args a = {&p, OWN_INFO_BASE, n, 0};
        memset(&p, 0, sizeof(p));
        FUZZ_CHECK(fuzz_panics(call_init, &a));
        FUZZ_CHECK(cont_frame_pool_first() == NULL);
        return false;
    }
    add_pool(own ? OWN_INFO_BASE : FAR_BASE, n, own ? 0 : INFO_FIRST);
    if (flags & BIT_SECOND_POOL)
        add_pool(pools[0].base + n + (flags >> FLAG_BITS) % MAX_GAP, 1 + fuzz_u16(in) % MAX_FRAMES,
                 INFO_SECOND);
    return true;
}

static struct model *pick(struct fuzz_input *in) { return &pools[fuzz_u8(in) % n_pools]; }

/* The model's first fit: the lowest run of n free frames, or 0. */
static unsigned long model_first_fit(const struct model *m, unsigned long n)
{
    unsigned long run = 0;
    if (n == 0)
        return 0;
    for (unsigned long i = 0; i < m->n; i++) {
        run = m->st[i] == FRAME_FREE ? run + 1 : 0;
        if (run == n)
            return m->base + i + 1 - n;
    }
    return 0;
}

static void op_get(struct fuzz_input *in)
{
    struct model *m = pick(in);
    unsigned how = fuzz_u8(in) % 4;
    unsigned long n = how == 0   ? 0
                      : how == 1 ? 1
                      : how == 2 ? 1 + fuzz_u8(in) % SMALL_RUN
                                 : 1 + fuzz_u16(in) % (m->n + 2);
    unsigned long want = model_first_fit(m, n), got = cont_frame_pool_get_frames(&m->pool, n);
    FUZZ_CHECK(got == want);
    if (got) {
        unsigned long i = got - m->base;
        memset(m->st + i, FRAME_ALLOCATED, n);
        m->st[i] = FRAME_HEAD;
        m->len[i] = n;
        m->free -= n;
    }
}

static struct model *owner(unsigned long frame)
{
    for (unsigned i = 0; i < n_pools; i++)
        if (frame >= pools[i].base && frame - pools[i].base < pools[i].n)
            return &pools[i];
    return NULL;
}

static void release(unsigned long frame)
{
    struct model *m = owner(frame);
    int rc = cont_frame_pool_release_frames(frame);
    if (!m) {
        FUZZ_CHECK(rc == E_NOPOOL);
        return;
    }
    if (m->st[frame - m->base] != FRAME_HEAD) {
        FUZZ_CHECK(rc == E_NOT_HEAD);
        return;
    }
    FUZZ_CHECK(rc == E_OK);
    memset(m->st + (frame - m->base), FRAME_FREE, m->len[frame - m->base]);
    m->free += m->len[frame - m->base];
}

/* Release the k-th head of a pool, if it has any. */
static void op_release_head(struct fuzz_input *in)
{
    struct model *m = pick(in);
    unsigned long heads = 0, k;
    for (unsigned long i = 0; i < m->n; i++)
        heads += m->st[i] == FRAME_HEAD;
    if (!heads)
        return;
    k = fuzz_u16(in) % heads;
    for (unsigned long i = 0; i < m->n; i++)
        if (m->st[i] == FRAME_HEAD && k-- == 0) {
            release(m->base + i);
            return;
        }
}

/* Release a frame number near a pool, or anywhere. */
static void op_release_any(struct fuzz_input *in)
{
    const struct model *m = pick(in);
    switch (fuzz_u8(in) % 3) {
    case 0:
        release(m->base + fuzz_u16(in) % (m->n + 4) - 2);
        break;
    case 1:
        release(fuzz_u32(in));
        break;
    default:
        release(m->base + m->n + fuzz_u8(in));
    }
}

static int model_mark(struct model *m, unsigned long base, unsigned long n)
{
    unsigned long first = base - m->base;
    if (n == 0)
        return E_INVAL;
    if (base < m->base || first >= m->n || n > m->n - first)
        return E_RANGE;
    for (unsigned long i = first; i < first + n; i++)
        if (m->st[i] == FRAME_ALLOCATED || m->st[i] == FRAME_HEAD)
            return E_BUSY;
    for (unsigned long i = first; i < first + n; i++) {
        m->free -= m->st[i] == FRAME_FREE;
        m->st[i] = FRAME_INACCESSIBLE;
    }
    return E_OK;
}

static void op_mark(struct fuzz_input *in)
{
    struct model *m = pick(in);
    unsigned long base = m->base + (unsigned long)(long)(int16_t)fuzz_u16(in);
    unsigned how = fuzz_u8(in) % 4;
    unsigned long n = how == 0   ? 0
                      : how == 1 ? 1 + fuzz_u8(in) % 8
                      : how == 2 ? fuzz_u16(in)
                                 : ~0ul - fuzz_u8(in);
    int rc = cont_frame_pool_mark_inaccessible(&m->pool, base, n);
    FUZZ_CHECK(rc == model_mark(m, base, n));
}

struct state_args {
    const struct cont_frame_pool *pool;
    unsigned long frame;
};

static void call_state(void *arg)
{
    const struct state_args *a = arg;
    cont_frame_pool_state(a->pool, a->frame);
}

/* A frame's state; a frame past the pool must panic. */
static void op_state(struct fuzz_input *in)
{
    const struct model *m = pick(in);
    unsigned long i = fuzz_u16(in) % (m->n + 2);
    if (i < m->n) {
        FUZZ_CHECK(cont_frame_pool_state(&m->pool, m->base + i) == m->st[i]);
    } else {
        struct state_args a = {&m->pool, m->base + i};
        FUZZ_CHECK(fuzz_panics(call_state, &a));
    }
}

/* A pool over frames another pool owns must panic and change nothing. */
static void op_overlapping_init(struct fuzz_input *in)
{
    const struct model *m = pick(in);
    struct cont_frame_pool p;
    struct init_args a = {&p, m->base + fuzz_u16(in) % m->n, 1 + fuzz_u8(in), INFO_OVERLAP};
    const struct cont_frame_pool *first = cont_frame_pool_first();
    memset(&p, 0, sizeof(p));
    FUZZ_CHECK(fuzz_panics(call_init, &a));
    FUZZ_CHECK(cont_frame_pool_first() == first);
}

static void check_states(void)
{
    for (unsigned i = 0; i < n_pools; i++)
        for (unsigned long f = 0; f < pools[i].n; f++)
            FUZZ_CHECK(cont_frame_pool_state(&pools[i].pool, pools[i].base + f) == pools[i].st[f]);
}

static void run_ops(struct fuzz_input *in)
{
    static void (*const ops[])(struct fuzz_input *) = {
        op_get, op_get, op_release_head, op_release_any, op_mark, op_state, op_overlapping_init,
    };
    for (int k = 0; k < MAX_OPS && fuzz_more(in); k++) {
        ops[fuzz_u8(in) % (sizeof(ops) / sizeof(ops[0]))](in);
        for (unsigned i = 0; i < n_pools; i++)
            FUZZ_CHECK(cont_frame_pool_free_count(&pools[i].pool) == pools[i].free);
        if (k % STATE_CHECK_EVERY == 0)
            check_states();
    }
    check_states();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_input in = {data, size};
    if (setup(&in))
        run_ops(&in);
    for (unsigned i = 0; i < n_pools; i++)
        cont_frame_pool_forget(&pools[i].pool);
    FUZZ_CHECK(cont_frame_pool_first() == NULL);
    return 0;
}
