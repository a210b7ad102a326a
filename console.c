/*
 * console.c - VGA text mode plus COM1, and a small printf.
 *
 * The formatter is written once, against an output callback, so kprintf
 * (to the devices) and ksnprintf (to a buffer) share every conversion.
 * Panics print through here too: console_init registers the output
 * with lib/panic.c, which sits below the console and may not call it.
 */
#include "console.h"

#include <stdint.h>

#include "utils.h"
#include "x86.h"

#define VGA_BUFFER      ((volatile uint16_t *)0xB8000)
#define VGA_COLS        80
#define VGA_ROWS        25
#define VGA_ATTR        0x0700 /* light grey on black */
#define VGA_CRTC_INDEX  0x3D4
#define VGA_CRTC_DATA   0x3D5
#define VGA_CURSOR_HIGH 14
#define VGA_CURSOR_LOW  15
#define TAB_WIDTH       8u /* a power of two */

/* The 16550 UART of COM1: register offsets from COM1 and their bits. */
#define COM1      0x3F8
#define UART_DATA 0 /* receive/transmit buffer (RBR/THR) */
#define UART_IER  1 /* interrupt enable */
#define UART_DLL  0 /* divisor latch, low byte (while LCR.DLAB is set) */
#define UART_DLM  1 /* divisor latch, high byte (while LCR.DLAB is set) */
#define UART_FCR  2 /* FIFO control */
#define UART_LCR  3 /* line control */
#define UART_MCR  4 /* modem control */
#define UART_LSR  5 /* line status */

#define UART_IER_NONE       0u        /* polled: no UART interrupts */
#define UART_LCR_WORD8      (3u << 0) /* 8 data bits; 1 stop bit, no parity (bits 2..5 clear) */
#define UART_LCR_DLAB       (1u << 7) /* registers 0 and 1 become the divisor latch */
#define UART_FCR_ENABLE     (1u << 0)
#define UART_FCR_CLEAR_RX   (1u << 1)
#define UART_FCR_CLEAR_TX   (1u << 2)
#define UART_FCR_TRIGGER_14 (3u << 6) /* receive interrupt at 14 bytes */
#define UART_MCR_DTR        (1u << 0)
#define UART_MCR_RTS        (1u << 1)
#define UART_LSR_THR_EMPTY  (1u << 5) /* the transmit buffer can take a byte */
#define UART_DIVISOR_115200 1u        /* 115200 / baud */
#define BYTE_BITS           8u

static unsigned vga_row, vga_col;
static char capture[CONSOLE_CAPTURE_SIZE];
static size_t capture_len;

static void vga_set_cursor(void)
{
    unsigned pos = vga_row * VGA_COLS + vga_col;
    outb(VGA_CRTC_INDEX, VGA_CURSOR_HIGH);
    outb(VGA_CRTC_DATA, (uint8_t)(pos >> BYTE_BITS));
    outb(VGA_CRTC_INDEX, VGA_CURSOR_LOW);
    outb(VGA_CRTC_DATA, (uint8_t)pos);
}

static void vga_scroll(void)
{
    for (unsigned i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
        VGA_BUFFER[i] = VGA_BUFFER[i + VGA_COLS];
    for (unsigned i = 0; i < VGA_COLS; i++)
        VGA_BUFFER[(VGA_ROWS - 1) * VGA_COLS + i] = VGA_ATTR | ' ';
    vga_row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
    if (c == '\n') {
        vga_col = 0, vga_row++;
    } else if (c == '\r') {
        vga_col = 0;
    } else if (c == '\t') {
        vga_col = (vga_col + TAB_WIDTH) & ~(TAB_WIDTH - 1);
    } else {
        VGA_BUFFER[vga_row * VGA_COLS + vga_col] = (uint16_t)(VGA_ATTR | (unsigned char)c);
        vga_col++;
    }
    if (vga_col >= VGA_COLS)
        vga_col = 0, vga_row++;
    if (vga_row >= VGA_ROWS)
        vga_scroll();
}

static void serial_putc(char c)
{
    while (!(inb(COM1 + UART_LSR) & UART_LSR_THR_EMPTY))
        ;
    outb(COM1 + UART_DATA, (uint8_t)c);
}

/* The fatal-report path (panic.h) lives in lib/panic.c, below the
 * console; it prints through these, which console_init hands down. */
static const struct panic_console fatal_output = {
    console_puts, kprintf, kvprintf, console_capture_reset, console_captured,
};

void console_init(void)
{
    outb(COM1 + UART_IER, UART_IER_NONE);
    outb(COM1 + UART_LCR, UART_LCR_DLAB);
    outb(COM1 + UART_DLL, (uint8_t)UART_DIVISOR_115200);
    outb(COM1 + UART_DLM, (uint8_t)(UART_DIVISOR_115200 >> BYTE_BITS));
    outb(COM1 + UART_LCR, UART_LCR_WORD8);
    outb(COM1 + UART_FCR,
         UART_FCR_ENABLE | UART_FCR_CLEAR_RX | UART_FCR_CLEAR_TX | UART_FCR_TRIGGER_14);
    outb(COM1 + UART_MCR, UART_MCR_DTR | UART_MCR_RTS);
    for (unsigned i = 0; i < VGA_ROWS * VGA_COLS; i++)
        VGA_BUFFER[i] = VGA_ATTR | ' ';
    vga_row = vga_col = 0;
    vga_set_cursor();
    panic_set_console(&fatal_output); /* panics print from now on */
}

void console_putc(char c)
{
    if (c == '\n')
        serial_putc('\r');
    serial_putc(c);
    vga_putc(c);
    if (capture_len < CONSOLE_CAPTURE_SIZE - 1)
        capture[capture_len++] = c;
}

void console_puts(const char *s)
{
    while (*s)
        console_putc(*s++);
    vga_set_cursor();
}

void console_capture_reset(void) { capture_len = 0; }

const char *console_captured(void)
{
    capture[capture_len] = '\0';
    return capture;
}

/* ---- the formatter ------------------------------------------------- */
struct sink {
    void (*put)(struct sink *, char);
    char *buf;
    size_t size, len;
};

struct spec {
    int width;
    bool zero, left;
};

static void put_padded(struct sink *out, const char *s, size_t n, const struct spec *sp)
{
    int pad = sp->width > (int)n ? sp->width - (int)n : 0;
    char fill = sp->zero && !sp->left ? '0' : ' ';
    if (fill == '0' && n && (*s == '-')) { /* keep the sign before the zeros */
        out->put(out, *s++);
        n--;
    }
    while (!sp->left && pad-- > 0)
        out->put(out, fill);
    while (n--)
        out->put(out, *s++);
    while (sp->left && pad-- > 0)
        out->put(out, ' ');
}

static void put_number(struct sink *out, uint64_t v, unsigned base, bool negative, bool upper,
                       const struct spec *sp)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int i = (int)sizeof(tmp);
    do {
        tmp[--i] = digits[v % base];
        v /= base;
    } while (v);
    if (negative)
        tmp[--i] = '-';
    put_padded(out, tmp + i, sizeof(tmp) - (size_t)i, sp);
}

static const char *parse_spec(const char *f, struct spec *sp)
{
    sp->width = 0, sp->zero = false, sp->left = false;
    for (;; f++) {
        if (*f == '0' && !sp->zero && sp->width == 0)
            sp->zero = true;
        else if (*f == '-')
            sp->left = true;
        else if (*f >= '0' && *f <= '9')
            sp->width = sp->width * 10 + (*f - '0');
        else
            return f;
    }
}

/* Read the next integer argument of `longs` l's (0, 1 or 2). */
static uint64_t next_int(va_list *ap, int longs, bool is_signed, bool *negative)
{
    int64_t s;
    *negative = false;
    if (longs >= 2) {
        if (!is_signed)
            return va_arg(*ap, uint64_t);
        s = va_arg(*ap, int64_t);
    } else {
        if (!is_signed)
            return longs ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
        s = longs ? va_arg(*ap, long) : va_arg(*ap, int);
    }
    *negative = s < 0;
    return *negative ? (uint64_t)0 - (uint64_t)s : (uint64_t)s;
}

/* Print one conversion `conv` with spec sp; false when it is unknown. */
static bool convert(struct sink *out, char conv, const struct spec *sp, int longs, va_list *ap)
{
    bool neg;
    switch (conv) {
    case 'd':
    case 'i': {
        uint64_t v = next_int(ap, longs, true, &neg);
        put_number(out, v, 10, neg, false, sp);
        return true;
    }
    case 'u':
        put_number(out, next_int(ap, longs, false, &neg), 10, false, false, sp);
        return true;
    case 'x':
    case 'X':
        put_number(out, next_int(ap, longs, false, &neg), 16, false, conv == 'X', sp);
        return true;
    case 'p': {
        struct spec p = {8, true, false};
        out->put(out, '0'), out->put(out, 'x');
        put_number(out, (uintptr_t)va_arg(*ap, void *), 16, false, false, &p);
        return true;
    }
    case 's': {
        const char *str = va_arg(*ap, const char *);
        str = str ? str : "(null)";
        put_padded(out, str, strlen(str), sp);
        return true;
    }
    case 'c': {
        char c = (char)va_arg(*ap, int);
        put_padded(out, &c, 1, sp);
        return true;
    }
    case '%':
        out->put(out, '%');
        return true;
    }
    return false;
}

static void format(struct sink *out, const char *f, va_list ap_in)
{
    va_list ap;
    va_copy(ap, ap_in);
    for (; *f; f++) {
        struct spec sp;
        const char *start = f;
        int longs = 0;
        if (*f != '%') {
            out->put(out, *f);
            continue;
        }
        f = parse_spec(f + 1, &sp);
        while (*f == 'l' || *f == 'z')
            longs++, f++; /* z: size_t is a long on i686 */
        if (convert(out, *f, &sp, longs, &ap))
            continue;
        for (; start <= f && *start; start++) /* unknown: print it as written */
            out->put(out, *start);
        if (!*f)
            f--;
    }
    va_end(ap);
}

static void put_console(struct sink *s, char c)
{
    (void)s;
    console_putc(c);
}

static void put_buffer(struct sink *s, char c)
{
    if (s->len + 1 < s->size)
        s->buf[s->len] = c;
    s->len++;
}

void kvprintf(const char *fmt, va_list ap)
{
    struct sink out = {put_console, NULL, 0, 0};
    format(&out, fmt, ap);
    vga_set_cursor();
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    struct sink out = {put_buffer, buf, size, 0};
    format(&out, fmt, ap);
    if (size)
        buf[out.len < size ? out.len : size - 1] = '\0';
    return (int)out.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = kvsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
