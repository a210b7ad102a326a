/*
 * utils.cpp - MP4's utils.H.
 *
 * Why so: these have C++ linkage and MP4's signatures (int counts),
 * so this file includes no selfmap C header: the helpers are written
 * here, port I/O goes through Machine, and abort and the 0xE9 output's
 * end-of-run check go through glue.h.
 */
#include "../include/machine.H"
#include "../include/utils.H"
#include "glue.h"

#define DEBUG_PORT_E9  0xE9
#define E9_MAX_CHARS   255
#define DECIMAL_DIGITS 10 /* of a 32-bit number */

void abort() { mp4_abort(); }

void *memcpy(void *dest, const void *src, int count)
{
    char *d = static_cast<char *>(dest);
    const char *s = static_cast<const char *>(src);
    for (int i = 0; i < count; i++)
        d[i] = s[i];
    return dest;
}

void *memset(void *dest, char val, int count)
{
    char *d = static_cast<char *>(dest);
    for (int i = 0; i < count; i++)
        d[i] = val;
    return dest;
}

unsigned short *memsetw(unsigned short *dest, unsigned short val, int count)
{
    for (int i = 0; i < count; i++)
        dest[i] = val;
    return dest;
}

void uint2str(unsigned int num, char *str)
{
    char digits[DECIMAL_DIGITS];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + num % 10);
        num /= 10;
    } while (num);
    while (n)
        *str++ = digits[--n];
    *str = '\0';
}

void int2str(int num, char *str)
{
    if (num < 0) {
        *str++ = '-';
        uint2str(0u - static_cast<unsigned int>(num), str);
    } else {
        uint2str(static_cast<unsigned int>(num), str);
    }
}

char inportb(unsigned short port) { return Machine::inportb(port); }
void outportb(unsigned short port, unsigned char data)
{
    Machine::outportb(port, static_cast<char>(data));
}

void debug_out_E9(const char *string)
{
    for (int i = 0; i < E9_MAX_CHARS && string[i]; i++) {
        outportb(DEBUG_PORT_E9, static_cast<unsigned char>(string[i]));
        mp4_output_seen(string[i]);
    }
    mp4_output_done();
}

void debug_out_E9_msg_value(const char *msg, const unsigned int value)
{
    char number[DECIMAL_DIGITS + 1];
    uint2str(value, number);
    debug_out_E9(msg);
    debug_out_E9(" ");
    debug_out_E9(number);
    debug_out_E9("\n");
}
