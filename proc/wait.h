/*
 * wait.h - blocking and waking, for the code under the process layer
 * that must wait (pipes, proc/file.c) without knowing struct proc.
 * Implemented by the scheduler (proc/sched.c); proc.h says why no lock
 * is needed: the kernel is never preempted, so a condition checked
 * before sched_block cannot change before the process is asleep.
 */
#ifndef SELFMAP_WAIT_H
#define SELFMAP_WAIT_H

#include <stdbool.h>

/* Block the current process on `chan` until sched_wakeup(chan) (or a
 * kill); the caller re-checks its condition. */
void sched_block(const void *chan);
/* Make every process blocked on `chan` runnable. */
void sched_wakeup(const void *chan);
/* True when the current process has been killed: a blocking call should
 * give up (return -1) instead of waiting again. */
bool sched_current_killed(void);

#endif
