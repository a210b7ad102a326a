/*
 * evict_policy.h - page-replacement policies: which resident page to
 * evict when a frame is needed.  FIFO, clock (second chance), aging and,
 * for the reference model only, true LRU.
 *
 *   struct evict_entry entries[N];
 *   struct evict_policy p;
 *   evict_init(&p, EVICT_CLOCK, entries, N, read_and_clear_accessed, ctx);
 *   i = evict_free_entry(&p);                  room left?  use entry i
 *   if (i == EVICT_NONE) {                     no: pick a victim
 *       i = evict_choose(&p);  ...write it out...  evict_remove(&p, i);
 *   }
 *   evict_admit(&p, i);                        the new page lives in entry i
 *
 * Why a module of its own, with no kernel in it: the same C code runs
 * in the kernel and in the host reference model (tests/host/
 * evict_policy_test.c), so "the kernel's fault count after every access
 * equals the model's" compares one algorithm with itself under two
 * drivers, and any difference is the kernel's plumbing, not the policy.
 * The module includes only <stdint.h>, <stdbool.h> and errors.h; it
 * allocates nothing (the caller passes the entry array) and prints
 * nothing.
 *
 * An entry is a place a page can live (the kernel: one frame of the
 * pageable budget).  The policy never sees addresses or PTEs: what it
 * needs of the hardware, the accessed bit, it asks for through a
 * callback that reads and clears it (the kernel: PTE_ACCESSED through
 * the reverse map, with a TLB flush; the model: a flag the simulated
 * access set).
 *
 *   fifo   evict the page loaded longest ago (a list in load order)
 *   clock  a hand sweeps the entries in index order; a page whose
 *          accessed bit is set gets a second chance (bit cleared, hand
 *          moves on); the first page found with the bit clear goes
 *   aging  an 8-bit counter per entry; each evict_tick shifts it right
 *          and puts the accessed bit in the top bit; the smallest
 *          counter goes (ties: the first from the hand), an LRU
 *          approximation with 8 ticks of memory.  A page loaded since
 *          the last tick reads EVICT_AGE_NEW (used in this tick); the
 *          tick that ends its first tick leaves the counter as it is and
 *          only clears the accessed bit, which its loading access set,
 *          so that access counts once, not twice
 *   lru    evict the page used longest ago; needs every access
 *          (evict_touch), which hardware does not report, so only the
 *          model uses it
 */
#ifndef SELFMAP_EVICT_POLICY_H
#define SELFMAP_EVICT_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#define EVICT_NONE    UINT32_MAX /* "no entry" */
#define EVICT_AGE_NEW 0x80u      /* a newly loaded page's counter: used in this tick */
#define EVICT_AGE_TOP 0x80u      /* where a tick puts the accessed bit */

enum evict_kind { EVICT_FIFO, EVICT_CLOCK, EVICT_AGING, EVICT_LRU, EVICT_KINDS };

struct evict_entry {
    uint32_t prev, next; /* fifo: load order; lru: use order; EVICT_NONE at the ends */
    uint8_t age;         /* aging: the counter */
    bool used;           /* holds a page */
    bool fresh;          /* aging: loaded since the last tick */
};

/* Read and clear the accessed bit of the page in entry `entry`. */
typedef bool (*evict_accessed_fn)(void *ctx, uint32_t entry);

struct evict_policy {
    enum evict_kind kind;
    struct evict_entry *e;
    uint32_t capacity, used;
    uint32_t head, tail; /* fifo, lru: the oldest and newest entry */
    uint32_t hand;       /* clock, aging: where the next search starts */
    evict_accessed_fn accessed;
    void *ctx;
};

/* Set up `p` over `capacity` entries (the caller's array, any content),
 * all free.  `accessed` may be NULL for fifo and lru, which never ask.
 * A kind out of range or a missing callback for clock or aging is the
 * caller's bug: returns E_INVAL and leaves p unusable (capacity 0). */
int evict_init(struct evict_policy *p, enum evict_kind kind, struct evict_entry *entries,
               uint32_t capacity, evict_accessed_fn accessed, void *ctx);

/* The lowest free entry, or EVICT_NONE when all are used. */
uint32_t evict_free_entry(const struct evict_policy *p);

/* A page now lives in free entry i: fifo and lru put it last in their
 * list, aging starts its counter at EVICT_AGE_NEW.  Returns E_OK;
 * E_RANGE for i >= capacity; E_BUSY when entry i is used. */
int evict_admit(struct evict_policy *p, uint32_t i);

/* The page in entry i is gone (evicted or released): the entry is free.
 * Returns E_OK; E_RANGE; E_NOT_ALLOCATED when it is free already. */
int evict_remove(struct evict_policy *p, uint32_t i);

/* The page in used entry i was accessed: lru moves it last; the others
 * ignore it (they learn of accesses from the accessed bit).  A free or
 * out-of-range entry is ignored. */
void evict_touch(struct evict_policy *p, uint32_t i);

/* The entry whose page should go next, or EVICT_NONE when no entry is
 * used.  The entry stays used until evict_remove.  Clock clears the
 * accessed bit of every page it passes and leaves its hand just past
 * the victim; aging leaves its hand there too. */
uint32_t evict_choose(struct evict_policy *p);

/* A timer tick: aging shifts every used entry's counter right by one and
 * puts the page's accessed bit (read and cleared) in its top bit; an
 * entry admitted since the last tick keeps EVICT_AGE_NEW (its bit is
 * cleared).  The other kinds do nothing. */
void evict_tick(struct evict_policy *p);

/* "fifo", "clock", "aging", "lru" (the evict= word), "?" out of range. */
const char *evict_kind_name(enum evict_kind kind);

#endif
