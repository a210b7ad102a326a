/*
 * petmem_harness.h - the declarations of petmem's test harness header
 * (the 2019 skeleton's user/harness.h), written here as that header
 * spells them, so user_petmem_harness can check that a petmem test
 * program compiles beside selfmap's user.h unchanged.
 */
#ifndef PETMEM_HARNESS_H
#define PETMEM_HARNESS_H

#include <stddef.h>

int init_petmem(void);
void *pet_malloc(size_t size);
void pet_free(void *addr);
void pet_dump();
void pet_invlpg(void *addr);

#endif
