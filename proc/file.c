/*
 * file.c - console files and pipes (file.h).
 *
 * Both tables are static arrays in kernel memory: no allocation can fail
 * halfway and nothing needs freeing at shutdown.  A pipe's data is a
 * PIPE_SIZE ring indexed by two free-running counters (nread, nwrite),
 * as in xv6: empty when they are equal, full when they differ by
 * PIPE_SIZE.  Data moves between user memory and the ring through the
 * checked copy routines (uvm.h), one contiguous piece at a time.
 */
#include "file.h"

#include "console.h"
#include "sched.h" /* sched_block, sched_wakeup */
#include "utils.h"
#include "uvm.h"

#define CONSOLE_CHUNK 128

enum file_type { FILE_NONE, FILE_CONSOLE, FILE_PIPE };

struct pipe {
    bool used, readopen, writeopen;
    unsigned nread, nwrite;
    char data[PIPE_SIZE];
};

struct file {
    enum file_type type;
    unsigned refs;
    bool readable, writable;
    struct pipe *pipe;
};

static struct file files[NFILE];
static struct pipe pipes[NPIPE];

static struct file *file_alloc(enum file_type type, bool readable, bool writable)
{
    for (int i = 0; i < NFILE; i++) {
        struct file *f = &files[i];
        if (f->type == FILE_NONE) {
            f->type = type, f->refs = 1, f->readable = readable, f->writable = writable;
            f->pipe = NULL;
            return f;
        }
    }
    return NULL;
}

struct file *file_console(void) { return file_alloc(FILE_CONSOLE, true, true); }

int file_pipe(struct file **rd, struct file **wr)
{
    struct pipe *p = NULL;
    for (int i = 0; i < NPIPE && !p; i++)
        if (!pipes[i].used)
            p = &pipes[i];
    if (!p || !(*rd = file_alloc(FILE_PIPE, true, false)))
        return -1;
    if (!(*wr = file_alloc(FILE_PIPE, false, true))) {
        (*rd)->type = FILE_NONE;
        return -1;
    }
    p->used = p->readopen = p->writeopen = true;
    p->nread = p->nwrite = 0;
    (*rd)->pipe = (*wr)->pipe = p;
    return 0;
}

struct file *file_dup(struct file *f)
{
    f->refs++;
    return f;
}

void file_close(struct file *f)
{
    struct pipe *p = f->pipe;
    if (f->refs == 0 || f->type == FILE_NONE)
        panic("file_close: file is not open");
    if (--f->refs)
        return;
    if (f->type == FILE_PIPE) {
        if (f->writable)
            p->writeopen = false, sched_wakeup(&p->nread);
        else
            p->readopen = false, sched_wakeup(&p->nwrite);
        if (!p->readopen && !p->writeopen)
            p->used = false;
    }
    f->type = FILE_NONE;
}

/* The bytes are taken from the pipe (nread moves) only once they all
 * reached the user: a copy that fails (memory ran out backing a page of
 * the buffer) leaves the pipe as it was.  Nothing runs in between, as
 * the copy never blocks. */
static int pipe_read(struct pipe *p, unsigned long ubuf, int n)
{
    unsigned done = 0;
    while (p->nread == p->nwrite && p->writeopen) {
        if (sched_current_killed())
            return -1;
        sched_block(&p->nread);
    }
    while (done < (unsigned)n && p->nread + done != p->nwrite) {
        unsigned at = (p->nread + done) % PIPE_SIZE;
        unsigned chunk = MIN(p->nwrite - p->nread - done, PIPE_SIZE - at);
        chunk = MIN(chunk, (unsigned)n - done);
        if (uvm_copyout(ubuf + done, p->data + at, chunk) < 0)
            return -1;
        done += chunk;
    }
    p->nread += done;
    sched_wakeup(&p->nwrite);
    return (int)done;
}

static int pipe_write(struct pipe *p, unsigned long ubuf, int n)
{
    unsigned done = 0;
    while (done < (unsigned)n) {
        unsigned at = p->nwrite % PIPE_SIZE, chunk;
        if (!p->readopen || sched_current_killed())
            return -1;
        if (p->nwrite - p->nread == PIPE_SIZE) {
            sched_wakeup(&p->nread);
            sched_block(&p->nwrite);
            continue;
        }
        chunk = MIN(PIPE_SIZE - (p->nwrite - p->nread), PIPE_SIZE - at);
        chunk = MIN(chunk, (unsigned)n - done);
        if (uvm_copyin(p->data + at, ubuf + done, chunk) < 0)
            return -1;
        p->nwrite += chunk, done += chunk;
    }
    sched_wakeup(&p->nread);
    return n;
}

static int console_write(unsigned long ubuf, int n)
{
    char buf[CONSOLE_CHUNK];
    for (int done = 0; done < n;) {
        int chunk = MIN(n - done, CONSOLE_CHUNK);
        if (uvm_copyin(buf, ubuf + (unsigned long)done, (unsigned long)chunk) < 0)
            return -1;
        for (int i = 0; i < chunk; i++)
            console_putc(buf[i]);
        done += chunk;
    }
    return n;
}

int file_read(struct file *f, unsigned long ubuf, int n)
{
    if (!f->readable || n < 0)
        return -1;
    if (n == 0)
        return 0;
    if (!uvm_buffer_ok(ubuf, (unsigned long)n, true))
        return -1;
    if (f->type == FILE_PIPE)
        return pipe_read(f->pipe, ubuf, n);
    return 0; /* the console has no input */
}

int file_write(struct file *f, unsigned long ubuf, int n)
{
    if (!f->writable || n < 0)
        return -1;
    if (n == 0)
        return 0;
    if (!uvm_buffer_ok(ubuf, (unsigned long)n, false))
        return -1;
    if (f->type == FILE_PIPE)
        return pipe_write(f->pipe, ubuf, n);
    return console_write(ubuf, n);
}

unsigned file_count(void)
{
    unsigned n = 0;
    for (int i = 0; i < NFILE; i++)
        n += files[i].type != FILE_NONE;
    return n;
}

unsigned pipe_count(void)
{
    unsigned n = 0;
    for (int i = 0; i < NPIPE; i++)
        n += pipes[i].used;
    return n;
}
