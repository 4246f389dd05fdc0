/* The boot archive, embedded in the kernel image (see the Makefile). */
	.section .rodata.bootarchive, "a"
	.balign 4096
	.global boot_archive_start, boot_archive_end
boot_archive_start:
	.incbin BOOT_ARCHIVE
boot_archive_end:
	.balign 4
