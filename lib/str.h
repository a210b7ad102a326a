/*
 * str.h - memset, memcpy, memmove, memcmp, strlen, strcmp, strncmp and
 * strstr, with the C library's meanings (str.c).  Shared by the kernel
 * (through utils.h) and the user library: it includes only <stddef.h>.
 */
#ifndef SELFMAP_STR_H
#define SELFMAP_STR_H

#include <stddef.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n); /* the ranges must not overlap */
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* The first occurrence of needle in hay, or NULL; hay itself for "". */
char *strstr(const char *hay, const char *needle);

#endif
