; isr.asm - entry stubs for the 32 CPU exceptions and the 16 PIC IRQs.
;
; Each stub makes the stack look the same (a zero error code where the
; CPU pushes none, then the vector number) and jumps to a common stub,
; which saves the rest of struct regs (interrupts/regs.h), loads the
; kernel's data segments into DS and ES (an interrupt from ring 3 leaves
; the user's loaded; FS and GS are saved and restored but the kernel
; never uses them), and calls interrupt_handlers[vector](struct regs *):
; one indirect call, so a page fault reaches its handler directly.
;
; The entry invariant, the same as proc/trap.asm's system-call gate:
; before any C code runs, EFLAGS.DF is clear (`cld`).  An interrupt gate
; clears IF, TF and NT but not DF, and the kernel's C code and its
; `rep movs`/`rep stos` assume DF = 0; ring 3 can set it with `std`
; right before a faulting store, and ring 0 code must not depend on
; whatever DF it was interrupted with either.  iret restores the
; interrupted EFLAGS, DF included, from struct regs.
;
; isr_return, the common stub's second half, restores a struct regs and
; irets.  A new process's first context points at it (proc/proc.c's
; proc_alloc): it "returns" to ring 3 with the struct regs its kernel
; stack was built with, as if from an interrupt.

extern interrupt_handlers
global isr_stub_table, isr_return

%macro STUB_NOERR 1
isr_stub_%1:
    push dword 0
    push dword %1
    jmp common_stub
%endmacro

%macro STUB_ERR 1
isr_stub_%1:
    push dword %1
    jmp common_stub
%endmacro

section .text
; Vectors 8, 10-14, 17 and 21 get an error code from the CPU.
%assign v 0
%rep 48
%if v == 8 || (v >= 10 && v <= 14) || v == 17 || v == 21
    STUB_ERR v
%else
    STUB_NOERR v
%endif
%assign v v + 1
%endrep

common_stub:
    cld                            ; the entry invariant: DF clear for C
    pusha
    push ds
    push es
    push fs
    push gs
    ; An interrupt from ring 3 leaves the user's data segments loaded,
    ; which a hostile program may have set to anything: load the
    ; kernel's (GDT_KERNEL_DATA) before any C code runs.
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov eax, [esp + 48]            ; the vector number (struct regs.int_no)
    push esp                       ; struct regs *
    call [interrupt_handlers + eax * 4]
    add esp, 4
isr_return:
    pop gs
    pop fs
    pop es
    pop ds
    popa
    add esp, 8                     ; vector number and error code
    iret

section .rodata
align 4
isr_stub_table:
%assign v 0
%rep 48
    dd isr_stub_ %+ v
%assign v v + 1
%endrep
