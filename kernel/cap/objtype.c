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

enum objtype objtype_mapping_of(uint32_t src)
{
	if (!objtype_has(src, OBJF_MAPPABLE))
		return ObjType_Null;
	for (uint32_t t = 0; t < ObjType_Num; t++)
		if (objtype_has(t, OBJF_MAPPING) && objtype_may_derive(src, t))
			return (enum objtype)t;
	return ObjType_Null;
}

const char *objtype_name(uint32_t type)
{
	return type < ObjType_Num ? objtype_info[type].name : "?";
}
