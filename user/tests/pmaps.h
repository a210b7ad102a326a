// pmaps.h - reading the text of maps() in the user tests: one region's
// line by its kind, and a substring search for pagewalk()'s text.
#ifndef SELFMAP_USER_TESTS_PMAPS_H
#define SELFMAP_USER_TESTS_PMAPS_H

#include "user.h"

#define MAPS_KIND_COLUMN 18 // after "START-END "
#define MAPS_KIND_WIDTH  12

struct region {
    unsigned start, end, pages, backed, cow, shared, swapped;
};

static inline int contains(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (memcmp(hay, needle, n) == 0)
            return 1;
    return 0;
}

static inline const char *read_number(const char *s, unsigned base, unsigned *out)
{
    unsigned v = 0;
    while (*s == ' ')
        s++;
    for (;; s++) {
        unsigned d;
        if (*s >= '0' && *s <= '9')
            d = (unsigned)(*s - '0');
        else if (base == 16 && *s >= 'a' && *s <= 'f')
            d = (unsigned)(*s - 'a' + 10);
        else
            break;
        v = v * base + d;
    }
    *out = v;
    return s;
}

/* The line of maps text `text` whose kind is `kind`, into *r: 1, or 0
 * when no line has that kind. */
static inline int find_region(const char *text, const char *kind, struct region *r)
{
    size_t n = strlen(kind);
    for (const char *line = text; *line;) {
        const char *s = line, *eol = line;
        while (*eol && *eol != '\n')
            eol++;
        if (eol - line > MAPS_KIND_COLUMN + MAPS_KIND_WIDTH &&
            memcmp(line + MAPS_KIND_COLUMN, kind, n) == 0 && line[MAPS_KIND_COLUMN + n] == ' ') {
            s = read_number(s, 16, &r->start);
            s = read_number(s + 1, 16, &r->end);
            s = read_number(s + 1 + MAPS_KIND_WIDTH, 10, &r->pages);
            s = read_number(s, 10, &r->backed);
            s = read_number(s, 10, &r->cow);
            s = read_number(s, 10, &r->shared);
            read_number(s, 10, &r->swapped);
            return 1;
        }
        line = *eol ? eol + 1 : eol;
    }
    return 0;
}

/* maps() into buf and find kind's line: 1, or 0 (either failed). */
static inline int region_now(char *buf, int size, const char *kind, struct region *r)
{
    int n = maps(buf, size);
    return n > 0 && n < size && find_region(buf, kind, r);
}

#endif
