/*
    File: kernel_too_few_info_frames.C

    A negative case for make run-mp4: the process pool is given fewer
    info frames than it needs.  ContFramePool must panic before it writes
    past the frames it was given, and make run-mp4 must exit non-zero.
*/

#define MB                       *(0x1 << 20)
#define KERNEL_POOL_START_FRAME  ((2 MB) / Machine::PAGE_SIZE)
#define KERNEL_POOL_SIZE         ((2 MB) / Machine::PAGE_SIZE)
#define PROCESS_POOL_START_FRAME ((4 MB) / Machine::PAGE_SIZE)
#define PROCESS_POOL_SIZE        ((28 MB) / Machine::PAGE_SIZE)

#include "machine.H"
#include "console.H"
#include "cont_frame_pool.H"

int main()
{
    Console::init();
    ContFramePool kernel_mem_pool(KERNEL_POOL_START_FRAME, KERNEL_POOL_SIZE, 0, 0);
    unsigned long too_few = ContFramePool::needed_info_frames(PROCESS_POOL_SIZE) - 1;
    ContFramePool process_mem_pool(PROCESS_POOL_START_FRAME, PROCESS_POOL_SIZE,
                                   kernel_mem_pool.get_frames(1), too_few);
    Console::puts("Test Passed! Congratulations!\n");
    Console::puts("YOU CAN SAFELY TURN OFF THE MACHINE NOW.\n");
    for (;;)
        ;
}
