/* hide_avx512.c — an LD_PRELOAD library that makes an AVX-512 CPU look like
 * an AVX2 one to the process, so that onnxruntime, OpenVINO and PyTorch run
 * the kernels they would run on an AVX2 machine (run.py and layers.py
 * --isa=avx2).
 *
 * onnxruntime's MLAS has no switch for its ISA: it reads CPUID once and
 * dispatches on the feature bits. Linux can make CPUID fault in user space
 * (arch_prctl ARCH_SET_CPUID, on CPUs with "cpuid_fault" in /proc/cpuinfo);
 * this library turns that on when it is loaded, before any library reads
 * CPUID, and answers each CPUID from its SIGSEGV handler: the real answer,
 * less the AVX-512, AVX10 and AMX feature bits. The setting is inherited by
 * threads and children and reset by execve, where LD_PRELOAD loads this
 * library again. XGETBV still reports the ZMM state enabled; the runtimes
 * check the CPUID bit as well, so they pick their AVX2 kernels.
 *
 * What it does not change: the caches and the core stay the AVX-512 CPU's,
 * so this compares AVX2 code with AVX2 code, not with an AVX2 machine.
 * Without cpuid_fault it prints a message and the process exits with 2
 * rather than running AVX-512 kernels under an AVX2 label.
 *
 *   cc -O2 -shared -fPIC benchmarks/hide_avx512.c -o hide_avx512.so
 *   LD_PRELOAD=$PWD/hide_avx512.so python3 -c 'import onnxruntime'
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef ARCH_SET_CPUID
#define ARCH_SET_CPUID 0x1012
#endif

/* Leaf 7, subleaf 0. EBX: AVX512F 16, DQ 17, IFMA 21, PF 26, ER 27, CD 28,
 * BW 30, VL 31. ECX: VBMI 1, VBMI2 6, VNNI 11, BITALG 12, VPOPCNTDQ 14.
 * EDX: 4VNNIW 2, 4FMAPS 3, VP2INTERSECT 8, AMX-BF16 22, FP16 23, AMX-TILE 24,
 * AMX-INT8 25. */
#define LEAF7_EBX_AVX512 0xDC230000u
#define LEAF7_ECX_AVX512 0x00005842u
#define LEAF7_EDX_AVX512 0x03C0010Cu
/* Leaf 7, subleaf 1. EAX: AVX512_BF16 5, AMX-FP16 21. EDX: AVX10 19. */
#define LEAF7S1_EAX_AVX512 0x00200020u
#define LEAF7S1_EDX_AVX10 0x00080000u
/* Leaf 0xD, subleaf 0: the XSAVE components an OS may enable. EAX: opmask
 * 5, ZMM_Hi256 6, Hi16_ZMM 7; EDX:EAX bits 17-18: AMX tile state. */
#define LEAF13_EAX_AVX512 0x000600E0u

static long set_cpuid_faulting(int faulting) {
  return syscall(SYS_arch_prctl, ARCH_SET_CPUID, faulting ? 0 : 1);
}

static void masked_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t out[4]) {
  set_cpuid_faulting(0);
  __cpuid_count(leaf, subleaf, out[0], out[1], out[2], out[3]);
  set_cpuid_faulting(1);
  if (leaf == 7 && subleaf == 0) {
    out[1] &= ~LEAF7_EBX_AVX512;
    out[2] &= ~LEAF7_ECX_AVX512;
    out[3] &= ~LEAF7_EDX_AVX512;
  } else if (leaf == 7 && subleaf == 1) {
    out[0] &= ~LEAF7S1_EAX_AVX512;
    out[3] &= ~LEAF7S1_EDX_AVX10;
  } else if (leaf == 0xD && subleaf == 0) {
    out[0] &= ~LEAF13_EAX_AVX512;
  } else if (leaf == 0x24) { /* AVX10's own leaf */
    out[0] = out[1] = out[2] = out[3] = 0;
  }
}

static void on_segv(int signal_number, siginfo_t *info, void *context) {
  ucontext_t *uc = context;
  greg_t *regs = uc->uc_mcontext.gregs;
  const unsigned char *pc = (const unsigned char *)regs[REG_RIP];
  /* The CPUID fault arrives as SI_KERNEL; any other SIGSEGV (or a SI_KERNEL
   * one on another instruction) is a real fault: the default action. */
  if (info->si_code != SI_KERNEL || pc[0] != 0x0F || pc[1] != 0xA2) {
    signal(signal_number, SIG_DFL);
    raise(signal_number);
    return;
  }
  uint32_t out[4];
  masked_cpuid((uint32_t)regs[REG_RAX], (uint32_t)regs[REG_RCX], out);
  regs[REG_RAX] = out[0];
  regs[REG_RBX] = out[1];
  regs[REG_RCX] = out[2];
  regs[REG_RDX] = out[3];
  regs[REG_RIP] += 2;
}

__attribute__((constructor)) static void hide_avx512(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = on_segv;
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  if (sigaction(SIGSEGV, &action, NULL) != 0 || set_cpuid_faulting(1) != 0) {
    fprintf(stderr, "hide_avx512: this CPU or kernel cannot make CPUID fault "
                    "(no cpuid_fault in /proc/cpuinfo); cannot hide AVX-512\n");
    _exit(2);
  }
}
