; start.asm - multiboot (v1) entry point.
;
; GRUB or QEMU's -kernel loader jumps to _start in 32-bit protected mode
; with paging off, EAX = multiboot magic and EBX = the multiboot info.
; We set up a stack and hand both to kernel_main().  Multiboot leaves
; every EFLAGS bit but IF and VM undefined, so DF is cleared before any
; C code runs: the entry invariant every way into the kernel keeps (see
; interrupts/isr.asm).

MB_ALIGN     equ 1 << 0            ; load modules on page boundaries
MB_MEMINFO   equ 1 << 1            ; ask for mem_* and the memory map
MB_FLAGS     equ MB_ALIGN | MB_MEMINFO
MB_MAGIC     equ 0x1BADB002
MB_CHECKSUM  equ -(MB_MAGIC + MB_FLAGS)

KSTACK_SIZE  equ 16384

section .multiboot
align 4
    dd MB_MAGIC
    dd MB_FLAGS
    dd MB_CHECKSUM

section .bss
align 4096
global kernel_stack_guard, kernel_stack_bottom, kernel_stack_top
kernel_stack_guard:                ; one page left unmapped once paging is on
    resb 4096
kernel_stack_bottom:
    resb KSTACK_SIZE
kernel_stack_top:

section .text
global _start
extern kernel_main
_start:
    cld                            ; the entry invariant: DF clear for C
    mov esp, kernel_stack_top
    xor ebp, ebp                   ; end of the frame-pointer chain for gdb
    push ebx                       ; multiboot info (physical address)
    push eax                       ; multiboot magic
    call kernel_main
    cli
.hang:
    hlt
    jmp .hang
