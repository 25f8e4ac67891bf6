; kiln_prefetch_l2(base, offset): prefetches the cache line at base + offset
; bytes into L2 (prefetcht1 on x86), for WeightPrefetch.cpp. LLVM 14
; assembly: llvm-as-14 (Halide 14's LLVM) turns it into the bitcode kilnc
; appends to each x86-64 module, where it is inlined. Weak, so that every
; object may carry it, and hidden, so that no library exports it; the data
; layout is Halide 14's for x86-64, so that LLVM links it without a warning.
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-f80:128-n8:16:32:64-S128"

define weak_odr hidden i32 @kiln_prefetch_l2(i8* %base, i32 %offset) #0 {
  %address = getelementptr i8, i8* %base, i32 %offset
  call void @llvm.prefetch.p0i8(i8* %address, i32 0, i32 2, i32 1)
  ret i32 0
}

declare void @llvm.prefetch.p0i8(i8* nocapture readonly, i32 immarg, i32 immarg, i32 immarg)

attributes #0 = { alwaysinline nounwind }
