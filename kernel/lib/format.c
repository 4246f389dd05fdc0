/*
 * kvsnprintf: the formatting engine behind kprintf, free of any hardware
 * so that host unit tests run this very file.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <format.h>

struct out {
	char *buf;
	size_t size;
	size_t len; /* characters produced so far, stored or not */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	int left; /* '-': pad on the right */
	int zero; /* '0': pad numbers with zeros */
	int width;
	int length; /* 0, 'l', 'L' (ll) or 'z' */
};

static void emit_string(struct out *o, const struct spec *sp, const char *s)
{
	int n = 0;

	if (!s)
		s = "(null)";
	while (s[n])
		n++;
	if (!sp->left)
		pad(o, ' ', sp->width - n);
	for (int i = 0; i < n; i++)
		put(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - n);
}

/* Digits of v in `base`, most significant first, with an optional sign and prefix. */
static void emit_number(struct out *o, const struct spec *sp, uint64_t v, unsigned base,
			int negative, const char *prefix, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, plen = 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	while (prefix[plen])
		plen++;

	int body = n + negative + plen;
	if (!sp->left && !sp->zero)
		pad(o, ' ', sp->width - body);
	if (negative)
		put(o, '-');
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	if (!sp->left && sp->zero)
		pad(o, '0', sp->width - body);
	while (n)
		put(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', sp->width - body);
}

static int64_t signed_arg(va_list *ap, int length)
{
	switch (length) {
	case 'L': return va_arg(*ap, long long);
	case 'l': return va_arg(*ap, long);
	case 'z': return (int64_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static uint64_t unsigned_arg(va_list *ap, int length)
{
	switch (length) {
	case 'L': return va_arg(*ap, unsigned long long);
	case 'l': return va_arg(*ap, unsigned long);
	case 'z': return va_arg(*ap, size_t);
	default: return va_arg(*ap, unsigned int);
	}
}

/* Parse flags, width and length after a '%'; returns the conversion character. */
static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	*sp = (struct spec){ 0 };
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == 'l') {
		sp->length = 'l';
		if (*++f == 'l') {
			sp->length = 'L';
			f++;
		}
	} else if (*f == 'z') {
		sp->length = 'z';
		f++;
	}
	if (sp->left)
		sp->zero = 0;
	return f;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list ap;

	va_copy(ap, ap_in);
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f = parse_spec(f + 1, &sp, &ap);
		switch (*f) {
		case 'c': {
			char c[2] = { (char)va_arg(ap, int), 0 };
			emit_string(&o, &sp, c);
			break;
		}
		case 's': emit_string(&o, &sp, va_arg(ap, const char *)); break;
		case 'd':
		case 'i': {
			int64_t v = signed_arg(&ap, sp.length);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
			emit_number(&o, &sp, mag, 10, v < 0, "", 0);
			break;
		}
		case 'u': emit_number(&o, &sp, unsigned_arg(&ap, sp.length), 10, 0, "", 0); break;
		case 'x':
		case 'X':
			emit_number(&o, &sp, unsigned_arg(&ap, sp.length), 16, 0, "", *f == 'X');
			break;
		case 'p':
			emit_number(&o, &sp, (uintptr_t)va_arg(ap, void *), 16, 0, "0x", 0);
			break;
		case '%': put(&o, '%'); break;
		case '\0':
			f--; /* a lone '%' at the end: print nothing more */
			break;
		default: /* unknown conversion: show it as written */
			put(&o, '%');
			put(&o, *f);
			break;
		}
	}
	va_end(ap);
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
