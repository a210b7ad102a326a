/*
 * fpu_state.h - the user side of the FPU tests: set and read back the
 * x87 control word, the top x87 register, MXCSR and XMM0 with inline
 * assembly (user code is built without x87/SSE code, the assembler does
 * not mind).  Each process's values must survive switches to others.
 */
#ifndef SELFMAP_FPU_STATE_H
#define SELFMAP_FPU_STATE_H

struct fpu_values {
    unsigned short cw; /* x87 control word */
    int st0;           /* the integer in st(0) */
    unsigned mxcsr;
    unsigned xmm0; /* the low 32 bits of XMM0 */
};

/* Load v: the control word, push v->st0 onto the x87 stack, MXCSR, XMM0. */
static inline void fpu_load(const struct fpu_values *v)
{
    __asm__ volatile("fldcw %0" ::"m"(v->cw));
    __asm__ volatile("fildl %0" ::"m"(v->st0));
    __asm__ volatile("ldmxcsr %0" ::"m"(v->mxcsr));
    __asm__ volatile("movd %0, %%xmm0" ::"r"(v->xmm0));
}

/* Read the same four back (st(0) is stored, not popped). */
static inline struct fpu_values fpu_read(void)
{
    struct fpu_values v;
    __asm__ volatile("fnstcw %0" : "=m"(v.cw));
    __asm__ volatile("fistl %0" : "=m"(v.st0));
    __asm__ volatile("stmxcsr %0" : "=m"(v.mxcsr));
    __asm__ volatile("movd %%xmm0, %0" : "=r"(v.xmm0));
    return v;
}

static inline int fpu_same(const struct fpu_values *a, const struct fpu_values *b)
{
    return a->cw == b->cw && a->st0 == b->st0 && a->mxcsr == b->mxcsr && a->xmm0 == b->xmm0;
}

#endif
