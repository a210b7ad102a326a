/*
 * cmdline_test.c - the kernel command line's table of words (boot/cmdline.h):
 * each kind of word parsed into its value over a sample line, defaults,
 * bad values and unknown words reported with one line each, the words
 * after init=NAME left to the program, and ARGS=help listing every word.
 */
#include "boot.h"
#include "cmdline.h"
#include "ktest.h"

static struct cmdline_words w; /* too big for a test's stack frame to be polite */

static bool captured_has(const char *text) { return strstr(console_captured(), text) != NULL; }

KTEST(cmdline_words_take_a_number_a_choice_a_flag_and_a_name)
{
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin user_frames=0x28 evict=fifo tick init=hello"), 0);
    KEXPECT(w.given[WORD_USER_FRAMES] && w.given[WORD_EVICT] && w.given[WORD_TICK]);
    KEXPECT_EQ(w.value[WORD_USER_FRAMES], 40);
    KEXPECT_EQ(w.value[WORD_EVICT], EVICT_WORD_FIFO);
    KEXPECT(w.given[WORD_INIT] && strcmp(w.name[WORD_INIT], "hello") == 0);
    KEXPECT(!w.given[WORD_NOSWAP]);
}

KTEST(cmdline_absent_words_take_their_defaults)
{
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin"), 0);
    for (int i = 0; i < WORDS; i++)
        KEXPECT(!w.given[i]);
    KEXPECT_EQ(w.value[WORD_EVICT], EVICT_WORD_CLOCK);
    KEXPECT_EQ(w.value[WORD_FRAMES], FRAMES_CONT);
    KEXPECT_EQ(w.value[WORD_FORK], FORK_COW);
    KEXPECT_EQ(w.value[WORD_USER_FRAMES], 0);
    KEXPECT_EQ(w.n_walks, 0);
}

KTEST(cmdline_bad_number_is_reported_and_ignored)
{
    console_capture_reset();
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin user_frames=12x"), 1);
    KEXPECT(!w.given[WORD_USER_FRAMES]);
    KEXPECT_EQ(w.value[WORD_USER_FRAMES], 0);
    KEXPECT(captured_has("boot: user_frames=12x is not a number from 1; ignored\n"));
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin user_frames=0"), 1); /* below the least */
}

KTEST(cmdline_bad_choice_is_reported_and_default_kept)
{
    console_capture_reset();
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin evict=lru"), 1);
    KEXPECT(!w.given[WORD_EVICT]);
    KEXPECT_EQ(w.value[WORD_EVICT], EVICT_WORD_CLOCK);
    KEXPECT(captured_has("boot: evict=lru is not fifo, clock or aging; using clock\n"));
}

KTEST_DEATH(cmdline_bad_frames_stops_the_boot, "frames=bogus is not cont, buddy or default")
{
    cmdline_parse(&w, "kernel.bin frames=bogus");
}

KTEST(cmdline_unknown_word_is_reported_but_not_the_image_path)
{
    console_capture_reset();
    KEXPECT_EQ(cmdline_parse(&w, "/boot/kernel.bin frmes=buddy"), 1);
    KEXPECT(captured_has("boot: unknown word \"frmes=buddy\" ignored"));
    KEXPECT(!captured_has("kernel.bin\" ignored"));
    KEXPECT_EQ(w.value[WORD_FRAMES], FRAMES_CONT);
}

KTEST(cmdline_flag_with_a_value_is_reported)
{
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin tick=1"), 1);
    KEXPECT(!w.given[WORD_TICK]);
}

KTEST(cmdline_words_after_init_are_the_programs_but_kernel_words_still_count)
{
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin cowcheck init=fuzz seed=7 calls=9 user_frames=16"), 0);
    KEXPECT(strcmp(w.name[WORD_INIT], "fuzz") == 0);
    KEXPECT(w.given[WORD_COWCHECK]);
    KEXPECT_EQ(w.value[WORD_USER_FRAMES], 16);
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin seed=7 init=fuzz"), 1); /* before: a kernel word */
}

/* The program's argv (init.c) is built from these: every word after
 * init=NAME, as written, the kernel's own among them; none before it. */
KTEST(cmdline_words_after_init_are_kept_as_written_for_the_program)
{
    static const char *const want[] = {"seed=7", "calls=9", "user_frames=16", "-v"};
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin cowcheck init=fuzz seed=7 calls=9 user_frames=16 -v"),
               0);
    KEXPECT_EQ(w.n_args, 4);
    for (unsigned i = 0; i < w.n_args && i < 4; i++)
        KEXPECT(strcmp(w.arg[i], want[i]) == 0);
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin cowcheck"), 0);
    KEXPECT_EQ(w.n_args, 0);
}

/* More words than CMDLINE_ARGS_MAX: the first CMDLINE_ARGS_MAX are kept. */
KTEST(cmdline_arguments_past_the_limit_are_not_kept)
{
    char line[BOOT_CMDLINE_MAX], *p = line;
    p += ksnprintf(p, sizeof(line), "kernel.bin init=x");
    for (unsigned i = 0; i < CMDLINE_ARGS_MAX + 5; i++)
        p += ksnprintf(p, sizeof(line) - (unsigned)(p - line), " %c", 'a' + (char)(i % 26));
    KEXPECT_EQ(cmdline_parse(&w, line), 0);
    KEXPECT_EQ(w.n_args, CMDLINE_ARGS_MAX);
    KEXPECT(strcmp(w.arg[CMDLINE_ARGS_MAX - 1], "f") == 0); /* word 31: 'a' + 31 % 26 */
}

KTEST(cmdline_init_name_is_cut_as_module_names_are)
{
    char line[2 * BOOT_MODULE_NAME + 32], name[2 * BOOT_MODULE_NAME];
    memset(name, 'a', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    ksnprintf(line, sizeof(line), "kernel.bin init=%s", name);
    KEXPECT_EQ(cmdline_parse(&w, line), 0);
    KEXPECT_EQ(strlen(w.name[WORD_INIT]), BOOT_MODULE_NAME - 1);
    KEXPECT_EQ(strncmp(w.name[WORD_INIT], name, BOOT_MODULE_NAME - 1), 0);
}

KTEST(cmdline_first_of_two_copies_counts)
{
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin evict=aging evict=fifo"), 0);
    KEXPECT_EQ(w.value[WORD_EVICT], EVICT_WORD_AGING);
}

KTEST(cmdline_walk_takes_a_list_of_addresses)
{
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin walk=0x400000,4096"), 0);
    KEXPECT_EQ(w.n_walks, 2);
    KEXPECT_EQ(w.walk[0], 0x400000);
    KEXPECT_EQ(w.walk[1], 4096);
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin walk=0x1000,zz"), 1);
    KEXPECT(!w.given[WORD_WALK] && w.n_walks == 0);
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin walk=1,2,3,4,5,6,7,8,9"), 1); /* past the most */
}

KTEST(cmdline_bare_bench_is_bench_full)
{
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin bench"), 0);
    KEXPECT(w.given[WORD_BENCH]);
    KEXPECT_EQ(w.value[WORD_BENCH], BENCH_FULL);
    KEXPECT_EQ(cmdline_parse(&w, "kernel.bin bench=quick"), 0);
    KEXPECT_EQ(w.value[WORD_BENCH], BENCH_QUICK);
}

KTEST(cmdline_words_are_read_once_at_boot)
{
    size_t n = strlen(boot_info.cmdline);
    KASSERT(!word_on(WORD_NOSWAP));
    ksnprintf(boot_info.cmdline + n, sizeof(boot_info.cmdline) - n, " noswap");
    KEXPECT(!word_on(WORD_NOSWAP)); /* the value, not the line */
    cmdline_boot();
    KEXPECT(word_on(WORD_NOSWAP));
}

KTEST(cmdline_help_lists_every_word)
{
    char line[64];
    console_capture_reset();
    cmdline_print_help();
    for (int i = 0; i < WORDS; i++) {
        ksnprintf(line, sizeof(line), "\n  %s ", cmdline_word((enum word)i));
        KEXPECT(captured_has(line));
    }
}
