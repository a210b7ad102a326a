/*
 * cpu.c - ring 3's view of the CPU beyond its general registers.
 *
 * The FPU.  Ring 3 can run x87 and SSE instructions (inline assembly
 * needs no compiler flag), so each process has its own x87/SSE state: a
 * struct fpu in its struct proc, a 512-byte fxsave area, 16-byte
 * aligned.  The switch is lazy, the classic way: the registers stay
 * loaded with the state of one process, fpu_owner, and CR0.TS is set
 * whenever any other process runs, so its first x87/SSE instruction
 * raises #NM (exception 7).  The scheduler routes #NM to fpu_take, which
 * saves the owner's registers into its area, loads the running process's
 * (or the initial state, for a process that has none saved yet) and
 * makes it the owner.  A switch while nobody owns the FPU - most
 * processes never use it - costs one test (fpu_switch).  fork copies the
 * parent's state, exec and exit reset it (fpu_forget), so a process never
 * sees another's registers or control word.  The kernel itself never uses
 * the FPU: it is built with -mno-80387 -mno-sse -mno-mmx, and an #NM from
 * ring 0 is a report (trap.c).
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
#include "str.h"
#include "x86.h"

#define FXSAVE_FCW      0 /* byte offsets in the fxsave area */
#define FXSAVE_MXCSR    24
#define FPU_INITIAL_FCW 0x037F /* fninit's control word: every exception masked */
#define MXCSR_INITIAL   0x1F80 /* the reset MXCSR: every exception masked */

static struct fpu initial; /* the initial state's image */
static bool has_fxsr, umip_on;
struct fpu *fpu_owner;

static void set_ts(void) { write_cr0(read_cr0() | CR0_TS); }

void fpu_switch_owner(const struct fpu *next)
{
    if (next == fpu_owner)
        clts();
    else
        set_ts();
}

bool fpu_take(struct fpu *cur)
{
    if (!has_fxsr)
        return false;
    clts();
    if (fpu_owner) {
        fxsave(fpu_owner->area);
        fpu_owner->saved = true;
    }
    fxrstor(cur->saved ? cur->area : initial.area);
    fpu_owner = cur;
    return true;
}

void fpu_fork(struct fpu *parent, struct fpu *child)
{
    if (parent == fpu_owner) {
        fxsave(parent->area); /* TS is clear: the parent runs and owns the FPU */
        parent->saved = true;
    }
    child->saved = parent->saved;
    if (parent->saved)
        copy_bytes(child->area, parent->area, sizeof(child->area));
}

void fpu_forget(struct fpu *f)
{
    f->saved = false;
    if (f == fpu_owner) {
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
    memset(initial.area, 0, sizeof(initial.area));
    memcpy(initial.area + FXSAVE_FCW, &fcw, sizeof(fcw));
    memcpy(initial.area + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
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
    if (!has_fxsr)
        kprintf("cpu: no fxsave: a user FPU instruction kills the process\n");
    if (!umip_on)
        kprintf("cpu: no UMIP: sgdt, sidt, sldt, str and smsw work in ring 3\n");
}
