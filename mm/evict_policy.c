/*
 * evict_policy.c - FIFO, clock, aging and LRU over an array of entries
 * (evict_policy.h).
 *
 * Design.  One entry array serves every kind, so the kernel can switch
 * policies with one word and the model can run all four on the same
 * string.  FIFO and LRU share a doubly linked list threaded through the
 * entries by index (O(1) admit, remove, touch and choose); they differ
 * only in that LRU moves an entry to the end on every touch.  Clock
 * needs no list: it sweeps the entries in index order from a hand,
 * amortized O(1) per choice (each step past a page clears its bit).
 * Aging threads the same prev/next fields into one circular list per
 * counter value, with a 256-bit map of the values whose list is not
 * empty: the victim is the head of the smallest value's list, found by
 * scanning 8 words.  Counters change only at a tick (which must read
 * every accessed bit anyway, O(n)), and a tick rebuilds the lists in
 * hand order, which is the tie rule.
 *
 * The lowest free entry is what the kernel and the model both take for
 * a new page, so which entry a page lands in is the same in both.  A
 * linear scan for it would cost O(n) per fault; instead a four-level
 * bitmap (bit set: free at level 0, "the word below is not zero" above)
 * is descended with one bit scan per level.
 *
 * No kernel headers beyond errors.h, so tests/host builds this file
 * unchanged (host-sources: mm/evict_policy.c).
 */
#include "evict_policy.h"

#include "errors.h"

#define BITS_PER_WORD 32u
#define WORD_SHIFT    5u
#define BIT_MASK      31u

static const char *const kind_names[EVICT_KINDS] = {"fifo", "clock", "aging", "lru"};

const char *evict_kind_name(enum evict_kind kind)
{
    return (unsigned)kind < EVICT_KINDS ? kind_names[kind] : "?";
}

/* ---- the free-entry bitmap ------------------------------------------------ */

/* Entry i is free: set its bit, and the bit above each word that was
 * zero until now. */
static void free_mark(struct evict_policy *p, uint32_t i)
{
    for (uint32_t k = 0; k < EVICT_FREE_LEVELS; k++, i >>= WORD_SHIFT) {
        uint32_t *w = &p->free_bits[k][i >> WORD_SHIFT];
        uint32_t was = *w;
        *w = was | 1u << (i & BIT_MASK);
        if (was)
            return;
    }
}

/* Entry i is used: clear its bit, and the bit above each word that
 * became zero. */
static void free_unmark(struct evict_policy *p, uint32_t i)
{
    for (uint32_t k = 0; k < EVICT_FREE_LEVELS; k++, i >>= WORD_SHIFT) {
        uint32_t *w = &p->free_bits[k][i >> WORD_SHIFT];
        *w &= ~(1u << (i & BIT_MASK));
        if (*w)
            return;
    }
}

/* Point the levels into `words` and mark every entry free. */
static void free_init(struct evict_policy *p, uint32_t *words, uint32_t capacity)
{
    uint32_t n = capacity, total = EVICT_FREE_WORDS(capacity);
    for (uint32_t k = 0; k < EVICT_FREE_LEVELS; k++) {
        n = EVICT_WORDS_(n);
        p->free_bits[k] = words;
        words += k + 1 < EVICT_FREE_LEVELS ? n : 1;
    }
    for (uint32_t w = 0; w < total; w++)
        p->free_bits[0][w] = 0; /* the levels follow each other */
    for (uint32_t i = 0; i < capacity; i++)
        free_mark(p, i);
}

uint32_t evict_free_entry(const struct evict_policy *p)
{
    uint32_t i = 0;
    if (p->used == p->capacity)
        return EVICT_NONE;
    for (uint32_t k = EVICT_FREE_LEVELS; k-- > 0;)
        i = i << WORD_SHIFT | (uint32_t)__builtin_ctz(p->free_bits[k][i]);
    return i;
}

int evict_init(struct evict_policy *p, enum evict_kind kind, struct evict_entry *entries,
               uint32_t *free_words, uint32_t capacity, evict_accessed_fn accessed, void *ctx)
{
    bool needs_bits = kind == EVICT_CLOCK || kind == EVICT_AGING;
    p->capacity = 0;
    p->used = 0;
    p->head = p->tail = EVICT_NONE;
    p->hand = 0;
    for (uint32_t k = 0; k < EVICT_FREE_LEVELS; k++)
        p->free_bits[k] = 0; /* no bitmap until the checks pass */
    if ((unsigned)kind >= EVICT_KINDS || (needs_bits && !accessed) ||
        (capacity && (!entries || !free_words)) || capacity > EVICT_MAX_ENTRIES)
        return E_INVAL;
    p->kind = kind;
    p->e = entries;
    p->accessed = accessed;
    p->ctx = ctx;
    for (uint32_t i = 0; i < capacity; i++)
        entries[i] = (struct evict_entry){EVICT_NONE, EVICT_NONE, 0, false, false};
    for (uint32_t b = 0; b < EVICT_AGES; b++)
        p->age_head[b] = EVICT_NONE;
    for (uint32_t w = 0; w < EVICT_AGES / BITS_PER_WORD; w++)
        p->age_nonempty[w] = 0;
    if (capacity)
        free_init(p, free_words, capacity);
    p->capacity = capacity;
    return E_OK;
}

/* ---- the list (fifo, lru) ------------------------------------------------ */

static void list_append(struct evict_policy *p, uint32_t i)
{
    p->e[i].prev = p->tail;
    p->e[i].next = EVICT_NONE;
    if (p->tail != EVICT_NONE)
        p->e[p->tail].next = i;
    else
        p->head = i;
    p->tail = i;
}

static void list_unlink(struct evict_policy *p, uint32_t i)
{
    uint32_t prev = p->e[i].prev, next = p->e[i].next;
    if (prev != EVICT_NONE)
        p->e[prev].next = next;
    else
        p->head = next;
    if (next != EVICT_NONE)
        p->e[next].prev = prev;
    else
        p->tail = prev;
    p->e[i].prev = p->e[i].next = EVICT_NONE;
}

static bool uses_list(const struct evict_policy *p)
{
    return p->kind == EVICT_FIFO || p->kind == EVICT_LRU;
}

/* ---- aging's lists, one per counter value (circular) --------------------- */

/* Put used entry i last in the list of its counter. */
static void age_append(struct evict_policy *p, uint32_t i)
{
    uint32_t age = p->e[i].age, head = p->age_head[age];
    if (head == EVICT_NONE) {
        p->e[i].prev = p->e[i].next = i;
        p->age_head[age] = i;
        p->age_nonempty[age >> WORD_SHIFT] |= 1u << (age & BIT_MASK);
        return;
    }
    p->e[i].prev = p->e[head].prev;
    p->e[i].next = head;
    p->e[p->e[head].prev].next = i;
    p->e[head].prev = i;
}

/* Take entry i out of the list of its counter. */
static void age_unlink(struct evict_policy *p, uint32_t i)
{
    uint32_t age = p->e[i].age, prev = p->e[i].prev, next = p->e[i].next;
    if (next == i) {
        p->age_head[age] = EVICT_NONE;
        p->age_nonempty[age >> WORD_SHIFT] &= ~(1u << (age & BIT_MASK));
    } else {
        p->e[prev].next = next;
        p->e[next].prev = prev;
        if (p->age_head[age] == i)
            p->age_head[age] = next;
    }
    p->e[i].prev = p->e[i].next = EVICT_NONE;
}

/* ---- admitting and removing --------------------------------------------- */

int evict_admit(struct evict_policy *p, uint32_t i)
{
    if (i >= p->capacity)
        return E_RANGE;
    if (p->e[i].used)
        return E_BUSY;
    p->e[i].used = true;
    p->e[i].age = EVICT_AGE_NEW;
    p->e[i].fresh = true;
    p->used++;
    free_unmark(p, i);
    if (uses_list(p))
        list_append(p, i);
    else if (p->kind == EVICT_AGING)
        age_append(p, i);
    return E_OK;
}

int evict_remove(struct evict_policy *p, uint32_t i)
{
    if (i >= p->capacity)
        return E_RANGE;
    if (!p->e[i].used)
        return E_NOT_ALLOCATED;
    if (uses_list(p))
        list_unlink(p, i);
    else if (p->kind == EVICT_AGING)
        age_unlink(p, i);
    p->e[i].used = false;
    p->e[i].fresh = false;
    p->e[i].age = 0;
    p->used--;
    free_mark(p, i);
    return E_OK;
}

void evict_touch(struct evict_policy *p, uint32_t i)
{
    if (p->kind != EVICT_LRU || i >= p->capacity || !p->e[i].used || p->tail == i)
        return;
    list_unlink(p, i);
    list_append(p, i);
}

/* ---- choosing ---------------------------------------------------------------- */

/* The entry after i, wrapping. */
static uint32_t after(const struct evict_policy *p, uint32_t i)
{
    return i + 1 == p->capacity ? 0 : i + 1;
}

/* Second chance: at most two sweeps, since the first clears every bit.
 * The loop keeps the hand and the fields it needs in locals: the
 * callback could change *p as far as the compiler knows, so reading them
 * through p would reload them after every call. */
static uint32_t clock_choose(struct evict_policy *p)
{
    const struct evict_entry *e = p->e;
    evict_accessed_fn accessed = p->accessed;
    void *ctx = p->ctx;
    uint32_t i = p->hand, n = p->capacity;
    for (;; i = 0) {
        for (; i < n; i++) {
            if (e[i].used && !accessed(ctx, i)) {
                p->hand = i + 1 == n ? 0 : i + 1;
                return i;
            }
        }
    }
}

/* The head of the smallest counter's list; the hand then points just
 * past it, where the next tick starts. */
static uint32_t aging_choose(struct evict_policy *p)
{
    for (uint32_t w = 0; w < EVICT_AGES / BITS_PER_WORD; w++) {
        if (p->age_nonempty[w]) {
            uint32_t age = w << WORD_SHIFT | (uint32_t)__builtin_ctz(p->age_nonempty[w]);
            uint32_t victim = p->age_head[age];
            p->hand = after(p, victim);
            return victim;
        }
    }
    return EVICT_NONE; /* not reached: used > 0 means some list has an entry */
}

uint32_t evict_choose(struct evict_policy *p)
{
    if (p->used == 0)
        return EVICT_NONE;
    switch (p->kind) {
    case EVICT_CLOCK:
        return clock_choose(p);
    case EVICT_AGING:
        return aging_choose(p);
    default:
        return p->head; /* fifo: loaded first; lru: used longest ago */
    }
}

/* One used entry's share of a tick: fold its bit into its counter and
 * list it again (its old list links are dropped with all the others). */
static void tick_entry(struct evict_policy *p, uint32_t i)
{
    struct evict_entry *e = &p->e[i];
    bool accessed = p->accessed(p->ctx, i); /* read and cleared either way */
    if (e->fresh)
        e->fresh = false; /* its bit is the load's, already in EVICT_AGE_NEW */
    else
        e->age = (uint8_t)((e->age >> 1) | (accessed ? EVICT_AGE_TOP : 0u));
    age_append(p, i);
}

void evict_tick(struct evict_policy *p)
{
    if (p->kind != EVICT_AGING || p->used == 0)
        return;
    for (uint32_t b = 0; b < EVICT_AGES; b++)
        p->age_head[b] = EVICT_NONE;
    for (uint32_t w = 0; w < EVICT_AGES / BITS_PER_WORD; w++)
        p->age_nonempty[w] = 0;
    for (uint32_t k = 0, i = p->hand; k < p->capacity; k++, i = after(p, i))
        if (p->e[i].used)
            tick_entry(p, i);
}
