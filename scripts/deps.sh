#!/bin/sh
# Install the Debian packages a task needs, if they are missing.
#   scripts/deps.sh build|qemu|gdb|test|fuzz|all
# Runs apt-get as root, or through sudo; says what it installs.
set -e

packages_for() {
	case "$1" in
	build) echo "gcc-arm-none-eabi libnewlib-arm-none-eabi make cpio" ;;
	qemu) echo "qemu-system-arm" ;;
	gdb) echo "gdb-multiarch" ;;
	test) echo "gcc gcc-multilib libcmocka-dev python3-pytest python3-pexpect" ;;
	fuzz) echo "clang libclang-rt-14-dev" ;;
	all) for g in build qemu gdb test fuzz; do packages_for $g; done ;;
	*) echo "deps.sh: unknown group '$1' (build, qemu, gdb, test, fuzz, all)" >&2; exit 2 ;;
	esac
}

wanted=""
for group in "$@"; do
	wanted="$wanted $(packages_for "$group")"
done

missing=""
for p in $wanted; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[ "$status" = "install ok installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps: need root or sudo to install:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
echo "deps: installed:$missing"
