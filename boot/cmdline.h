/*
 * cmdline.h - the kernel command line: one table of its words (QEMU's
 * -append, make run ARGS=..., GRUB's multiboot line), each parsed once at
 * boot into a value that the code which acts on it reads here.
 * `make run ARGS=help` prints the table; README's table of words is
 * checked against that print (tests/scripts/boot_words_readme.sh).
 *
 * A word is a flag (`tick`), a number (`user_frames=N`), a choice
 * (`evict=fifo`), a name (`init=NAME`) or a list of addresses
 * (`walk=ADDR,ADDR`).  A bad value is reported with one line and the
 * default kept (frames= and bench= stop the boot instead); an unknown word is
 * reported with one line, except after init=NAME or test=NAME, where the
 * words are the program's or the test's own arguments (`init=fuzz seed=7`).
 * An unknown first word is the kernel image's path, which QEMU and GRUB
 * put there, and is not reported.
 * When a word is given twice, the first one counts.
 */
#ifndef SELFMAP_CMDLINE_H
#define SELFMAP_CMDLINE_H

#include <stdbool.h>

#include "boot.h"

/* Every word, in the order `ARGS=help` prints them. */
enum word {
    WORD_HELP,
    WORD_TEST,
    WORD_BENCH,
    WORD_PAGE_TABLE,
    WORD_DEFAULT,
    WORD_SHM,
    WORD_INIT,
    WORD_FRAMES,
    WORD_FORK,
    WORD_COWCHECK,
    WORD_PINCHECK,
    WORD_NOSWAP,
    WORD_USER_FRAMES,
    WORD_USER_FRAMES_UNSAFE,
    WORD_EVICT,
    WORD_TICK,
    WORD_FAULTTRACE,
    WORD_DUMP,
    WORD_WALK,
    WORD_EXITMAPS,
    WORD_EXITFAULTS,
    WORDS
};

/* The values of each choice word, in the order the table lists them. */
enum { FRAMES_CONT, FRAMES_BUDDY, FRAMES_DEFAULT };
enum { FORK_COW, FORK_EAGER };
enum { EVICT_WORD_FIFO, EVICT_WORD_CLOCK, EVICT_WORD_AGING };
enum { BENCH_FULL, BENCH_QUICK };

#define CMDLINE_WALKS_MAX 8  /* addresses one walk= word may list */
#define CMDLINE_ARGS_MAX  32 /* words after init=NAME or test=NAME kept as written */

/* A command line, parsed. */
struct cmdline_words {
    bool given[WORDS];          /* the word was there with a good value */
    unsigned long value[WORDS]; /* number: the number; choice: its index; else 0 */
    const char *name[WORDS];    /* name words: the name, inside `text` */
    unsigned long walk[CMDLINE_WALKS_MAX];
    unsigned n_walks;
    const char *arg[CMDLINE_ARGS_MAX]; /* the words after init=/test=NAME, inside `args_text` */
    unsigned n_args;
    unsigned complaints;              /* lines printed for unknown words and bad values */
    char text[BOOT_CMDLINE_MAX];      /* a copy of the line, cut into words */
    char args_text[BOOT_CMDLINE_MAX]; /* the arguments, each as written (key=value) */
};

/* Parse `line` into *out: every word the table knows, with its value,
 * and one printed line for each unknown word or bad value (see above).
 * Panics on a bad frames= value.  Returns out->complaints. */
unsigned cmdline_parse(struct cmdline_words *out, const char *line);

/* Parse boot_info.cmdline (boot_info_read first) into the words the
 * accessors below read.  Called once, at boot, by kernel_main. */
void cmdline_boot(void);

/* Print the table: each word, its values, its default and what it does. */
void cmdline_print_help(void);

/* Word w as it is written on the command line ("user_frames"). */
const char *cmdline_word(enum word w);

/* The word was given (a flag: it is on). */
bool word_on(enum word w);
/* A number or choice word's value (a choice: its index, e.g.
 * EVICT_WORD_FIFO); its default when the word was not given. */
unsigned long word_value(enum word w);
/* A name word's name (init=NAME: NAME, cut to BOOT_MODULE_NAME - 1
 * characters as module names are), or NULL when not given. */
const char *word_name(enum word w);
/* walk=ADDR,...: sets *addrs to the addresses and returns how many (0:
 * no walk= word). */
unsigned word_walks(const unsigned long **addrs);

/* The words after init=NAME or test=NAME, each as written (`seed=42`),
 * in order, the kernel's own words among them (they count for the kernel
 * too): sets *args to them and returns how many (at most
 * CMDLINE_ARGS_MAX; 0 when there are none). */
unsigned word_args(const char *const **args);

/* The value of the first key=value on the command line, copied into buf
 * (size bytes, at least 1; a longer value is cut to size - 1 characters)
 * and returned; "" for a bare "key=".  NULL when no word is key=...;
 * buf is then untouched.  Panics when size is 0.  For the arguments of a
 * test (after test=NAME, e.g. seed=N), which are not the kernel's words. */
const char *cmdline_value(const char *key, char *buf, unsigned size);

#endif
