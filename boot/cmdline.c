/*
 * cmdline.c - the kernel command line's words: the one table of which
 * words exist, what values each takes and its default; the parser that
 * reads each word once at boot; `ARGS=help`'s listing of the table.
 */
#include "cmdline.h"

#include "console.h"
#include "utils.h"

enum kind { FLAG, NUMBER, CHOICE, NAME, ADDRS };

#define CHOICES_MAX 3
#define NOTE_CHARS  160

struct row {
    const char *word;
    enum kind kind;
    const char *values;                   /* help's values column: a number, name or list */
    const char *choices[CHOICES_MAX + 1]; /* a choice's values by index, NULL after the last */
    unsigned long dflt;                   /* a number's or choice's value when it is absent */
    unsigned long min;                    /* a number's least value */
    unsigned long max;                    /* a name's most characters (0: any); cut to it */
    bool bare;  /* a choice given as the bare word takes its first value */
    bool stops; /* a bad value stops the boot (a panic), not kept quietly */
    bool args;  /* the words after it are a program's or a test's arguments */
    const char *meaning;
};

/* The table: README's table of words says the same (its script test). */
static const struct row table[WORDS] = {
    [WORD_HELP] = {"help", FLAG, .meaning = "print this table and stop"},
    [WORD_TEST] = {"test", NAME, "NAME", .args = true,
                   .meaning = "run in-kernel test NAME (test=list lists them; test image only)"},
    [WORD_BENCH] = {"bench", CHOICE, .choices = {[BENCH_FULL] = "full", [BENCH_QUICK] = "quick"},
                    .bare = true, .stops = true,
                    .meaning =
                        "run the benchmarks and stop; bench alone is bench=full (test image)"},
    [WORD_PAGE_TABLE] = {"page_table", FLAG,
                         .meaning = "MP4's page-table scenario instead of the default one"},
    [WORD_DEFAULT] = {"default", FLAG,
                      .meaning = "MP4's default scenario even under _TEST_PAGE_TABLE_"},
    [WORD_SHM] = {"shm", FLAG, .meaning = "the shared-memory counter demo instead of a scenario"},
    [WORD_INIT] = {"init", NAME, "NAME", .args = true,
                   .max = BOOT_MODULE_NAME - 1, /* as modules' */
                   .meaning = "run user program NAME under init; the words after it are its own"},
    [WORD_FRAMES] =
        {"frames", CHOICE,
         .choices =
             {[FRAMES_CONT] = "cont", [FRAMES_BUDDY] = "buddy", [FRAMES_DEFAULT] = "default"},
         .dflt = FRAMES_CONT, .stops = true,
         .meaning = "paging's frames: process_mem_pool (cont, default) or a buddy pool"},
    [WORD_FORK] = {"fork", CHOICE, .choices = {[FORK_COW] = "cow", [FORK_EAGER] = "eager"},
                   .dflt = FORK_COW,
                   .meaning = "fork shares pages copy-on-write, or copies them at once"},
    [WORD_COWCHECK] = {"cowcheck", FLAG,
                       .meaning = "after each fork and exit, check every frame's reference count"},
    [WORD_PINCHECK] = {"pincheck", FLAG,
                       .meaning = "panic when a pinned page is admitted to the pager"},
    [WORD_NOSWAP] = {"noswap", FLAG, .meaning = "leave a disk on the ATA primary master unused"},
    [WORD_USER_FRAMES] = {"user_frames", NUMBER, "N", .min = 1,
                          .meaning = "at most N frames hold pageable pages (the pager's budget)"},
    [WORD_USER_FRAMES_UNSAFE] = {"user_frames_unsafe", FLAG,
                                 .meaning = "keep a user_frames budget below 6 frames (tests)"},
    [WORD_EVICT] = {"evict", CHOICE,
                    .choices = {[EVICT_WORD_FIFO] = "fifo",
                                [EVICT_WORD_CLOCK] = "clock",
                                [EVICT_WORD_AGING] = "aging"},
                    .dflt = EVICT_WORD_CLOCK, .meaning = "the page-replacement policy"},
    [WORD_TICK] = {"tick", FLAG, .meaning = "print \"One second has passed\" every second"},
    [WORD_FAULTTRACE] = {"faulttrace", FLAG, .meaning = "print one line per page fault"},
    [WORD_DUMP] = {"dump", FLAG,
                   .meaning = "at the end, print the maps and the frame pools (and exitmaps)"},
    [WORD_WALK] = {"walk", ADDRS, "ADDR[,ADDR...]",
                   .meaning = "at the end, or as each process exits, print ADDR's page walk"},
    [WORD_EXITMAPS] = {"exitmaps", FLAG, .meaning = "each process prints its maps as it exits"},
    [WORD_EXITFAULTS] = {"exitfaults", FLAG,
                         .meaning = "each process prints its page faults by kind as it exits"},
};

static struct cmdline_words words; /* the boot's command line (cmdline_boot) */

/* Print one complaint line and count it. */
__attribute__((format(printf, 2, 3))) static void complain(struct cmdline_words *out,
                                                           const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kprintf("boot: ");
    kvprintf(fmt, ap);
    kprintf("\n");
    va_end(ap);
    out->complaints++;
}

/* A choice's values as prose into buf: "fifo, clock or aging". */
static const char *choice_prose(const struct row *r, char *buf, unsigned size, const char *last)
{
    int n = 0;
    buf[0] = '\0';
    for (int i = 0; r->choices[i]; i++) {
        const char *sep = i == 0 ? "" : r->choices[i + 1] ? ", " : last;
        n +=
            ksnprintf(buf + n, size - (unsigned)MIN((unsigned)n, size), "%s%s", sep, r->choices[i]);
    }
    return buf;
}

/* `text` as a whole number (decimal or 0x-hex), into *n; false if not. */
static bool whole_number(const char *text, unsigned long *n)
{
    const char *end;
    if (*text < '0' || *text > '9')
        return false;
    *n = parse_ulong(text, &end);
    return *end == '\0';
}

static void take_choice(struct cmdline_words *out, enum word w, const char *value)
{
    const struct row *r = &table[w];
    char prose[NOTE_CHARS];
    if (!value && r->bare) {
        out->given[w] = true, out->value[w] = 0;
        return;
    }
    for (unsigned long i = 0; value && r->choices[i]; i++)
        if (strcmp(value, r->choices[i]) == 0) {
            out->given[w] = true, out->value[w] = i;
            return;
        }
    choice_prose(r, prose, sizeof(prose), " or ");
    if (r->stops)
        panic("cmdline_parse: %s=%s is not %s", r->word, value ? value : "", prose);
    complain(out, "%s=%s is not %s; using %s", r->word, value ? value : "", prose,
             r->choices[r->dflt]);
}

/* walk=ADDR,ADDR,...: every address, or a complaint and none. */
static void take_walks(struct cmdline_words *out, const char *value)
{
    const char *s = value;
    unsigned n = 0;
    while (s && *s >= '0' && *s <= '9' && n < CMDLINE_WALKS_MAX) {
        out->walk[n++] = parse_ulong(s, &s);
        if (*s == ',')
            s++;
        else if (*s == '\0')
            s = NULL; /* the end, after an address */
    }
    if (s) {
        complain(out, "walk=%s is not ADDR[,ADDR...] (at most %u); ignored", value ? value : "",
                 CMDLINE_WALKS_MAX);
        return;
    }
    out->given[WORD_WALK] = true;
    out->n_walks = n;
}

/* Word w was given, with `value` after its '=' (NULL: no '='). */
static void take(struct cmdline_words *out, enum word w, char *value)
{
    const struct row *r = &table[w];
    unsigned long n;
    switch (r->kind) {
    case FLAG:
        if (value)
            complain(out, "%s takes no value; %s=%s ignored", r->word, r->word, value);
        out->given[w] = !value;
        break;
    case NUMBER:
        if (value && whole_number(value, &n) && n >= r->min)
            out->given[w] = true, out->value[w] = n;
        else
            complain(out, "%s=%s is not a number from %lu; ignored", r->word, value ? value : "",
                     r->min);
        break;
    case NAME:
        if (value && *value && r->max && strlen(value) > r->max)
            value[r->max] = '\0';
        if (value && *value)
            out->given[w] = true, out->name[w] = value;
        else
            complain(out, "%s needs a name (%s=NAME); ignored", r->word, r->word);
        break;
    case CHOICE:
        take_choice(out, w, value);
        break;
    case ADDRS:
        take_walks(out, value);
        break;
    }
}

/* The next space-separated word of the copy at *s, cut out of it. */
static char *cut_word(char **s)
{
    char *word;
    while (**s == ' ')
        (*s)++;
    if (!**s)
        return NULL;
    for (word = *s; **s && **s != ' '; (*s)++)
        ;
    if (**s)
        *(*s)++ = '\0';
    return word;
}

static int find_word(const char *word)
{
    for (int w = 0; w < WORDS; w++)
        if (strcmp(word, table[w].word) == 0)
            return w;
    return -1;
}

/* Keep `word`, a program's or a test's argument, as written: a word of
 * out->text, cut there but not yet split at its '=', copied to the same
 * place in out->args_text (where no other word reaches).  Past
 * CMDLINE_ARGS_MAX words the rest are not kept. */
static void keep_argument(struct cmdline_words *out, const char *word)
{
    char *copy = out->args_text + (word - out->text);
    if (out->n_args == CMDLINE_ARGS_MAX)
        return;
    memcpy(copy, word, strlen(word) + 1);
    out->arg[out->n_args++] = copy;
}

unsigned cmdline_parse(struct cmdline_words *out, const char *line)
{
    bool arguments = false; /* past init=NAME or test=NAME */
    char *s = out->text, *word;
    memset(out, 0, sizeof(*out));
    for (int w = 0; w < WORDS; w++)
        out->value[w] = table[w].dflt;
    while (*line == ' ')
        line++;
    for (unsigned i = 0; i + 1 < sizeof(out->text) && line[i]; i++)
        out->text[i] = line[i];
    while ((word = cut_word(&s)) != NULL) {
        char *value = word;
        int w;
        if (arguments)
            keep_argument(out, word);
        while (*value && *value != '=')
            value++;
        value = *value ? value : NULL;
        if (value)
            *value++ = '\0';
        w = find_word(word);
        if (w < 0 && !arguments && word != out->text) /* the first: the image's path */
            complain(out, "unknown word \"%s%s%s\" ignored (ARGS=help lists the words)", word,
                     value ? "=" : "", value ? value : "");
        if (w < 0 || out->given[w])
            continue; /* a program's argument, or a second copy: the first counts */
        take(out, (enum word)w, value);
        arguments |= table[w].args && out->given[w];
    }
    return out->complaints;
}

void cmdline_boot(void) { cmdline_parse(&words, boot_info.cmdline); }

/* Help's values and default columns for row r. */
static void help_columns(const struct row *r, char *values, char *dflt, unsigned size)
{
    ksnprintf(values, size, "%s", r->kind == FLAG ? "-" : r->values ? r->values : "");
    ksnprintf(dflt, size, "off");
    if (r->kind == CHOICE) {
        choice_prose(r, values, size, ", ");
        if (!r->bare)
            ksnprintf(dflt, size, "%s", r->choices[r->dflt]);
    }
    if (r->kind == NUMBER && r->dflt >= r->min)
        ksnprintf(dflt, size, "%lu", r->dflt);
}

void cmdline_print_help(void)
{
    char values[NOTE_CHARS], dflt[NOTE_CHARS];
    kprintf("The kernel's command-line words (make run ARGS=\"word word=value ...\"):\n");
    kprintf("  %-18s  %-20s  %-7s  %s\n", "word", "values", "default", "meaning");
    for (int w = 0; w < WORDS; w++) {
        help_columns(&table[w], values, dflt, sizeof(values));
        kprintf("  %-18s  %-20s  %-7s  %s\n", table[w].word, values, dflt, table[w].meaning);
    }
    kprintf("(%u words)\n", (unsigned)WORDS);
}

const char *cmdline_word(enum word w) { return (unsigned)w < WORDS ? table[w].word : "?"; }

bool word_on(enum word w) { return words.given[w]; }

unsigned long word_value(enum word w) { return words.value[w]; }

const char *word_name(enum word w) { return words.given[w] ? words.name[w] : NULL; }

unsigned word_args(const char *const **args)
{
    *args = words.arg;
    return words.n_args;
}

unsigned word_walks(const unsigned long **addrs)
{
    *addrs = words.walk;
    return words.n_walks;
}

/* ---- a test's own arguments --------------------------------------------- */

/* The next space-separated word of s into buf; returns the rest or NULL. */
static const char *next_word(const char *s, char *buf, unsigned size)
{
    unsigned n = 0;
    while (*s == ' ')
        s++;
    if (!*s)
        return NULL;
    while (*s && *s != ' ') {
        if (n + 1 < size)
            buf[n++] = *s;
        s++;
    }
    buf[n] = '\0';
    return s;
}

const char *cmdline_value(const char *key, char *buf, unsigned size)
{
    if (size == 0)
        panic("cmdline_value: no room in buf for the value of %s", key);
    char w[BOOT_CMDLINE_MAX];
    size_t klen = strlen(key);
    for (const char *s = boot_info.cmdline; (s = next_word(s, w, sizeof(w))) != NULL;) {
        if (strncmp(w, key, klen) == 0 && w[klen] == '=') {
            buf[0] = '\0'; /* "key=" with nothing after it: an empty value */
            next_word(w + klen + 1, buf, size);
            return buf;
        }
    }
    return NULL;
}
