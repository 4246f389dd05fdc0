#!/bin/sh
# Install the Debian packages a task needs, if they are missing.
#   scripts/deps.sh build|qemu|gdb|test|fuzz|sdcard|format|all
#   scripts/deps.sh uboot-qemu DIR   U-Boot for QEMU virt, unpacked into DIR (not installed)
#   scripts/deps.sh uboot-omap DIR   the PandaBoard's MLO and U-Boot (armhf), the same way
# Runs apt-get as root, or through sudo; says what it installs.
set -e

# A package's files without installing it: apt-get download, then dpkg -x.
fetch_unpacked() { # PACKAGE DIR FILE-IT-MUST-HOLD
	[ -f "$2/$3" ] && return 0
	mkdir -p "$2"
	echo "deps: fetching Debian's $1 into $2 (unpacked, not installed)"
	(cd "$2" && apt-get download -q "$1" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
	deb=$(ls "$2/${1%%:*}"_*.deb 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		echo "deps: could not download $1" >&2
		exit 1
	fi
	dpkg -x "$deb" "$2"
}
if [ "$1" = uboot-qemu ]; then
	"$0" sdcard
	fetch_unpacked u-boot-qemu "$2" usr/lib/u-boot/qemu_arm/u-boot.bin
	exit 0
fi
if [ "$1" = uboot-omap ]; then
	"$0" sdcard
	if ! dpkg --print-foreign-architectures | grep -qx armhf; then
		echo "deps: adding the armhf architecture to dpkg (to download u-boot-omap, not to install it)"
		[ "$(id -u)" -eq 0 ] && SUDO="" || SUDO=sudo
		$SUDO dpkg --add-architecture armhf
		$SUDO apt-get update -q
	fi
	fetch_unpacked u-boot-omap:armhf "$2" usr/lib/u-boot/omap4_panda/MLO
	exit 0
fi

packages_for() {
	case "$1" in
	build) echo "gcc-arm-none-eabi libnewlib-arm-none-eabi make cpio" ;;
	qemu) echo "qemu-system-arm" ;;
	gdb) echo "gdb-multiarch" ;;
	test) echo "gcc gcc-multilib libcmocka-dev python3-pytest python3-pexpect" ;;
	fuzz) echo "clang libclang-rt-14-dev" ;;
	sdcard) echo "u-boot-tools mtools dosfstools fdisk" ;;
	format) echo "clang-format" ;;
	all) for g in build qemu gdb test fuzz sdcard format; do packages_for $g; done ;;
	*) echo "deps.sh: unknown group '$1' (build, qemu, gdb, test, fuzz, sdcard, format, all)" >&2; exit 2 ;;
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
