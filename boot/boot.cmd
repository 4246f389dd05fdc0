# The U-Boot script of a Kestrel SD card (make sdcard compiles it to boot.scr):
# load the kernel's uImage from the partition this script came from and start
# it with bootm, passing U-Boot's own device tree (the kernel does not need
# one, but bootm of an ARM uImage insists on a device tree or ATAGS).  The
# uImage goes 16 MiB above ${kernel_addr_r}: the PandaBoard's U-Boot runs
# this script from ${kernel_addr_r} itself.
echo "Kestrel: loading kestrel.uimg"
if test -n "${devtype}"; then
	setenv kestrel_part "${devtype} ${devnum}:${distro_bootpart}"
else
	setenv kestrel_part "mmc ${mmcdev}:1"
fi
setexpr kestrel_uimg ${kernel_addr_r} + 0x1000000
load ${kestrel_part} ${kestrel_uimg} kestrel.uimg
bootm ${kestrel_uimg} - ${fdtcontroladdr}
