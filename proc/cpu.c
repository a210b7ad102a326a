/*
 * cpu.c - ring 3's view of the CPU beyond its general registers.
 *
 * The FPU.  Ring 3 can run x87 and SSE instructions (inline assembly
 * needs no compiler flag), so each process has its own x87/SSE state:
 * a 512-byte fxsave area per process slot, 16-byte aligned.  The switch
 * is lazy, the classic way: the registers stay loaded with the state of
 * one process, fpu_owner, and CR0.TS is set whenever any other process
 * runs, so its first x87/SSE instruction raises #NM (exception 7).  The
 * handler saves the owner's registers into its area, loads the running
 * process's (or the initial state, for a process that has none saved
 * yet) and makes it the owner.  A switch between processes that do not
 * touch the FPU - nearly all of them - costs two compares
 * (fpu_switch).  fork copies the parent's state, exec and exit reset it
 * (fpu_forget), so a process never sees another's registers or control
 * word.  The kernel itself never uses the FPU: it is built with
 * -mno-80387 -mno-sse -mno-mmx, and an #NM from ring 0 is a report.
 * Without fxsave (no such CPU in QEMU's models) there is no per-process
 * state: a user FPU instruction kills the process with a report instead.
 *
 * UMIP.  sgdt, sidt, sldt, str and smsw work in ring 3 unless CR4.UMIP is
 * set, and they hand out the kernel addresses of the GDT and IDT.  When
 * the CPU has UMIP (CPUID leaf 7, ECX bit 2; tools/qemu.sh asks QEMU
 * for it with -cpu qemu32,+umip) cpu_init sets it, and those
 * instructions raise #GP in ring 3: the process is killed like for any
 * other #GP.
 */
#include "cpu.h"

#include "console.h"
#include "interrupts/exceptions.h"
#include "interrupts/gdt.h"
#include "str.h"
#include "utils.h"
#include "x86.h"

#define FPU_AREA_SIZE   512
#define FPU_AREA_ALIGN  16
#define FXSAVE_FCW      0 /* byte offsets in the fxsave area */
#define FXSAVE_MXCSR    24
#define FPU_INITIAL_FCW 0x037F /* fninit's control word: every exception masked */
#define MXCSR_INITIAL   0x1F80 /* the reset MXCSR: every exception masked */
#define SEL_RPL_MASK    3u

struct fpu_area {
    uint8_t bytes[FPU_AREA_SIZE];
} __attribute__((aligned(FPU_AREA_ALIGN)));

static struct fpu_area areas[NPROC];
static bool saved[NPROC];       /* areas[i] holds slot i's state */
static struct fpu_area initial; /* what exec starts from */
static bool has_fxsr, umip_on;
struct proc *fpu_owner;

static unsigned slot(const struct proc *p) { return (unsigned)(p - proc_table); }

static void set_ts(void) { write_cr0(read_cr0() | CR0_TS); }

void fpu_switch_owner(const struct proc *next)
{
    if (next == fpu_owner)
        clts();
    else
        set_ts();
}

/* #NM: the running process's first FPU instruction since it last ran
 * without owning the FPU. */
static void device_not_available(struct regs *r)
{
    struct proc *cur = proc_current();
    if ((r->cs & SEL_RPL_MASK) != GDT_RPL_USER)
        exception_report(r, "the kernel used the FPU (it is built without x87/SSE code)");
    if (!has_fxsr)
        proc_kill_for_fault("FPU instruction (this CPU has no fxsave: processes may not use "
                            "the FPU)",
                            r->eip, uvm_region_name(uvm_region_of(&cur->uvm, r->eip)));
    clts();
    if (fpu_owner) {
        fxsave(&areas[slot(fpu_owner)]);
        saved[slot(fpu_owner)] = true;
    }
    fxrstor(saved[slot(cur)] ? &areas[slot(cur)] : &initial);
    fpu_owner = cur;
}

void fpu_fork(struct proc *parent, struct proc *child)
{
    if (parent == fpu_owner) {
        fxsave(&areas[slot(parent)]); /* TS is clear: the parent runs and owns the FPU */
        saved[slot(parent)] = true;
    }
    saved[slot(child)] = saved[slot(parent)];
    if (saved[slot(parent)])
        memcpy(&areas[slot(child)], &areas[slot(parent)], sizeof(struct fpu_area));
}

void fpu_forget(struct proc *p)
{
    saved[slot(p)] = false;
    if (p == fpu_owner) {
        fpu_owner = NULL;
        set_ts();
    }
}

bool cpu_umip_on(void) { return umip_on; }

/* The fxsave image of the state fninit and a reset leave: control word
 * 0x037F, every x87 register empty (abridged tag 0), MXCSR 0x1F80, the
 * x87 and XMM registers zero. */
static void build_initial_state(void)
{
    uint16_t fcw = FPU_INITIAL_FCW;
    uint32_t mxcsr = MXCSR_INITIAL;
    memset(&initial, 0, sizeof(initial));
    memcpy(initial.bytes + FXSAVE_FCW, &fcw, sizeof(fcw));
    memcpy(initial.bytes + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
}

void cpu_init(void)
{
    struct cpuid_regs f = cpuid(CPUID_LEAF_FEATURES, 0);
    unsigned long cr4 = read_cr4();
    has_fxsr = (f.edx & CPUID_1_EDX_FPU) && (f.edx & CPUID_1_EDX_FXSR);
    if (has_fxsr)
        cr4 |= CR4_OSFXSR | ((f.edx & CPUID_1_EDX_SSE) ? CR4_OSXMMEXCPT : 0);
    if (cpuid(0, 0).eax >= CPUID_LEAF_EXTENDED7 &&
        (cpuid(CPUID_LEAF_EXTENDED7, 0).ecx & CPUID_7_ECX_UMIP)) {
        cr4 |= CR4_UMIP;
        umip_on = true;
    }
    write_cr4(cr4);
    build_initial_state();
    fpu_owner = NULL;
    write_cr0((read_cr0() & ~CR0_EM) | CR0_MP | CR0_NE | CR0_TS);
    exception_register_handler(EXC_DEVICE_NOT_AVAIL, device_not_available);
    if (!has_fxsr)
        kprintf("cpu: no fxsave: a user FPU instruction kills the process\n");
    if (!umip_on)
        kprintf("cpu: no UMIP: sgdt, sidt, sldt, str and smsw work in ring 3\n");
}
