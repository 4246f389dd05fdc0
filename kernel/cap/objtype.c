/* The object table, made from include/objtype.def (kernel/include/objtype.h). */
#include <stdint.h>

#include <objtype.h>

const struct objtype_info objtype_info[ObjType_Num] = {
#define OBJTYPE(name_, size_, bytes_, parents_, flags_, rights_) \
	[ObjType_##name_] = { .name = #name_,                    \
			      .size_rule = OBJSIZE_RULE_##size_, \
			      .exact_size = (bytes_),            \
			      .parents = (parents_),             \
			      .flags = (flags_),                 \
			      .rights = (rights_) },
#include <objtype.def>
#undef OBJTYPE
};

bool objtype_size_valid(enum objtype type, uint32_t objsize)
{
	switch (objtype_info[type].size_rule) {
	case OBJSIZE_RULE_PAGES: return objsize != 0 && objsize % BASE_PAGE_SIZE == 0;
	case OBJSIZE_RULE_L1CNODE: return objsize != 0 && objsize % OBJSIZE_L2CNODE == 0;
	case OBJSIZE_RULE_EXACT: return objsize == objtype_info[type].exact_size;
	case OBJSIZE_RULE_WHOLE: return true; /* objsize is ignored */
	case OBJSIZE_RULE_NONE: return false;
	}
	return false;
}

_Static_assert(ObjType_Num <= 32, "a type is one bit of a uint32_t (parents, mapping_types)");

/* The mapping types, one bit each: a constant made from the same rows as the table. */
static const uint32_t mapping_types = 0
#define OBJTYPE(name_, size_, bytes_, parents_, flags_, rights_) \
	| (((flags_)&OBJF_MAPPING) ? BIT(ObjType_##name_) : 0)
#include <objtype.def>
#undef OBJTYPE
    ;

/* Every map asks this: only the mapping types are looked at, not the whole table. */
enum objtype objtype_mapping_of(uint32_t src)
{
	if (!objtype_has(src, OBJF_MAPPABLE))
		return ObjType_Null;
	for (uint32_t left = mapping_types; left; left &= left - 1) {
		uint32_t t = (uint32_t)__builtin_ctz(left);

		if (objtype_info[t].parents & BIT(src))
			return (enum objtype)t;
	}
	return ObjType_Null;
}

const char *objtype_name(uint32_t type)
{
	return type < ObjType_Num ? objtype_info[type].name : "?";
}
