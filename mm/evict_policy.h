/*
 * evict_policy.h - page-replacement policies: which resident page to
 * evict when a frame is needed.  FIFO, clock (second chance), aging and,
 * for the reference model only, true LRU.
 *
 *   struct evict_entry entries[N];
 *   uint32_t free_words[EVICT_FREE_WORDS(N)];
 *   struct evict_policy p;
 *   evict_init(&p, EVICT_CLOCK, entries, free_words, N, read_and_clear_accessed, ctx);
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
 * allocates nothing (the caller passes the entry array and the words of
 * the free-entry bitmap) and prints nothing.
 *
 * No call but evict_init and evict_tick grows with the capacity (the
 * kernel's target: a victim in <= 100 instructions on average with
 * 10,000 frames): the lowest free entry is found by descending a
 * four-level bitmap, aging keeps its entries in one list per counter
 * value, and clock's sweep steps past one page per accessed bit it
 * clears, so its cost follows the pages used between evictions.
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
 *          counter goes, an LRU approximation with 8 ticks of memory.
 *          A page loaded since the last tick reads EVICT_AGE_NEW (used
 *          in this tick); the tick that ends its first tick leaves the
 *          counter as it is and only clears the accessed bit, which its
 *          loading access set, so that access counts once, not twice.
 *          Ties: among equal counters, the entries in hand order as of
 *          the last tick (from the hand, which stops just past each
 *          victim, wrapping), then the pages loaded since that tick, in
 *          load order.  (Each tick lists the entries of every counter
 *          value in that order, and evict_admit appends to the list.)
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
#define EVICT_AGES    256u       /* counter values: aging keeps one list for each */

/* The free-entry bitmap: level 0 has a bit per entry (set: free), each
 * level above a bit per word of the one below (set: that word is not
 * zero); the top level is one word.  Four levels of 32 cover
 * EVICT_MAX_ENTRIES. */
#define EVICT_FREE_LEVELS 4u
#define EVICT_MAX_ENTRIES (1u << 20) /* 4 GB of 4 KB frames: every i686 frame */
#define EVICT_WORDS_(n)   (((n) + 31u) / 32u)
/* The words of free-entry bitmap that evict_init needs for `capacity`
 * entries (a constant expression when capacity is one). */
#define EVICT_FREE_WORDS(capacity)                                                                 \
    (EVICT_WORDS_(capacity) + EVICT_WORDS_(EVICT_WORDS_(capacity)) +                               \
     EVICT_WORDS_(EVICT_WORDS_(EVICT_WORDS_(capacity))) + 1u)

enum evict_kind { EVICT_FIFO, EVICT_CLOCK, EVICT_AGING, EVICT_LRU, EVICT_KINDS };

struct evict_entry {
    uint32_t prev, next; /* fifo: load order; lru: use order; EVICT_NONE at the ends;
                            aging: the circular list of its counter value */
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
    uint32_t hand;       /* clock: where the next search starts; aging: the next tick */
    evict_accessed_fn accessed;
    void *ctx;
    uint32_t *free_bits[EVICT_FREE_LEVELS]; /* the free-entry bitmap, level 0 first */
    uint32_t age_head[EVICT_AGES];          /* aging: each value's list, EVICT_NONE: empty */
    uint32_t age_nonempty[EVICT_AGES / 32]; /* aging: a bit per value whose list has entries */
};

/* Set up `p` over `capacity` entries, all free.  The caller owns two
 * arrays of any content, which p uses until the caller drops p:
 * `entries` (capacity of them) and `free_words` (EVICT_FREE_WORDS(
 * capacity) words, the free-entry bitmap).  `accessed` may be NULL for
 * fifo and lru, which never ask.  O(capacity).  A kind out of range, a
 * missing callback for clock or aging, a missing array or a capacity
 * above EVICT_MAX_ENTRIES is the caller's bug: returns E_INVAL and leaves
 * p unusable (capacity 0). */
int evict_init(struct evict_policy *p, enum evict_kind kind, struct evict_entry *entries,
               uint32_t *free_words, uint32_t capacity, evict_accessed_fn accessed, void *ctx);

/* The lowest free entry, or EVICT_NONE when all are used.  O(1): four
 * bit scans down the free-entry bitmap. */
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
 * the victim (amortized O(1): each step past a page clears its bit);
 * aging takes the first entry of the smallest counter's list (O(1):
 * a scan of 8 words) and leaves its hand just past it too, where the
 * next tick starts listing entries. */
uint32_t evict_choose(struct evict_policy *p);

/* A timer tick: aging shifts every used entry's counter right by one and
 * puts the page's accessed bit (read and cleared) in its top bit; an
 * entry admitted since the last tick keeps EVICT_AGE_NEW (its bit is
 * cleared).  It lists every entry again under its new counter, in hand
 * order (the tie rule).  O(capacity), as reading every bit must be.
 * The other kinds do nothing. */
void evict_tick(struct evict_policy *p);

/* "fifo", "clock", "aging", "lru" (the evict= word), "?" out of range. */
const char *evict_kind_name(enum evict_kind kind);

#endif
