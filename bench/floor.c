/*
 * floor.c - the floor docscreen is measured against: inflate the parts with
 * libzip and walk them with libxml2's SAX2 parser, counting elements and
 * text bytes - no model, no rules.  For a DOCX: document.xml, styles.xml and
 * numbering.xml; for an XLSX: sharedStrings.xml and the worksheets.
 *   floor FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

static unsigned long long elements, text;

static void on_start(void *ctx, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn,
		     const xmlChar **ns, int na, int nd, const xmlChar **a)
{
	(void)ctx, (void)l, (void)p, (void)u, (void)nn, (void)ns, (void)na, (void)nd, (void)a;
	elements++;
}

static void on_text(void *ctx, const xmlChar *s, int len)
{
	(void)ctx, (void)s;
	text += (unsigned long long)len;
}

static void walk(zip_t *z, const char *name)
{
	zip_file_t *f = zip_fopen(z, name, ZIP_FL_NOCASE);
	if (!f)
		return;
	xmlSAXHandler sax = {0};
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.characters = on_text;
	xmlParserCtxtPtr ctxt = NULL;
	char buf[65536];
	zip_int64_t n;
	while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
		if (!ctxt)
			ctxt = xmlCreatePushParserCtxt(&sax, NULL, buf, (int)n, name);
		else
			xmlParseChunk(ctxt, buf, (int)n, 0);
	}
	if (ctxt) {
		xmlParseChunk(ctxt, NULL, 0, 1);
		xmlFreeParserCtxt(ctxt);
	}
	zip_fclose(f);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		int err;
		zip_t *z = zip_open(argv[i], ZIP_RDONLY, &err);
		if (!z)
			continue;
		if (zip_name_locate(z, "word/document.xml", ZIP_FL_NOCASE) >= 0) {
			walk(z, "word/document.xml");
			walk(z, "word/styles.xml");
			walk(z, "word/numbering.xml");
		} else {
			walk(z, "xl/sharedStrings.xml");
			for (zip_int64_t k = 0; k < zip_get_num_entries(z, 0); k++) {
				const char *name = zip_get_name(z, (zip_uint64_t)k, 0);
				if (name && !strncmp(name, "xl/worksheets/", 14) && strstr(name, ".xml"))
					walk(z, name);
			}
		}
		zip_close(z);
	}
	printf("%llu elements, %llu text bytes\n", elements, text);
	return 0;
}
