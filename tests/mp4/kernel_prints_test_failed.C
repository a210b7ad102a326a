/*
    File: kernel_prints_test_failed.C

    A negative case for make run-mp4: an MP4-style kernel that reports a
    failure the way the handout's TestFailed() does.  make run-mp4 must
    exit non-zero for it.
*/

#include "machine.H"
#include "console.H"
#include "gdt.H"
#include "idt.H"

int main()
{
    GDT::init();
    Console::init();
    IDT::init();
    Console::puts("Test Failed\n");
    Console::puts("YOU CAN TURN OFF THE MACHINE NOW.\n");
    for (;;)
        ;
}
