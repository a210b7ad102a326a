// frameshare.c - what copy-on-write fork does to frames, seen through the
// test-only frameof() call: after fork parent and child map the same
// frame; the child's write gives it its own; text stays shared; and once
// the child is gone the parent's write keeps its frame (a count of one
// only turns writing back on).
#include "utest.h"

static volatile int shared_word = 5;

int main(void);

static int child_sees_shared_then_private(const void *arg)
{
    int parent_frame = *(const int *)arg;
    if (frameof((const void *)&shared_word) != parent_frame)
        return 1; /* not shared after fork */
    shared_word = 6;
    if (frameof((const void *)&shared_word) == parent_frame)
        return 2; /* the write did not get its own frame */
    return shared_word == 6 ? 0 : 3;
}

static int child_text_frame(const void *arg)
{
    return frameof((const void *)(unsigned long)main) == *(const int *)arg ? 0 : 1;
}

int main(void)
{
    int before = frames(), data_frame, text_frame;
    utest_name = "frameshare";
    shared_word = 5; /* the page is present and written before the forks */
    data_frame = frameof((const void *)&shared_word);
    text_frame = frameof((const void *)(unsigned long)main);
    CHECK(data_frame > 0 && text_frame > 0 && data_frame != text_frame);
    CHECK(frameof((const void *)0xD0000000) == -1); /* nothing mapped there */
    CHECK(run_child(child_sees_shared_then_private, &data_frame) == 0);
    CHECK(shared_word == 5);
    CHECK(run_child(child_text_frame, &text_frame) == 0);
    CHECK(frameof((const void *)(unsigned long)main) == text_frame);
    shared_word = 7; /* the child is gone: this frame is ours alone */
    CHECK(frameof((const void *)&shared_word) == data_frame);
    CHECK(frames() == before);
    return utest_done();
}
