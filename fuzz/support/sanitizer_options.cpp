// AddressSanitizer's defaults for every fuzz target; ASAN_OPTIONS, as OSS-Fuzz and
// ClusterFuzzLite set it, still overrides each of them.
//
// Measured on fuzz_engine: the default quarantine of 256 MiB keeps each freed block out of
// use until 256 MiB more have been freed, so a target cycles through 256 MiB of fresh pages.
// Its peak RSS after 20,000 executions was 495 MB, a third of the time went to page faults
// and recycling, and over 10,000 executions a 16 MiB quarantine gave 1.46 times the
// executions per CPU second. With the 32 MiB here the peak is 122 MB. One input frees far
// less than 32 MiB, so a use after free within an input is still caught.
// Allocation and free stacks of 10 frames (not 30) name the caller that matters and make each
// allocation cheaper again; the stack of a bad access itself is always whole.
// LeakSanitizer stays on (detect_leaks=1 is the default).
extern "C" const char* __asan_default_options() {
  return "quarantine_size_mb=32:malloc_context_size=10";
}
