/*
 * errors.h - the named error codes every recoverable failure returns.
 * Zero is success; every failure is negative, so `if (rc < 0)` works.
 * Broken invariants are not errors: they panic (see utils.h).
 */
#ifndef SELFMAP_ERRORS_H
#define SELFMAP_ERRORS_H

enum sm_error {
    E_OK = 0,
    E_INVAL = -1,          /* an argument is out of its range (zero size, bad id) */
    E_NOPOOL = -2,         /* no frame pool owns this frame */
    E_NOT_HEAD = -3,       /* frame is not the head of an allocated sequence */
    E_RANGE = -4,          /* range does not lie inside the pool */
    E_BUSY = -5,           /* range holds allocated frames */
    E_NOT_REGION = -6,     /* address is not the start of a live region */
    E_NOMEM = -7,          /* out of frames or out of address space */
    E_EXISTS = -8,         /* already exists with other parameters (size mismatch) */
    E_NOT_OPEN = -9,       /* this address space has not opened it */
    E_FULL = -10,          /* a fixed-size table is full */
    E_MISALIGNED = -11,    /* frame is not aligned to its block size */
    E_WRONG_SIZE = -12,    /* freed with another size than allocated */
    E_NOT_ALLOCATED = -13, /* block is not allocated (free, or double free) */
    E_ALREADY_OPEN = -14,  /* this address space has it open already */
    E_NODEV = -15,         /* no device there (no disk on the ATA bus) */
    E_IO = -16,            /* the device reported an error (ERR or DF) */
    E_TIMEOUT = -17,       /* the device stayed busy past the bounded wait */
};

/* The name of an error code, e.g. "E_NOT_HEAD", for reports and tests. */
const char *error_name(int code);

#endif
