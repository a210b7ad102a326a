// selfmaps.c - a process reads its own maps and page walks: the regions
// are listed with the pages it touched, fork's sharing shows as cow and
// shared pages (and goes when the other side is gone), a walk decodes a
// copy-on-write entry, shm segments have their line, and bad buffers get
// -1 while a short one gets the cut text and the whole length.
#include "pmaps.h"
#include "utest.h"

#define TEXT  2048
#define PAGES 3
#define SHMID 77

static char buf[TEXT];

static void regions_are_listed(void)
{
    struct region text, stack;
    int n = maps(buf, sizeof(buf));
    CHECK(n > 0 && n < TEXT && (int)strlen(buf) == n);
    CHECK(contains(buf, "maps of pid "));
    CHECK(find_region(buf, "text/data", &text));
    CHECK(text.start == 0x400000 && text.backed > 0 && text.backed <= text.pages);
    CHECK(find_region(buf, "stack", &stack));
    CHECK(stack.backed > 0 && stack.cow == 0 && stack.swapped == 0);
    CHECK((unsigned)(unsigned long)&stack >= stack.start &&
          (unsigned)(unsigned long)&stack < stack.end);
}

static void touched_heap_pages_are_backed(void)
{
    struct region before, after;
    char *base = sbrk(PAGES * PAGE_SIZE);
    CHECK(base != (char *)-1);
    CHECK(region_now(buf, TEXT, "heap", &before));
    for (int i = 0; i < PAGES; i++)
        base[i * PAGE_SIZE] = 1;
    CHECK(region_now(buf, TEXT, "heap", &after));
    CHECK(after.backed == before.backed + PAGES);
    CHECK(after.end == (unsigned)(unsigned long)(base + PAGES * PAGE_SIZE));
    CHECK(after.cow == 0 && after.shared == 0);
    CHECK(sbrk(-PAGES * PAGE_SIZE) == base + PAGES * PAGE_SIZE);
}

/* In the child: every backed heap page is copy-on-write and shared. */
static int child_sees_sharing(const void *arg)
{
    struct region heap;
    (void)arg;
    if (!region_now(buf, TEXT, "heap", &heap))
        return 1;
    return heap.backed >= PAGES && heap.cow == heap.backed && heap.shared == heap.backed ? 0 : 2;
}

static void fork_shows_cow_pages(void)
{
    struct region heap;
    char *base = sbrk(PAGES * PAGE_SIZE);
    CHECK(base != (char *)-1);
    for (int i = 0; i < PAGES; i++)
        base[i * PAGE_SIZE] = 1;
    CHECK(run_child(child_sees_sharing, 0) == 0);
    CHECK(region_now(buf, TEXT, "heap", &heap));
    CHECK(heap.cow == heap.backed && heap.shared == 0); // the child is gone: no other mapping
    base[0] = 2;                                        // made writable again, no copy
    CHECK(region_now(buf, TEXT, "heap", &heap));
    CHECK(heap.cow == heap.backed - 1);
    CHECK(sbrk(-PAGES * PAGE_SIZE) == base + PAGES * PAGE_SIZE);
}

static int child_walks_cow_page(const void *arg)
{
    const char *page = arg;
    int n = pagewalk(page, buf, sizeof(buf));
    if (n <= 0 || !contains(buf, "present read-only user") || !contains(buf, " copy-on-write]"))
        return 1;
    return contains(buf, "  region: heap\n") ? 0 : 2;
}

static void walk_decodes_cow_entry(void)
{
    char *base = sbrk(PAGE_SIZE);
    CHECK(base != (char *)-1);
    base[0] = 1;
    CHECK(pagewalk(base, buf, sizeof(buf)) > 0);
    CHECK(contains(buf, "present writable user") && !contains(buf, "copy-on-write"));
    CHECK(run_child(child_walks_cow_page, base) == 0);
    CHECK(sbrk(-PAGE_SIZE) == base + PAGE_SIZE);
}

static void shm_segment_has_its_line(void)
{
    struct region seg;
    char *p = openshmem(SHMID);
    CHECK(p != 0);
    CHECK(region_now(buf, TEXT, "shm 77", &seg));
    CHECK(seg.start == (unsigned)(unsigned long)p && seg.backed == seg.pages);
    CHECK(seg.shared == seg.backed && seg.cow == 0);
    CHECK(closeshmem(SHMID) == 0);
    CHECK(maps(buf, sizeof(buf)) > 0 && !contains(buf, "shm 77"));
}

static void bad_buffers_get_minus_one(void)
{
    CHECK(maps(0, 100) == -1);
    CHECK(maps((char *)0xC0000000, 100) == -1);         // kernel memory
    CHECK(maps((char *)regions_are_listed, 100) == -1); // text is read-only
    CHECK(maps(buf, 0) == -1);
    CHECK(maps(buf, -5) == -1);
    CHECK(pagewalk(buf, 0, 100) == -1);
    CHECK(faults((struct faultcount *)4) == -1);
}

static void short_buffer_gets_cut_text(void)
{
    char small[10];
    int whole = maps(buf, sizeof(buf));
    memset(small, 'x', sizeof(small));
    CHECK(maps(small, sizeof(small)) == whole);
    CHECK(small[9] == '\0' && memcmp(small, buf, 9) == 0);
}

int main(void)
{
    utest_name = "selfmaps";
    regions_are_listed();
    touched_heap_pages_are_backed();
    fork_shows_cow_pages();
    walk_decodes_cow_entry();
    shm_segment_has_its_line();
    bad_buffers_get_minus_one();
    short_buffer_gets_cut_text();
    return utest_done();
}
