; trap.asm - the system-call gate and its way back to ring 3: the
; assembly half of the user traps (trap.c is the C half).
;
; syscall_entry is vector 0x80's handler (an interrupt gate with DPL 3,
; so IF is clear inside).  It saves the registers in the same layout as
; interrupts/isr.asm (struct regs in interrupts/regs.h), loads the
; kernel's data segments and calls syscall_dispatch(struct regs *) at
; once: no vector table, so getpid stays a handful of instructions.
; The entry invariant (every way into the kernel keeps it, see also
; interrupts/isr.asm and start.asm): before any C code runs, EFLAGS.DF
; is clear, because GCC's code and every `rep movs`/`rep stos` the kernel
; issues assume it (the System V ABI).  The gate clears IF, TF and NT
; but not DF, and ring 3 may set DF with `std` and make the call, so
; the stub issues `cld` itself.  The user's own EFLAGS, DF included, is
; saved by the CPU in struct regs and comes back with iret.
;
; trapret restores a struct regs and irets: it ends every system call
; (the same steps as interrupts/isr.asm's isr_return, through which a
; new process enters ring 3 the first time; falling through here costs
; a system call no jump).  The context switch is swtch.asm's.

KERNEL_DATA equ 0x10
SYSCALL_VEC equ 0x80

extern syscall_dispatch
global syscall_entry

section .text
syscall_entry:
    cld                            ; the entry invariant: DF clear for C
    push dword 0                   ; error code
    push dword SYSCALL_VEC         ; vector
    pusha
    push ds
    push es
    push fs
    push gs
    mov ax, KERNEL_DATA
    mov ds, ax
    mov es, ax
    push esp                       ; struct regs *
    call syscall_dispatch
    add esp, 4
trapret:
    pop gs
    pop fs
    pop es
    pop ds
    popa
    add esp, 8                     ; vector and error code
    iret

