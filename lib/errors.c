/*
 * errors.c - the names of the error codes errors.h declares, for reports
 * and tests ("E_NOT_HEAD"), kept beside the codes themselves.
 */
#include "errors.h"

const char *error_name(int code)
{
    static const char *const names[] = {
        "E_OK",    "E_INVAL",      "E_NOPOOL",     "E_NOT_HEAD",      "E_RANGE",
        "E_BUSY",  "E_NOT_REGION", "E_NOMEM",      "E_EXISTS",        "E_NOT_OPEN",
        "E_FULL",  "E_MISALIGNED", "E_WRONG_SIZE", "E_NOT_ALLOCATED", "E_ALREADY_OPEN",
        "E_NODEV", "E_IO",         "E_TIMEOUT",
    };
    if (code > 0 || (unsigned)-code >= sizeof(names) / sizeof(names[0]))
        return "E_UNKNOWN";
    return names[-code];
}
