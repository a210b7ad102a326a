; swtch.asm - the context switch, the scheduler's one piece of assembly
; (proc/sched.c calls it from switch_to).  A file of its own, below the
; traps (trap.asm, trap.c), so the scheduler calls nothing above it.
;
; swtch(struct context **old, struct context *new) saves the callee-
; saved registers on the current kernel stack, stores that stack's
; pointer in *old, and loads `new`, which an earlier swtch (or the
; process builder, proc/proc.c's alloc_proc) left the same way.

global swtch

section .text
swtch:
    mov eax, [esp + 4]             ; struct context **old
    mov edx, [esp + 8]             ; struct context *new
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret
