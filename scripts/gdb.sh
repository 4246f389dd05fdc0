#!/bin/sh
# make gdb: start QEMU halted in the background, its console going to a log
# file, and debug the kernel with gdb-multiarch in this terminal.  It attaches
# only to the QEMU it started: a port that is already taken is refused, and so
# is a QEMU that did not come up.
#   scripts/gdb.sh "QEMU COMMAND" KERNEL_ELF PORT CONSOLE_LOG
set -e
qemu_cmd=$1 elf=$2 port=$3 log=$4

# Does nobody listen on the port?  (bash's /dev/tcp: a connection that fails.)
port_free() {
	! bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

if ! port_free "$port"; then
	echo "gdb: port $port is taken (another QEMU or debugger?): pick another," \
		"e.g. make gdb GDB_PORT=$((port + 1))" >&2
	exit 1
fi
# shellcheck disable=SC2086
$qemu_cmd -S -gdb tcp:127.0.0.1:"$port" -serial file:"$log" -monitor none &
qemu_pid=$!
trap 'kill $qemu_pid 2>/dev/null || true' EXIT INT TERM
# Wait until our QEMU listens; if it ended instead, say so and stop.
tries=0
while port_free "$port"; do
	if ! kill -0 "$qemu_pid" 2>/dev/null || [ $tries -ge 50 ]; then
		echo "gdb: QEMU did not start (see the lines above); not attaching" >&2
		exit 1
	fi
	tries=$((tries + 1))
	sleep 0.1
done
echo "gdb: QEMU (pid $qemu_pid) waits on port $port; its console goes to $log"
echo "gdb: stopped at the first instruction; 'break kernel_main' then 'continue' to start"
gdb-multiarch -q -x scripts/gdbinit -ex "kestrel-connect $port" "$elf"
