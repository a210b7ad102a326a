/*
 * fixtures.c - the setup several kernel test files share (fixtures.h):
 * a VM pool in the loaded address space, a fresh address space, the
 * frame source drained and refilled, and a page's words filled, counted and compared.
 */
#include "fixtures.h"

#include "cont_frame_pool.h"
#include "frame_source.h"
#include "ktest.h"
#include "mmu.h"
#include "page_table.h"
#include "vm_pool.h"
#include "vm_pool_registry.h"

#define WORDS (PAGE_SIZE / sizeof(uint32_t))

static unsigned long held[FIXTURE_MAX_HELD];

struct vm_pool *fixture_pool_init(struct vm_pool *p, unsigned long base, unsigned long size,
                                  const char *name)
{
    vm_pool_init(p, base, size, &process_mem_pool, current_page_table);
    vm_pool_set_name(p, name);
    return p;
}

void fixture_pool_teardown(struct vm_pool *p)
{
    KASSERT(p->page_table == current_page_table);
    vm_pool_unregister(current_page_table, p);
    page_table_free_range(current_page_table, p->base, p->base + p->size);
}

void fixture_space_enter(struct page_table *pt)
{
    page_table_init(pt);
    page_table_load(pt);
}

void fixture_space_leave(struct page_table *pt)
{
    page_table_load(&kernel_page_table);
    page_table_destroy(pt);
}

unsigned long fixture_hold_every_frame(void)
{
    struct frame_source *src = page_table_frames();
    unsigned long n = 0, f;
    while (n < FIXTURE_MAX_HELD && (f = src->get(src->impl)) != 0)
        held[n++] = f;
    KASSERT(page_table_free_frames() == 0);
    return n;
}

unsigned long fixture_held_frame(unsigned long i)
{
    KASSERT(i < FIXTURE_MAX_HELD);
    return held[i];
}

void fixture_give_back(unsigned long n)
{
    struct frame_source *src = page_table_frames();
    while (n)
        KEXPECT_EQ(src->put(src->impl, held[--n]), E_OK);
}

void fixture_fill_page(unsigned long va, uint32_t v)
{
    fill_words((void *)(uintptr_t)va, v, WORDS);
}

unsigned long fixture_nonzero_words(unsigned long va)
{
    const volatile uint32_t *w = (const volatile uint32_t *)(uintptr_t)va;
    unsigned long n = 0;
    for (unsigned long i = 0; i < WORDS; i++)
        n += w[i] != 0;
    return n;
}

bool fixture_page_holds(unsigned long va, uint32_t v)
{
    const volatile uint32_t *w = (const volatile uint32_t *)(uintptr_t)va;
    for (unsigned long i = 0; i < WORDS; i++)
        if (w[i] != v)
            return false;
    return true;
}

void fixture_touch(unsigned long va) { *(volatile uint32_t *)(uintptr_t)va = FIXTURE_FILL_WORD; }

uint32_t fixture_peek(unsigned long va) { return *(volatile uint32_t *)(uintptr_t)va; }
