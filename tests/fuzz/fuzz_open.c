/*
 * fuzz_open.c - fuzz target: open bytes as a document (DOCX or XLSX, the
 * package decides), walk the whole model and count it.  Built with libFuzzer
 * under clang, or with driver.c to replay a corpus in every test run.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "docscreen/count.h"
#include "docscreen/docscreen.h"
#include "docscreen/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_doc *doc = NULL;
	ds_open_options o = DS_OPEN_OPTIONS_INIT;
	o.limits.max_total_bytes = 64u << 20; /* keep each run small */
	if (ds_doc_open_memory(&doc, data, size, &o) < 0)
		return 0;
	ds_count c, h, m;
	ds_count_doc(doc, NULL, &c, &h, &m);
	size_t sum = 0;
	for (size_t i = 0; i < ds_doc_para_count(doc); i++)
		sum += strlen(ds_doc_para(doc, i)->label) + ds_doc_para(doc, i)->text_len;
	for (size_t s = 0; s < ds_doc_sheet_count(doc); s++) {
		const ds_sheet *sh = ds_doc_sheet(doc, s);
		for (size_t i = 0; i < sh->n_cells; i++)
			sum += strlen(sh->cells[i].shown) + strlen(sh->cells[i].raw);
	}
	(void)sum;
	ds_doc_free(doc);
	return 0;
}
