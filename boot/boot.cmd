# The U-Boot script of a Kestrel SD card (make sdcard compiles it to boot.scr):
# load the kernel's uImage from the partition this script came from and start
# it with bootm, passing U-Boot's own device tree (the kernel does not need
# one, but bootm of an ARM uImage insists on a device tree or ATAGS).
echo "Kestrel: loading kestrel.uimg"
if test -n "${devtype}"; then
	setenv kestrel_part "${devtype} ${devnum}:${distro_bootpart}"
else
	setenv kestrel_part "mmc ${mmcdev}:1"
fi
load ${kestrel_part} ${kernel_addr_r} kestrel.uimg
bootm ${kernel_addr_r} - ${fdtcontroladdr}
