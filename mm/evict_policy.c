/*
 * evict_policy.c - FIFO, clock, aging and LRU over an array of entries
 * (evict_policy.h).
 *
 * Design.  One entry array serves every kind, so the kernel can switch
 * policies with one word and the model can run all four on the same
 * string.  FIFO and LRU share a doubly linked list threaded through the
 * entries by index (O(1) admit, remove, touch and choose); they differ
 * only in that LRU moves an entry to the end on every touch.  Clock and
 * aging need no list: they sweep the entries in index order from a hand.
 * Clock is amortized O(1) per choice (each pass clears the bits it
 * skips); aging's choice scans every used entry for the smallest
 * counter, O(n), which the model does not mind; a bucketed version for
 * the kernel's 10,000-frame target is later work (docs/09-swap.md).
 *
 * No kernel headers beyond errors.h, so tests/host builds this file
 * unchanged (host-sources: mm/evict_policy.c).
 */
#include "evict_policy.h"

#include "errors.h"

static const char *const kind_names[EVICT_KINDS] = {"fifo", "clock", "aging", "lru"};

const char *evict_kind_name(enum evict_kind kind)
{
    return (unsigned)kind < EVICT_KINDS ? kind_names[kind] : "?";
}

int evict_init(struct evict_policy *p, enum evict_kind kind, struct evict_entry *entries,
               uint32_t capacity, evict_accessed_fn accessed, void *ctx)
{
    bool needs_bits = kind == EVICT_CLOCK || kind == EVICT_AGING;
    p->capacity = 0;
    p->used = 0;
    p->head = p->tail = EVICT_NONE;
    p->hand = 0;
    if ((unsigned)kind >= EVICT_KINDS || (needs_bits && !accessed) || (capacity && !entries))
        return E_INVAL;
    p->kind = kind;
    p->e = entries;
    p->accessed = accessed;
    p->ctx = ctx;
    for (uint32_t i = 0; i < capacity; i++)
        entries[i] = (struct evict_entry){EVICT_NONE, EVICT_NONE, 0, false, false};
    p->capacity = capacity;
    return E_OK;
}

uint32_t evict_free_entry(const struct evict_policy *p)
{
    if (p->used == p->capacity)
        return EVICT_NONE;
    for (uint32_t i = 0; i < p->capacity; i++)
        if (!p->e[i].used)
            return i;
    return EVICT_NONE;
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
    if (uses_list(p))
        list_append(p, i);
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
    p->e[i].used = false;
    p->e[i].fresh = false;
    p->e[i].age = 0;
    p->used--;
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

/* The hand's entry, and the hand one step on (wrapping). */
static uint32_t hand_step(struct evict_policy *p)
{
    uint32_t i = p->hand;
    p->hand = i + 1 == p->capacity ? 0 : i + 1;
    return i;
}

/* Second chance: at most two sweeps, since the first clears every bit. */
static uint32_t clock_choose(struct evict_policy *p)
{
    for (;;) {
        uint32_t i = hand_step(p);
        if (p->e[i].used && !p->accessed(p->ctx, i))
            return i;
    }
}

/* The used entry with the smallest counter, the first from the hand
 * among equals; the hand then points just past it. */
static uint32_t aging_choose(struct evict_policy *p)
{
    uint32_t best = EVICT_NONE;
    for (uint32_t k = 0, i = p->hand; k < p->capacity; k++, i = i + 1 == p->capacity ? 0 : i + 1)
        if (p->e[i].used && (best == EVICT_NONE || p->e[i].age < p->e[best].age))
            best = i;
    p->hand = best + 1 == p->capacity ? 0 : best + 1;
    return best;
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

void evict_tick(struct evict_policy *p)
{
    if (p->kind != EVICT_AGING)
        return;
    for (uint32_t i = 0; i < p->capacity; i++) {
        struct evict_entry *e = &p->e[i];
        bool accessed;
        if (!e->used)
            continue;
        accessed = p->accessed(p->ctx, i); /* read and cleared either way */
        if (e->fresh)
            e->fresh = false; /* its bit is the load's, already in EVICT_AGE_NEW */
        else
            e->age = (uint8_t)((e->age >> 1) | (accessed ? EVICT_AGE_TOP : 0u));
    }
}
