/*
 * inspect.c - docscreen count and docscreen dump: what the reader saw in
 * each file (字数 as Word and WPS show it; the model paragraph by
 * paragraph), each file read in a process of its own.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"
#include "docscreen/model.h"
#include "json.h"

/* ------------------------------------------------------ one file apart */

/* count and dump read each file in a child process, as check does: a file
 * that crashes the reader, reads past --timeout (60 s) or grows past
 * --max-memory (2G of address space, twice that and 512M) is an error on
 * that file, and the next files are still read.  fn prints what it reads
 * and returns an exit status. */
static int apart(int (*fn)(const char *path, struct opts *o), const char *path, struct opts *o)
{
	fflush(stdout);
	fflush(stderr);
	pid_t pid = fork();
	if (pid < 0)
		return fn(path, o); /* (no process to spare: read it here) */
	if (pid == 0) {
		struct rlimit none = {0, 0};
		setrlimit(RLIMIT_CORE, &none);
#if !defined(__SANITIZE_ADDRESS__)
		rlim_t as = (rlim_t)((o->batch.max_memory ? o->batch.max_memory : 2ull << 30) * 2 + (512u << 20));
		struct rlimit rl = {as, as};
		setrlimit(RLIMIT_AS, &rl);
#endif
		double t = o->batch.timeout > 0 ? o->batch.timeout : 60;
		alarm(t < 1 ? 1 : (unsigned)(t + 0.999));
		int status = fn(path, o);
		fflush(stdout);
		_exit(status);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE) { /* whoever reads the output stopped: so do we */
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		_exit(EXIT_FINDINGS);
	}
	char why[256];
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM)
		snprintf(why, sizeof why, _("reading it took longer than the limit (--timeout %g s)"),
			 o->batch.timeout > 0 ? o->batch.timeout : 60);
	else
		snprintf(why, sizeof why, _("reading it stopped the reader (signal %d): please report this file"),
			 WIFSIGNALED(st) ? WTERMSIG(st) : -1);
	if (o->json) {
		fputs("{", stdout);
		json_key_str(stdout, "path", path, 0);
		json_key_str(stdout, "error", WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM ? "timeout" : "crash", 1);
		json_key_str(stdout, "message", why, 1);
		fputs("}\n", stdout);
	} else {
		fputs("docscreen: ", stderr);
		vput(stderr, path);
		fprintf(stderr, ": %s\n", why);
	}
	return EXIT_FINDINGS;
}

/* ---------------------------------------------------------------- count */

static void count_sheets(const ds_doc *doc, ds_count *c)
{
	for (size_t s = 0; s < ds_doc_sheet_count(doc); s++) {
		const ds_sheet *sh = ds_doc_sheet(doc, s);
		for (size_t i = 0; i < sh->n_cells; i++)
			ds_count_text(c, sh->cells[i].shown, strlen(sh->cells[i].shown), NULL, 0, false);
	}
}

static void print_count_json(const char *path, ds_format fmt, const ds_count *c, const ds_count *hf, const ds_count *cm)
{
	fputs("{", stdout);
	json_key_str(stdout, "path", path, 0);
	json_key_str(stdout, "format", format_name(fmt), 1);
	printf(",\"words\":%llu,\"cjk_chars\":%llu,\"non_cjk_words\":%llu,"
	       "\"chars_no_spaces\":%llu,\"chars_with_spaces\":%llu,\"paragraphs\":%llu,"
	       "\"headers_footers_words\":%llu,\"comments_words\":%llu}\n",
	       (unsigned long long)c->words, (unsigned long long)c->cjk_chars, (unsigned long long)c->non_cjk_words,
	       (unsigned long long)c->chars_no_spaces, (unsigned long long)c->chars_with_spaces,
	       (unsigned long long)c->paragraphs, (unsigned long long)hf->words, (unsigned long long)cm->words);
}

/* "  label ....... value" padded by display width (CJK is two columns). */
static void row(const char *label, unsigned long long value)
{
	int width = 0;
	mbstate_t st = {0};
	const char *p = label;
	wchar_t wc;
	size_t n;
	while (*p && (n = mbrtowc(&wc, p, MB_CUR_MAX, &st)) > 0 && n < (size_t)-2) {
		int w = wcwidth(wc);
		width += w > 0 ? w : 1;
		p += n;
	}
	printf("  %s%*s %10llu\n", label, width < 28 ? 28 - width : 0, "", value);
}

static void print_count_text(const char *path, ds_format fmt, const ds_count *c, const ds_count *hf, const ds_count *cm)
{
	vput(stdout, path);
	printf(" (%s)\n", format_name(fmt));
	row(_("words (字数)"), c->words);
	row(_("East Asian characters"), c->cjk_chars);
	row(_("non-Asian words"), c->non_cjk_words);
	row(_("characters (no spaces)"), c->chars_no_spaces);
	row(_("characters (with spaces)"), c->chars_with_spaces);
	row(_("paragraphs"), c->paragraphs);
	if (hf->words)
		row(_("headers/footers (apart)"), hf->words);
	if (cm->words)
		row(_("comments (apart)"), cm->words);
}

static int count_file(const char *path, struct opts *o)
{
	ds_doc *doc;
	if (ds_doc_open_file(&doc, path, &o->open) < 0) {
		report_open_error(path, o->json);
		return EXIT_FINDINGS;
	}
	ds_count c = {0}, hf = {0}, cm = {0};
	if (ds_doc_format(doc) == DS_FORMAT_XLSX)
		count_sheets(doc, &c);
	else
		ds_count_doc(doc, &o->count, &c, &hf, &cm);
	if (o->json)
		print_count_json(path, ds_doc_format(doc), &c, &hf, &cm);
	else
		print_count_text(path, ds_doc_format(doc), &c, &hf, &cm);
	ds_doc_free(doc);
	return EXIT_OK;
}

int cmd_count(int argc, char **argv, int i)
{
	struct opts o = {.open = DS_OPEN_OPTIONS_INIT, .count = DS_COUNT_OPTIONS_INIT};
	if (parse_opts(argc, argv, i, &o, OPT_COUNT) < 0)
		return EXIT_USAGE;
	if (!o.n_files) {
		fprintf(stderr, "%s", _("docscreen count: name at least one file\n"));
		return EXIT_USAGE;
	}
	int status = EXIT_OK;
	for (i = 0; i < o.n_files; i++)
		if (apart(count_file, o.files[i], &o) != EXIT_OK)
			status = EXIT_FINDINGS;
	free(o.files);
	return status;
}

/* ----------------------------------------------------------------- dump */

static const char *align_name(ds_align a)
{
	static const char *n[] = {"", "left", "center", "right", "both", "distribute"};
	return (unsigned)a < 6 ? n[a] : "";
}

static const char *cell_type_name(ds_cell_type t)
{
	static const char *n[] = {"empty", "number", "string", "bool", "error", "date"};
	return (unsigned)t < 6 ? n[t] : "?";
}

static void dump_facts_json(const ds_doc *doc)
{
	const ds_facts *f = ds_doc_facts(doc);
	printf("\"facts\":{\"strict\":%s,\"macros\":%s,\"protection\":%s,", f->strict ? "true" : "false",
	       f->macros ? "true" : "false", f->protection ? "true" : "false");
	json_key_str(stdout, "protection_edit", f->protection_edit ? f->protection_edit : "", 0);
	printf(",\"workbook_locked\":%s,\"tracked_changes\":%s,\"comments\":%zu,"
	       "\"external_rels\":%zu,\"date1904\":%s,\"parts\":%zu",
	       f->workbook_locked ? "true" : "false", f->tracked_changes ? "true" : "false", f->comments,
	       f->external_rels, f->date1904 ? "true" : "false", f->parts);
	json_key_str(stdout, "title", f->title, 1);
	json_key_str(stdout, "author", f->author, 1);
	json_key_str(stdout, "last_modified_by", f->last_modified_by, 1);
	json_key_str(stdout, "modified", f->modified, 1);
	json_key_str(stdout, "application", f->application, 1);
	json_key_str(stdout, "app_version", f->app_version, 1);
	json_key_str(stdout, "subject", f->subject ? f->subject : "", 1);
	json_key_str(stdout, "keywords", f->keywords ? f->keywords : "", 1);
	fputs("}", stdout);
}

/* What a paragraph holds besides its text, when it holds any: content
 * controls, marks, equation spans, the end of a section. */
static void dump_para_extras_json(const ds_para *p)
{
	static const char *const controls[] = {"rich",     "plain",        "date",  "list",    "checkbox", "picture",
					       "citation", "bibliography", "group", "gallery", "equation"};
	static const char *const marks[] = {"footnote", "endnote", "page", "break", "field", "field_end"};
	if (p->n_controls) {
		fputs(",\"controls\":[", stdout);
		for (size_t k = 0; k < p->n_controls; k++) {
			const ds_control *c = &p->controls[k];
			printf("%s{\"type\":\"%s\",\"start\":%u,\"end\":%u,\"block\":%s,\"placeholder\":%s,"
			       "\"form_field\":%s}",
			       k ? "," : "",
			       (size_t)c->type < sizeof controls / sizeof *controls ? controls[c->type] : "?", c->start,
			       c->end, c->block ? "true" : "false", c->placeholder ? "true" : "false",
			       c->form_field ? "true" : "false");
		}
		fputs("]", stdout);
	}
	if (p->n_marks) {
		fputs(",\"marks\":[", stdout);
		for (size_t k = 0; k < p->n_marks; k++) {
			const ds_mark *m = &p->marks[k];
			printf("%s{\"type\":\"%s\",\"at\":%u", k ? "," : "",
			       (size_t)m->type < sizeof marks / sizeof *marks ? marks[m->type] : "?", m->at);
			json_key_str(stdout, "shown", m->shown ? m->shown : "", 1);
			fputs("}", stdout);
		}
		fputs("]", stdout);
	}
	if (p->n_math_spans) {
		fputs(",\"math\":[", stdout);
		for (size_t k = 0; k < p->n_math_spans; k++)
			printf("%s[%u,%u]", k ? "," : "", p->math_spans[k].start, p->math_spans[k].end);
		fputs("]", stdout);
	}
	if (p->section_end)
		fputs(",\"section_end\":true", stdout);
}

static void dump_json(const char *path, const ds_doc *doc)
{
	fputs("{", stdout);
	json_key_str(stdout, "path", path, 0);
	json_key_str(stdout, "format", format_name(ds_doc_format(doc)), 1);
	fputs(",", stdout);
	dump_facts_json(doc);
	fputs(",\"paragraphs\":[", stdout);
	for (size_t i = 0; i < ds_doc_para_count(doc); i++) {
		const ds_para *p = ds_doc_para(doc, i);
		printf("%s{\"index\":%zu", i ? "," : "", i + 1);
		json_key_str(stdout, "part", ds_part_name(p->part), 1);
		json_key_str(stdout, "style_id", p->style_id, 1);
		json_key_str(stdout, "style", p->style_name, 1);
		printf(",\"outline_level\":%d", p->outline_level);
		json_key_str(stdout, "align", align_name(p->align), 1);
		printf(",\"bold\":%s", p->all_bold ? "true" : "false");
		json_key_str(stdout, "label", p->label, 1);
		if (p->in_table)
			printf(",\"table\":%u,\"row\":%u,\"col\":%u", p->table, p->row, p->col);
		fputs(",\"text\":", stdout);
		json_strn(stdout, p->text, p->text_len);
		dump_para_extras_json(p);
		fputs("}", stdout);
	}
	fputs("],\"tables\":[", stdout);
	for (size_t i = 0; i < ds_doc_table_count(doc); i++) {
		const ds_table *t = ds_doc_table(doc, i);
		printf("%s{\"index\":%zu,\"part\":\"%s\",\"rows\":%u,\"cols\":%u,\"parent\":%d}", i ? "," : "", i,
		       ds_part_name(t->part), t->rows, t->cols, t->parent);
	}
	fputs("],\"sheets\":[", stdout);
	for (size_t s = 0; s < ds_doc_sheet_count(doc); s++) {
		const ds_sheet *sh = ds_doc_sheet(doc, s);
		printf("%s{", s ? "," : "");
		json_key_str(stdout, "name", sh->name, 0);
		json_key_str(stdout, "state", sh->state, 1);
		printf(",\"protected\":%s,\"merged\":[", sh->is_protected ? "true" : "false");
		for (size_t m = 0; m < sh->n_merged; m++) {
			char a[16], b[16];
			printf("%s\"%s:%s\"", m ? "," : "",
			       ds_cell_ref(sh->merged[m].row1, sh->merged[m].col1, a, sizeof a),
			       ds_cell_ref(sh->merged[m].row2, sh->merged[m].col2, b, sizeof b));
		}
		fputs("],\"cells\":[", stdout);
		for (size_t i = 0; i < sh->n_cells; i++) {
			const ds_cell *c = &sh->cells[i];
			char ref[16];
			printf("%s{\"ref\":\"%s\",\"type\":\"%s\"", i ? "," : "",
			       ds_cell_ref(c->row, c->col, ref, sizeof ref), cell_type_name(c->type));
			if (c->formula)
				fputs(",\"formula\":true", stdout);
			json_key_str(stdout, "raw", c->raw, 1);
			json_key_str(stdout, "shown", c->shown, 1);
			if (strcmp(c->format, "General"))
				json_key_str(stdout, "format", c->format, 1);
			fputs("}", stdout);
		}
		fputs("]}", stdout);
	}
	fputs("]}\n", stdout);
}

/* The formatting a paragraph is shown in: line spacing, first-line
 * indent, and each stretch of its text's fonts and size. */
static void dump_format(const ds_para *p)
{
	if (p->line_rule == DS_LINE_AUTO)
		printf("\tline=%g", p->line / 240.0);
	else if (p->line_rule)
		printf("\tline=%s%gpt", p->line_rule == DS_LINE_AT_LEAST ? ">=" : "", p->line / 20.0);
	if (p->first_line_chars)
		printf("\tindent=%gch", p->first_line_chars / 100.0);
	else if (p->first_line)
		printf("\tindent=%gpt", p->first_line / 20.0);
	for (size_t r = 0; r < p->n_runs && r < 8; r++) {
		const ds_runfmt *f = &p->runs[r];
		if (r && f->latin == p->runs[r - 1].latin && f->east_asia == p->runs[r - 1].east_asia &&
		    f->size == p->runs[r - 1].size && f->bold == p->runs[r - 1].bold)
			continue;
		fputs(r ? "," : "\tfont=", stdout);
		vput(stdout, f->east_asia);
		fputs("/", stdout);
		vput(stdout, f->latin);
		printf(" %gpt%s", f->size / 2.0, f->bold ? " bold" : "");
	}
}

static void dump_text(const char *path, const ds_doc *doc)
{
	const ds_facts *f = ds_doc_facts(doc);
	fputs("# ", stdout);
	vput(stdout, path);
	printf(" (%s)\n# %s: ", format_name(ds_doc_format(doc)), _("application"));
	vput(stdout, f->application);
	fputs(" ", stdout);
	vput(stdout, f->app_version);
	printf("; %s: ", _("author"));
	vput(stdout, f->author);
	printf("; %s: ", _("modified"));
	vput(stdout, f->modified);
	fputs("\n", stdout);
	if (f->protection) {
		printf("# %s: ", _("editing restricted"));
		vput(stdout, f->protection_edit);
		fputs("\n", stdout);
	}
	if (f->tracked_changes)
		printf("# %s\n", _("tracked changes present"));
	if (f->comments)
		printf("# %s: %zu\n", _("comments"), f->comments);
	if (f->macros)
		printf("# %s\n", _("macro-enabled"));
	if (f->external_rels)
		printf("# %s: %zu\n", _("external relationships"), f->external_rels);
	for (size_t i = 0; i < ds_doc_para_count(doc); i++) {
		const ds_para *p = ds_doc_para(doc, i);
		printf("%zu\t%s", i + 1, ds_part_name(p->part));
		if (p->in_table)
			printf(" t%u r%u c%u", p->table, p->row + 1, p->col + 1);
		if (*p->style_name || *p->style_id) {
			fputs("\tstyle=", stdout);
			vput(stdout, *p->style_name ? p->style_name : p->style_id);
		}
		if (p->outline_level >= 0)
			printf("\toutline=%d", p->outline_level + 1);
		if (p->all_bold)
			printf("\tbold");
		if (p->align)
			printf("\t%s", align_name(p->align));
		dump_format(p);
		printf("\t|");
		if (*p->label) {
			vput(stdout, p->label);
			fputs(" ", stdout);
		}
		ds_fput_visible(p->text, p->text_len, stdout);
		printf("\n");
	}
	for (size_t s = 0; s < ds_doc_sheet_count(doc); s++) {
		const ds_sheet *sh = ds_doc_sheet(doc, s);
		printf("## %s: ", _("sheet"));
		vput(stdout, sh->name);
		fputs(" (", stdout);
		vput(stdout, sh->state);
		printf(")%s\n", sh->is_protected ? _(", protected") : "");
		for (size_t m = 0; m < sh->n_merged; m++) {
			char a[16], b[16];
			printf("merged %s:%s\n", ds_cell_ref(sh->merged[m].row1, sh->merged[m].col1, a, sizeof a),
			       ds_cell_ref(sh->merged[m].row2, sh->merged[m].col2, b, sizeof b));
		}
		for (size_t i = 0; i < sh->n_cells; i++) {
			const ds_cell *c = &sh->cells[i];
			char ref[16];
			printf("%s\t%s%s\t", ds_cell_ref(c->row, c->col, ref, sizeof ref), cell_type_name(c->type),
			       c->formula ? "=" : "");
			vput(stdout, c->raw);
			fputs("\t|", stdout);
			vput(stdout, c->shown);
			fputs("\n", stdout);
		}
	}
}

static int dump_file(const char *path, struct opts *o)
{
	ds_doc *doc;
	if (ds_doc_open_file(&doc, path, &o->open) < 0) {
		report_open_error(path, o->json);
		return EXIT_FINDINGS;
	}
	if (o->json)
		dump_json(path, doc);
	else
		dump_text(path, doc);
	ds_doc_free(doc);
	return EXIT_OK;
}

int cmd_dump(int argc, char **argv, int i)
{
	struct opts o = {.open = DS_OPEN_OPTIONS_INIT, .count = DS_COUNT_OPTIONS_INIT};
	if (parse_opts(argc, argv, i, &o, OPT_DUMP) < 0)
		return EXIT_USAGE;
	if (!o.n_files) {
		fprintf(stderr, "%s", _("docscreen dump: name at least one file\n"));
		return EXIT_USAGE;
	}
	int status = EXIT_OK;
	for (i = 0; i < o.n_files; i++)
		if (apart(dump_file, o.files[i], &o) != EXIT_OK)
			status = EXIT_FINDINGS;
	free(o.files);
	return status;
}
