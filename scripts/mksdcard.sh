#!/bin/sh
# mksdcard.sh IMAGE FILE...: an SD card image with an MBR partition table and one
# bootable FAT32 partition holding FILEs, copied in the order given (a PandaBoard's boot
# ROM wants MLO first).  No root and no loop device: sfdisk writes the table into the
# image, mkfs.vfat and mtools work on a separate file that dd puts in place.
set -e
image=$1
shift
card_mib=64
start_sector=2048 # 1 MiB: the usual alignment
part=$image.part

rm -f "$image" "$part"
truncate -s ${card_mib}M "$image"
echo "start=$start_sector, type=c, bootable" | sfdisk --quiet "$image"
mkfs.vfat -F 32 -s 1 -n KESTREL -C "$part" $(((card_mib - 1) * 1024)) >/dev/null
for f in "$@"; do
	mcopy -i "$part" "$f" "::$(basename "$f")"
done
dd if="$part" of="$image" bs=512 seek=$start_sector conv=notrunc status=none
rm -f "$part"
