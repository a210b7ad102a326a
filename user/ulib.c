/*
 * ulib.c - the user library: strcpy and atoi, printf over write(), and a
 * first-fit malloc over sbrk (K&R's free list, in our own words).  The
 * memory and string functions the kernel has too come from lib/str.c,
 * which the Makefile compiles into the user library as well.
 *
 * printf formats into a small buffer and writes it with one write()
 * per call (or per full buffer), so output from several processes
 * interleaves by whole lines, not by characters.
 */
#include "user.h"

#define PRINT_BUF   128
#define MALLOC_GROW 4096 /* bytes asked of sbrk at least, per growth */

char *strcpy(char *dst, const char *src)
{
    char *d = dst;
    while ((*d++ = *src++) != '\0')
        ;
    return dst;
}

int atoi(const char *s)
{
    int n = 0, sign = 1;
    if (*s == '-')
        sign = -1, s++;
    while (*s >= '0' && *s <= '9')
        n = n * 10 + (*s++ - '0');
    return sign * n;
}

/* ---- printf ----------------------------------------------------------- */

struct out {
    int fd;
    int n;
    char buf[PRINT_BUF];
};

static void flush(struct out *o)
{
    if (o->n)
        write(o->fd, o->buf, o->n);
    o->n = 0;
}

static void put(struct out *o, char c)
{
    if (o->n == PRINT_BUF)
        flush(o);
    o->buf[o->n++] = c;
}

static void put_number(struct out *o, unsigned long v, unsigned base, int width, char pad,
                       int negative)
{
    char digits[12];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative && pad == '0')
        put(o, '-');
    for (width -= n + negative; width > 0; width--)
        put(o, pad);
    if (negative && pad != '0')
        put(o, '-');
    while (n)
        put(o, digits[--n]);
}

/* One conversion at *fmt (past the '%'); returns the rest. */
static const char *convert(struct out *o, const char *fmt, va_list *ap)
{
    char pad = ' ';
    int width = 0;
    if (*fmt == '0')
        pad = '0', fmt++;
    while (*fmt >= '0' && *fmt <= '9')
        width = width * 10 + (*fmt++ - '0');
    while (*fmt == 'l')
        fmt++;
    switch (*fmt) {
    case 'd': {
        long v = va_arg(*ap, long);
        put_number(o, v < 0 ? 0ul - (unsigned long)v : (unsigned long)v, 10, width, pad, v < 0);
        break;
    }
    case 'u':
        put_number(o, va_arg(*ap, unsigned long), 10, width, pad, 0);
        break;
    case 'x':
        put_number(o, va_arg(*ap, unsigned long), 16, width, pad, 0);
        break;
    case 'p':
        put(o, '0'), put(o, 'x');
        put_number(o, (unsigned long)va_arg(*ap, void *), 16, 8, '0', 0);
        break;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        for (s = s ? s : "(null)"; *s; s++)
            put(o, *s);
        break;
    }
    case 'c':
        put(o, (char)va_arg(*ap, int));
        break;
    case '\0':
        return fmt;
    default:
        put(o, *fmt);
        break;
    }
    return fmt + 1;
}

void vfprintf(int fd, const char *fmt, va_list ap)
{
    struct out o = {fd, 0, {0}};
    va_list copy;
    va_copy(copy, ap);
    while (*fmt) {
        if (*fmt != '%')
            put(&o, *fmt++);
        else
            fmt = convert(&o, fmt + 1, &copy);
    }
    va_end(copy);
    flush(&o);
}

void fprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(fd, fmt, ap);
    va_end(ap);
}

void printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(1, fmt, ap);
    va_end(ap);
}

/* ---- malloc ----------------------------------------------------------- */

union header {
    struct {
        union header *next;
        unsigned long units; /* size of this block, header included */
    } s;
    long long align; // cppcheck-suppress unusedStructMember ; aligns every block to 8
};

static union header base, *freep;

void free(void *p)
{
    union header *b, *q;
    if (!p)
        return;
    b = (union header *)p - 1;
    for (q = freep; !(b > q && b < q->s.next); q = q->s.next)
        if (q >= q->s.next && (b > q || b < q->s.next))
            break; /* at the end of the circular list */
    if (b + b->s.units == q->s.next) {
        b->s.units += q->s.next->s.units;
        b->s.next = q->s.next->s.next;
    } else {
        b->s.next = q->s.next;
    }
    if (q + q->s.units == b) {
        q->s.units += b->s.units;
        q->s.next = b->s.next;
    } else {
        q->s.next = b;
    }
    freep = q;
}

static union header *grow(unsigned long units)
{
    char *p;
    union header *h;
    if (units < MALLOC_GROW / sizeof(union header))
        units = MALLOC_GROW / sizeof(union header);
    if (units > 0x7fffffff / sizeof(union header))
        return NULL;
    p = sbrk((int)(units * sizeof(union header)));
    if (p == (char *)-1)
        return NULL;
    h = (union header *)p;
    h->s.units = units;
    free(h + 1);
    return freep;
}

void *malloc(unsigned long n)
{
    unsigned long units = (n + sizeof(union header) - 1) / sizeof(union header) + 1;
    union header *p, *prev = freep;
    if (n > 0x7fffffff)
        return NULL;
    if (!prev) {
        base.s.next = freep = prev = &base;
        base.s.units = 0;
    }
    for (p = prev->s.next;; prev = p, p = p->s.next) {
        if (p->s.units >= units) {
            if (p->s.units == units) {
                prev->s.next = p->s.next;
            } else {
                p->s.units -= units;
                p += p->s.units;
                p->s.units = units;
            }
            freep = prev;
            return p + 1;
        }
        if (p == freep && !(p = grow(units)))
            return NULL;
    }
}
