/*
 * Names for fault status codes (ARM ARM B3.13.3, short-descriptor format),
 * exception kinds and processor modes.  Pure functions: host-tested.
 */
#include <stdint.h>

#include <arch/cpu.h>
#include <arch/fault.h>
#include <arch/trap.h>

const char *fsr_describe(uint32_t fsr)
{
	switch (fsr_status(fsr)) {
	case 0x01: return "alignment fault";
	case 0x02: return "debug event";
	case 0x03: return "access flag fault (section)";
	case 0x04: return "fault on instruction cache maintenance";
	case 0x05: return "translation fault (section)";
	case 0x06: return "access flag fault (page)";
	case 0x07: return "translation fault (page)";
	case 0x08: return "synchronous external abort";
	case 0x09: return "domain fault (section)";
	case 0x0b: return "domain fault (page)";
	case 0x0c: return "external abort on translation table walk (first level)";
	case 0x0d: return "permission fault (section)";
	case 0x0e: return "external abort on translation table walk (second level)";
	case 0x0f: return "permission fault (page)";
	case 0x10: return "TLB conflict abort";
	case 0x14: return "lockdown abort";
	case 0x16: return "asynchronous external abort";
	case 0x18: return "asynchronous parity error on memory access";
	case 0x19: return "synchronous parity error on memory access";
	case 0x1a: return "coprocessor abort";
	case 0x1c: return "parity error on translation table walk (first level)";
	case 0x1e: return "parity error on translation table walk (second level)";
	default: return "unknown fault status";
	}
}

const char *exception_name(uint32_t kind)
{
	switch (kind) {
	case EXC_RESET: return "reset";
	case EXC_UNDEFINED: return "undefined instruction";
	case EXC_SVC: return "supervisor call";
	case EXC_PREFETCH_ABORT: return "prefetch abort";
	case EXC_DATA_ABORT: return "data abort";
	case EXC_IRQ: return "interrupt";
	case EXC_FIQ: return "fast interrupt";
	default: return "unknown exception";
	}
}

const char *mode_name(uint32_t cpsr)
{
	switch (cpsr & PSR_MODE_MASK) {
	case PSR_MODE_USR: return "user";
	case PSR_MODE_FIQ: return "FIQ";
	case PSR_MODE_IRQ: return "IRQ";
	case PSR_MODE_SVC: return "supervisor";
	case PSR_MODE_MON: return "monitor";
	case PSR_MODE_ABT: return "abort";
	case PSR_MODE_HYP: return "hypervisor";
	case PSR_MODE_UND: return "undefined";
	case PSR_MODE_SYS: return "system";
	default: return "invalid mode";
	}
}
