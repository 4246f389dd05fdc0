/*
 * Arm Generic Interrupt Controller (GICv1 as in the Cortex-A9 MPCore,
 * GICv2 on the Cortex-A15): one CPU interface, every interrupt to core 0.
 */
#include <stdint.h>

#include <board.h>
#include <devwindow.h>
#include <irq.h>

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICC_CTLR	0x00
#define GICC_PMR	0x04
#define GICC_IAR	0x0c
#define GICC_EOIR	0x10

#define GIC_ENABLE		   1u
#define GIC_PRIORITY_DEFAULT	   0xa0u
#define GIC_PRIORITY_MASK_ALL_PASS 0xf0u
#define GIC_FIRST_SPI		   32u
#define GIC_IAR_ID_MASK		   0x3ffu

static volatile uint32_t *const gicd =
    (volatile uint32_t *)DEVICE_VADDR(BOARD_GIC_WINDOW_SLOT, BOARD_GICD_PHYS);
static volatile uint32_t *const gicc =
    (volatile uint32_t *)DEVICE_VADDR(BOARD_GIC_WINDOW_SLOT, BOARD_GICC_PHYS);

void irq_controller_init(void)
{
	unsigned lines = 32u * ((gicd[GICD_TYPER / 4] & 0x1fu) + 1u);

	gicd[GICD_CTLR / 4] = 0;
	/* Every interrupt disabled, default priority, shared ones to core 0. */
	for (unsigned i = 0; i < lines; i += 32)
		gicd[(GICD_ICENABLER + i / 8) / 4] = 0xffffffffu;
	for (unsigned i = 0; i < lines; i += 4)
		gicd[(GICD_IPRIORITYR + i) / 4] = GIC_PRIORITY_DEFAULT * 0x01010101u;
	for (unsigned i = GIC_FIRST_SPI; i < lines; i += 4)
		gicd[(GICD_ITARGETSR + i) / 4] = 0x01010101u;
	gicd[GICD_CTLR / 4] = GIC_ENABLE;

	gicc[GICC_PMR / 4] = GIC_PRIORITY_MASK_ALL_PASS;
	gicc[GICC_CTLR / 4] = GIC_ENABLE;
}

void irq_unmask(unsigned id)
{
	gicd[(GICD_ISENABLER + (id / 32) * 4) / 4] = 1u << (id % 32);
}

unsigned irq_acknowledge(void)
{
	return gicc[GICC_IAR / 4] & GIC_IAR_ID_MASK;
}

void irq_end(unsigned id)
{
	gicc[GICC_EOIR / 4] = id;
}
