/*
 * The kernel's object table (kernel/cap/objtype.c), made from
 * include/objtype.def: every fact about a capability type that the kernel
 * checks comes from here, never from a switch of its own.
 */
#ifndef OBJTYPE_H
#define OBJTYPE_H

#include <stdbool.h>
#include <stdint.h>

#include <captypes.h>

enum objsize_rule {
	OBJSIZE_RULE_NONE,    /* never made by retype */
	OBJSIZE_RULE_PAGES,   /* a non-zero multiple of 4 KiB */
	OBJSIZE_RULE_L1CNODE, /* a non-zero multiple of 16 KiB */
	OBJSIZE_RULE_EXACT,   /* exactly objtype_info[type].exact_size */
	OBJSIZE_RULE_WHOLE,   /* the whole source object (an EndPoint's dispatcher) */
};

#define OBJ_FROM(type) BIT(ObjType_##type)

#define OBJF_COPYABLE	  BIT(0)
#define OBJF_MAPPING	  BIT(1)
#define OBJF_DEPENDENT	  BIT(2)
#define OBJF_ZEROED	  BIT(3)
#define OBJF_CNODE	  BIT(4)
#define OBJF_VNODE	  BIT(5)
#define OBJF_MAPPABLE	  BIT(6)
#define OBJF_SIZE_ALIGNED BIT(7)

struct objtype_info {
	const char *name;
	enum objsize_rule size_rule;
	uint32_t exact_size; /* OBJSIZE_RULE_EXACT only */
	uint32_t parents;    /* OBJ_FROM() bits */
	uint32_t flags;	     /* OBJF_* */
	uint8_t rights;	     /* the rights that mean something */
};

extern const struct objtype_info objtype_info[ObjType_Num];

static inline bool objtype_valid(uint32_t type)
{
	return type != ObjType_Null && type < ObjType_Num;
}

static inline bool objtype_has(uint32_t type, uint32_t flag)
{
	return type < ObjType_Num && (objtype_info[type].flags & flag) != 0;
}

/* May a capability of type child be derived from one of type parent? */
static inline bool objtype_may_derive(uint32_t parent, uint32_t child)
{
	return parent < ObjType_Num && objtype_valid(child) &&
	       (objtype_info[child].parents & BIT(parent)) != 0;
}

/* May retype make objects of type dest from a capability of type src? */
static inline bool objtype_may_retype(uint32_t src, uint32_t dest)
{
	return objtype_info[dest < ObjType_Num ? dest : ObjType_Null].size_rule !=
		   OBJSIZE_RULE_NONE &&
	       objtype_may_derive(src, dest);
}

bool objtype_size_valid(enum objtype type, uint32_t objsize);
/* The mapping type a map of src makes (ObjType_Null: src cannot be mapped). */
enum objtype objtype_mapping_of(uint32_t src);
const char *objtype_name(uint32_t type);

#endif
