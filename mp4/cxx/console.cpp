/*
 * console.cpp - MP4's Console over selfmap's console, and the watcher
 * that ends an MP4 run.
 *
 * Why so: an MP4 kernel ends in for(;;) after printing "YOU CAN [SAFELY]
 * TURN OFF THE MACHINE NOW.", so nothing but its output says when it is
 * done and whether it passed.  Everything it prints passes through this
 * file (Console) or utils.cpp (port 0xE9); the watcher keeps the last
 * few characters, case-folded, and notes the pass, fail and turn-off
 * phrases as they complete.  Console::puts prints with interrupts off,
 * so the timer's "One second has passed" never splits a phrase.
 */
#include "../include/console.H"
#include "glue.h"

#undef assert /* MP4's; selfmap's C headers define their own */
extern "C" {
#include "console.h"
#include "utils.h"
#include "x86.h"
}

namespace
{
const char *const PASSED = "test passed";
const char *const FAILED = "test failed";
const char *const TURN_OFF = "turn off the machine now"; /* ends the Console call it is in */
const unsigned TAIL = 32;                                /* longer than every phrase */

struct Watcher {
    char tail[TAIL]; /* the last characters, lower case, oldest first */
    bool passed, failed, turned_off;
};
Watcher watch;

bool tail_ends_with(const char *phrase)
{
    unsigned n = static_cast<unsigned>(strlen(phrase));
    return memcmp(watch.tail + TAIL - n, phrase, n) == 0;
}
} // namespace

void mp4_output_seen(char c)
{
    memmove(watch.tail, watch.tail + 1, TAIL - 1);
    watch.tail[TAIL - 1] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    watch.passed = watch.passed || tail_ends_with(PASSED);
    watch.failed = watch.failed || tail_ends_with(FAILED);
    watch.turned_off = watch.turned_off || tail_ends_with(TURN_OFF);
}

void mp4_output_done()
{
    bool ok = watch.passed && !watch.failed;
    if (!watch.turned_off)
        return;
    kprintf("\nselfmap: the MP4 kernel is done: %s\n",
            ok ? "it printed Test Passed" : "no Test Passed, or a Test Failed");
    machine_exit(ok ? EXIT_PASSED : EXIT_FAILED);
}

void mp4_abort() { panic("abort() called"); }

void Console::init(unsigned char fore_color, unsigned char back_color)
{
    set_TextColor(fore_color, back_color);
    console_init();
}

void Console::clear_screen() { console_init(); }
void Console::scroll_screen() {}
void Console::set_TextColor(unsigned char fore_color, unsigned char back_color)
{
    (void)fore_color;
    (void)back_color;
}

void Console::redirect_output(bool to_terminal) { (void)to_terminal; }

void Console::putch(const char c)
{
    bool on = irq_save();
    console_putc(c);
    mp4_output_seen(c);
    irq_restore(on);
    mp4_output_done();
}

void Console::puts(const char *s)
{
    bool on = irq_save();
    for (const char *p = s; *p; p++) {
        console_putc(*p);
        mp4_output_seen(*p);
    }
    irq_restore(on);
    mp4_output_done();
}

void Console::puti(const int n)
{
    char buf[16];
    ksnprintf(buf, sizeof(buf), "%d", n);
    puts(buf);
}

void Console::putui(const unsigned int n)
{
    char buf[16];
    ksnprintf(buf, sizeof(buf), "%u", n);
    puts(buf);
}
