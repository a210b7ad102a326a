// fuzz_crowd.c - the fuzzer's crowd mode without the pager: three
// processes make 200,000 hostile calls while others fork, exec, kill,
// grow and shrink the heap, use pipes, shm and petmem (crowd.h).
// make fuzz runs more calls with a fresh seed (tools/fuzz_crowd.sh).
// boot: seed=20261207 calls=200000
#include "crowd.h"

int main(int argc, char **argv)
{
    utest_name = "fuzz_crowd";
    return crowd_main(argc, argv, 200000);
}
