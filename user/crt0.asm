; crt0.asm - where every user program starts.  exec leaves argc at [esp]
; and argv at [esp + 4] (proc/exec.c); main's return value goes to exit.

extern main, exit
global _start

section .text.start
_start:
    xor ebp, ebp                   ; end of the frame-pointer chain for gdb
    push dword [esp + 4]           ; argv
    push dword [esp + 4]           ; argc (esp moved by 4)
    call main
    push eax
    call exit
.hang:
    jmp .hang
