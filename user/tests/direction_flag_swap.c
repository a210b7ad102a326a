// direction_flag_swap.c - swap-out and swap-in entered with EFLAGS.DF
// set.  Under a budget of 16 pageable frames the program touches 64 heap
// pages, each first touch a store made with DF set (each new page
// evicts an old one to the disk), then reads one word of every page with
// DF set (most are swapped in), and finally checks every word of every
// page: exactly what it wrote, zeros elsewhere.  The runner checks that
// every frame and swap slot comes back.
// swap: 4M
// boot: user_frames=16
#include "direction_flag.h"
#include "utest.h"

#define WORDS (PAGE_SIZE / 4)
#define PAGES 64

static unsigned value(int pg) { return 0xD1F00000u + (unsigned)pg; }

int main(void)
{
    unsigned long brk = (unsigned long)sbrk(0);
    unsigned *heap, wrong_loads = 0, wrong_words = 0;
    utest_name = "direction_flag_swap";
    sbrk((int)((PAGE_SIZE - brk % PAGE_SIZE) % PAGE_SIZE));
    heap = (unsigned *)sbrk(PAGES * PAGE_SIZE);
    CHECK(heap != (unsigned *)-1);
    for (int pg = 0; pg < PAGES; pg++)
        store_with_df(&heap[pg * WORDS + pg % WORDS], value(pg));
    for (int pg = 0; pg < PAGES; pg++)
        wrong_loads += load_with_df(&heap[pg * WORDS + pg % WORDS]) != value(pg);
    for (int i = 0; i < PAGES * WORDS; i++) {
        int pg = i / WORDS;
        wrong_words += heap[i] != (i % WORDS == pg % WORDS ? value(pg) : 0u);
    }
    if (wrong_loads || wrong_words)
        printf("direction_flag_swap: %u loads and %u words wrong\n", wrong_loads, wrong_words);
    CHECK(wrong_loads == 0);
    CHECK(wrong_words == 0);
    return utest_done();
}
