; isr.asm - entry stubs for the 32 CPU exceptions and the 16 PIC IRQs.
;
; Each stub makes the stack look the same (a zero error code where the
; CPU pushes none, then the vector number) and jumps to a common stub,
; which saves the rest of struct regs (interrupts/regs.h), keeps the data
; segments as they are (ring 0 only: they always hold the kernel's; see
; common_stub), and calls interrupt_handlers[vector](struct regs *):
; one indirect call, so a page fault reaches its handler directly.

extern interrupt_handlers
global isr_stub_table

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
    pusha
    push ds
    push es
    push fs
    push gs
    ; No reload of the data segments: selfmap runs only in ring 0, so they
    ; always hold GDT_KERNEL_DATA already (a user mode would reload them).
    mov eax, [esp + 48]            ; the vector number (struct regs.int_no)
    push esp                       ; struct regs *
    call [interrupt_handlers + eax * 4]
    add esp, 4
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
