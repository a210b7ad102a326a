/*
 * syscall.c - the system calls: the table by number (syscall.h) and each
 * call's argument checks.  The gate that indexes the table, and ends a
 * killed process on its way out, is trap.c's syscall_dispatch.
 *
 * Every argument is untrusted.  Numbers are range-checked here; every
 * user pointer goes through uvm_copyin/copyout/copyinstr, which check it
 * against the process's own regions; file descriptors, pids, sizes and
 * shm ids are checked by the call.  Anything wrong returns -1 (NULL for
 * the calls that return pointers) and changes nothing.
 */
#include "syscall.h"

#include "console.h"
#include "cont_frame_pool.h"
#include "exec.h"
#include "file.h"
#include "interrupts/pit.h"
#include "pmaps.h"
#include "proc.h"
#include "shm.h"
#include "tlb.h"
#include "utils.h"
#include "vm_pool_inspect.h"
#include "vm_pool_registry.h"

static struct proc *cur(void) { return proc_current(); }

static int sys_fork(struct regs *r)
{
    (void)r;
    return proc_fork();
}

static int sys_exit(struct regs *r) { proc_exit((int)r->ebx); }
static int sys_wait(struct regs *r) { return proc_wait(r->ebx); }
static int sys_kill(struct regs *r) { return proc_kill((int)r->ebx); }
static int sys_getpid(struct regs *r)
{
    (void)r;
    return cur()->pid;
}

static int sys_sleep(struct regs *r)
{
    int n = (int)r->ebx;
    return n < 0 ? -1 : sched_sleep((unsigned long)n);
}

static int sys_uptime(struct regs *r)
{
    (void)r;
    return (int)pit_ticks();
}

static int sys_sbrk(struct regs *r) { return (int)uvm_sbrk(&cur()->pt, (long)(int)r->ebx); }

static int sys_exec(struct regs *r)
{
    char name[EXEC_NAME_MAX];
    if (uvm_copyinstr(name, r->ebx, sizeof(name)) < 0)
        return -1;
    return exec_program(cur(), name, r->ecx, true);
}

static struct file *fd_file(int fd) { return fd >= 0 && fd < NOFILE ? cur()->ofile[fd] : NULL; }

static int fd_alloc(struct file *f, int after)
{
    for (int fd = after + 1; fd < NOFILE; fd++)
        if (!cur()->ofile[fd]) {
            cur()->ofile[fd] = f;
            return fd;
        }
    return -1;
}

static int sys_pipe(struct regs *r)
{
    struct file *rd, *wr;
    int fds[2];
    if (!uvm_buffer_ok(r->ebx, sizeof(fds), true) || file_pipe(&rd, &wr) < 0)
        return -1; /* a bad fds: -1 before anything is made or written */
    fds[0] = fd_alloc(rd, -1);
    fds[1] = fds[0] < 0 ? -1 : fd_alloc(wr, fds[0]);
    if (fds[1] < 0 || uvm_copyout(r->ebx, fds, sizeof(fds)) < 0) {
        for (int i = 0; i < 2; i++)
            if (fds[i] >= 0)
                cur()->ofile[fds[i]] = NULL;
        file_close(rd);
        file_close(wr);
        return -1;
    }
    return 0;
}

static int sys_read(struct regs *r)
{
    struct file *f = fd_file((int)r->ebx);
    return f ? file_read(f, r->ecx, (int)r->edx) : -1;
}

static int sys_write(struct regs *r)
{
    struct file *f = fd_file((int)r->ebx);
    return f ? file_write(f, r->ecx, (int)r->edx) : -1;
}

static int sys_close(struct regs *r)
{
    struct file *f = fd_file((int)r->ebx);
    if (!f)
        return -1;
    cur()->ofile[r->ebx] = NULL;
    file_close(f);
    return 0;
}

/* ---- petmem: a VM pool over the process's petmem area ----------------- */

static struct vm_pool *petmem(void)
{
    struct uvm *u = &cur()->uvm;
    if (!u->petmem_on) {
        vm_pool_init(&u->petmem, PETMEM_BASE, PETMEM_SIZE, &process_mem_pool, &cur()->pt);
        vm_pool_set_name(&u->petmem, "petmem");
        u->petmem_on = true;
    }
    return &u->petmem;
}

static int sys_init_petmem(struct regs *r)
{
    (void)r;
    petmem();
    return 0;
}

/* vm_pool_allocate backs the pool's bookkeeping itself and returns 0
 * when it cannot, and release never needs a frame (vm_pool.h), so
 * neither can fault in the kernel, however little memory is left. */
static int sys_pet_malloc(struct regs *r) { return (int)vm_pool_allocate(petmem(), r->ebx); }

static int sys_pet_free(struct regs *r)
{
    return vm_pool_release(petmem(), r->ebx) == E_OK ? 0 : -1;
}

static void dump_extent(void *arg, unsigned long start, unsigned long pages, bool live)
{
    (void)arg;
    if (live)
        kprintf("petmem: 0x%08lx-0x%08lx %6lu pages allocated\n", start, start + PAGE_ADDR(pages),
                pages);
}

static int sys_pet_dump(struct regs *r)
{
    struct vm_pool *pool = petmem();
    (void)r;
    kprintf("petmem: pid %d, %lu region(s) in 0x%08lx-0x%08lx\n", cur()->pid,
            vm_pool_region_count(pool), pool->base, pool->base + pool->size);
    vm_pool_walk(pool, dump_extent, NULL);
    return 0;
}

/* petmem's pet_invlpg: drop the TLB's translation of the page at ebx,
 * as petmem's module does with invlpg.  Only a user address is flushed;
 * any other is ignored.  Returns 0 (the call is void in user code). */
static int sys_pet_invlpg(struct regs *r)
{
    if (in_user_range(r->ebx))
        tlb_flush_page(TLB_LOADED, r->ebx); /* the caller's space is the loaded one */
    return 0;
}

/* ---- shm: one page per id, opens counted per process ------------------ */

static struct proc_shm *shm_slot(int id)
{
    for (int i = 0; i < PROC_SHM_MAX; i++)
        if (cur()->shm[i].opens && cur()->shm[i].id == id)
            return &cur()->shm[i];
    return NULL;
}

static int sys_openshmem(struct regs *r)
{
    int id = (int)r->ebx;
    struct proc_shm *s = shm_slot(id);
    void *addr;
    if (s) {
        s->opens++;
        return (int)s->va;
    }
    for (int i = 0; i < PROC_SHM_MAX && !s; i++)
        if (!cur()->shm[i].opens)
            s = &cur()->shm[i];
    if (!s || shm_try_open(id, PAGE_SIZE, &addr) < 0)
        return 0;
    s->id = id, s->opens = 1, s->va = (unsigned long)(uintptr_t)addr;
    return (int)s->va;
}

static int sys_closeshmem(struct regs *r)
{
    struct proc_shm *s = shm_slot((int)r->ebx);
    if (!s)
        return -1;
    if (--s->opens == 0 && shm_close(s->id) < 0)
        panic("sys_closeshmem: segment %d was not open here", s->id);
    return 0;
}

static int sys_yield(struct regs *r)
{
    (void)r;
    sched_yield();
    return 0;
}

static int sys_frames(struct regs *r)
{
    (void)r;
    return (int)page_table_free_frames();
}

/* Test-only (like Pintos's get_phys_addr): the frame behind user
 * address ebx, or -1 when no page is present there.  Changes nothing. */
static int sys_frameof(struct regs *r)
{
    pte_t pte = in_user_range(r->ebx) ? page_table_lookup(r->ebx) : 0;
    return pte_is_present(pte) ? (int)pte_frame(pte) : -1;
}

/* The calling process, as proc/pmaps.h names it. */
static struct pmaps_who who(void)
{
    return (struct pmaps_who){cur()->pid, cur()->name, &cur()->pt};
}

/* maps(buf, n): the caller's maps as text (pmaps_copyout_maps). */
static int sys_maps(struct regs *r)
{
    struct pmaps_who w = who();
    return pmaps_copyout_maps(&w, r->ebx, (int)r->ecx);
}

/* pagewalk(addr, buf, n): the walk of addr in the caller's space. */
static int sys_pagewalk(struct regs *r)
{
    struct pmaps_who w = who();
    return pmaps_copyout_walk(&w, r->ebx, r->ecx, (int)r->edx);
}

/* faults(counts): the caller's page faults by kind. */
static int sys_faults(struct regs *r)
{
    struct pmaps_who w = who();
    return pmaps_copyout_faults(&w, r->ebx);
}

const syscall_fn syscall_table[NSYSCALLS] = {
    [SYS_fork] = sys_fork,
    [SYS_exit] = sys_exit,
    [SYS_wait] = sys_wait,
    [SYS_kill] = sys_kill,
    [SYS_getpid] = sys_getpid,
    [SYS_sleep] = sys_sleep,
    [SYS_uptime] = sys_uptime,
    [SYS_sbrk] = sys_sbrk,
    [SYS_exec] = sys_exec,
    [SYS_pipe] = sys_pipe,
    [SYS_read] = sys_read,
    [SYS_write] = sys_write,
    [SYS_close] = sys_close,
    [SYS_init_petmem] = sys_init_petmem,
    [SYS_pet_malloc] = sys_pet_malloc,
    [SYS_pet_free] = sys_pet_free,
    [SYS_pet_dump] = sys_pet_dump,
    [SYS_openshmem] = sys_openshmem,
    [SYS_closeshmem] = sys_closeshmem,
    [SYS_yield] = sys_yield,
    [SYS_frames] = sys_frames,
    [SYS_frameof] = sys_frameof,
    [SYS_maps] = sys_maps,
    [SYS_pagewalk] = sys_pagewalk,
    [SYS_faults] = sys_faults,
    [SYS_pet_invlpg] = sys_pet_invlpg,
};
