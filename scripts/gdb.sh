#!/bin/sh
# make gdb: start QEMU halted in the background, its console going to a log
# file, and debug the kernel with gdb-multiarch in this terminal.
#   scripts/gdb.sh "QEMU COMMAND" KERNEL_ELF PORT CONSOLE_LOG
set -e
qemu_cmd=$1 elf=$2 port=$3 log=$4

# shellcheck disable=SC2086
$qemu_cmd -S -gdb tcp::"$port" -serial file:"$log" -monitor none &
qemu_pid=$!
trap 'kill $qemu_pid 2>/dev/null || true' EXIT INT TERM
echo "gdb: QEMU (pid $qemu_pid) waits on port $port; its console goes to $log"
echo "gdb: stopped at the first instruction; 'break kernel_main' then 'continue' to start"
gdb-multiarch -q -x scripts/gdbinit -ex "kestrel-connect $port" "$elf"
