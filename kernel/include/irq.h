/* The interrupt controller (a GICv1/v2 on every supported board). */
#ifndef IRQ_H
#define IRQ_H

#define IRQ_SPURIOUS 1023u

void irq_controller_init(void);
void irq_unmask(unsigned id);
/* Acknowledge the highest-priority pending interrupt; returns its ID. */
unsigned irq_acknowledge(void);
void irq_end(unsigned id);

/* Route interrupt `id` to the tick. */
void irq_set_timer(unsigned id);

/*
 * Called from the exception entry with interrupts masked.  Returns nonzero
 * when it was the tick (the scheduler then counts down the time slice).
 */
int irq_handle(void);

#endif
