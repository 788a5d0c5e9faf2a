# Sourced by the comparison scripts before they run a Python peer.
#
# glibc's malloc gives every freed block above its mmap threshold (128 KiB,
# raised dynamically) back to the kernel and trims the heap's top, so a
# peer that allocates its temporaries afresh each step (PyTorch's CPU
# allocator and numpy both do) takes minor page faults every step: measured
# on this project's VM (session 22, getrusage): mlp_torch.py float32 55 per
# gradient and 149 per HVP, float64 210 and 359, rl_stddpg.py STDDPG-AL
# float32 266 per update, markov_step.py dense 1196 per step. A fault there
# cost 13-25 µs of CPU, which doubled MLPGrad32/MLPHVP32, tripled the
# float64 MLP gradient and made the numpy Markov step 14x slower; on a
# usual machine one costs well under 1 µs. The Go benchmarks keep their
# memory (0-1.5 faults per op), so the ratio measured the VM's page faults,
# not the libraries. Keeping freed memory in the process, as Go's runtime
# does and as PyTorch's CPU tuning guide's jemalloc/tcmalloc advice
# amounts to, removes them (0-11 faults per op). PEER_MALLOC=default runs
# the peers with glibc's defaults instead, for comparison.
if [ "${PEER_MALLOC:-retain}" != default ]; then
	export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-16777216} # 16 MiB (glibc caps it at 32 MiB)
	export MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-1073741824}
	export MALLOC_TOP_PAD_=${MALLOC_TOP_PAD_:-67108864}
fi
