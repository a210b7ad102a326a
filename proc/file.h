/*
 * file.h - what a file descriptor points at: the console or one end of
 * a pipe.  Files are reference-counted objects in a fixed table, shared
 * by fork; a pipe is freed when both of its ends are closed.
 *
 * Pipes block like xv6's: a reader waits while the pipe is empty and a
 * writer is still open (then end of file: 0); a writer waits while it is
 * full, and fails with -1 once no reader is left.
 */
#ifndef SELFMAP_FILE_H
#define SELFMAP_FILE_H

#include <stdbool.h>

#define NFILE     128 /* open files in the whole system */
#define NPIPE     32
#define PIPE_SIZE 512

struct file;

/* A new console file, or NULL when the file table is full. */
struct file *file_console(void);
/* Make a pipe: *rd reads what *wr writes.  Returns 0, or -1 (nothing
 * allocated) when the pipe or file table is full. */
int file_pipe(struct file **rd, struct file **wr);
/* One more reference to `f` (fork, dup). */
struct file *file_dup(struct file *f);
/* Drop a reference; the last one frees the file (and closes its pipe
 * end, waking whoever waits on the other end). */
void file_close(struct file *f);
/* Read up to n bytes into user address `ubuf` of the current process.
 * In this order: a write-only file or n < 0 is -1; n == 0 is 0 at once
 * (nothing blocks, ubuf is not looked at); a buffer with any byte the
 * process may not write (uvm_buffer_ok) is -1 at once, before blocking
 * and before any byte moves.  Returns the count (0 at end of file; the
 * console has no input, so always 0), or -1 when killed or when memory
 * runs out bringing in a page of the buffer: a pipe then keeps every
 * byte (none is taken unless all reached the buffer). */
int file_read(struct file *f, unsigned long ubuf, int n);
/* Write n bytes from user address `ubuf`, with file_read's order of
 * checks (a read-only file; n == 0 is 0 at once; a bad buffer is -1
 * before any byte moves).  Returns n, or -1 when no reader is left,
 * when killed, or when memory runs out bringing in a page of the
 * buffer; the bytes written before then stay in the pipe. */
int file_write(struct file *f, unsigned long ubuf, int n);
/* Files and pipes in use (proc_run_init checks both are 0 at the end). */
unsigned file_count(void);
unsigned pipe_count(void);

#endif
