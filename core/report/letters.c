/*
 * letters.c - a letter back to each submitter: what must be fixed, file by
 * file and case by case (errors first, then warnings, with where and how),
 * what was accepted, and by when (the profile's <letter>), addressed to the
 * contact its files give (or its e-mail's sender).  Written as an .eml
 * draft (RFC 5322, UTF-8, by GMime) that the committee opens in its mail
 * client and sends, and as .txt; docscreen sends nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "intake/intake.h"
#include "report.h"

const ds_param_def ds__letter_params[] = {
	{"from", DS_PARAM_STRING, "", "the committee's address the letters come from", NULL},
	{"subject", DS_PARAM_STRING, "关于{unit}报送材料的审核意见", "the letters' subject ({unit}: the submitter)",
	 NULL},
	{"deadline", DS_PARAM_STRING, "", "by when corrected files are due (said in the letter when set)", NULL},
	{"signature", DS_PARAM_STRING, "组委会", "who signs the letters", NULL},
	{NULL, 0, NULL, NULL, NULL}};

enum { L_FROM, L_SUBJECT, L_DEADLINE, L_SIGNATURE };

static void add(ds__buf *b, const char *s)
{
	ds__buf_add(b, s, strlen(s));
}

/* The first e-mail address in text ("a@b.cn，c@d.cn" or "王丽 <a@b.cn>"). */
static void address_in(const char *text, char *out, size_t size)
{
	out[0] = '\0';
	const char *at = text ? strchr(text, '@') : NULL;
	if (!at)
		return;
	const char *a = at, *b = at;
	while (a > text && (strchr("._%+-", a[-1]) || (a[-1] >= '0' && a[-1] <= '9') ||
			    ((a[-1] | 32) >= 'a' && (a[-1] | 32) <= 'z')))
		a--;
	while (b[1] &&
	       (strchr("._-", b[1]) || (b[1] >= '0' && b[1] <= '9') || ((b[1] | 32) >= 'a' && (b[1] | 32) <= 'z')))
		b++;
	if (a < at && b > at)
		snprintf(out, size, "%.*s", (int)(b - a + 1), a);
}

static const char *fact_of(const ds_report *r, const submission *s, const char *key)
{
	for (size_t i = 0; i < s->n_files; i++) {
		const char *v = ds__report_fact(r, s->files[i], key);
		if (v && *v)
			return v;
	}
	return NULL;
}

/* The findings of severity sev on file x, listed. */
static size_t list(ds__buf *b, const file *x, ds_severity sev, int lang, size_t n)
{
	bool zh = lang == DS__ZH;
	for (size_t k = 0; k < x->n; k++) {
		const finding *f = &x->findings[k];
		if (f->sev != sev)
			continue;
		char head[64];
		snprintf(head, sizeof head, zh ? "   （%zu）" : "   (%zu) ", ++n);
		add(b, head);
		add(b, sev == DS_SEV_ERROR ? (zh ? "[必须修改] " : "[must fix] ")
					   : (zh ? "[建议修改] " : "[should fix] "));
		add(b, f->msg[lang]);
		char *where = ds__location_text(&f->loc, lang);
		if (where && *where) {
			add(b, zh ? "（位置：" : " (where: ");
			add(b, where);
			add(b, zh ? "）" : ")");
		}
		free(where);
		if (f->hint[lang] && *f->hint[lang]) { /* (its first line: the rest is for the committee) */
			const char *nl = strchr(f->hint[lang], '\n');
			add(b, zh ? "\n       建议：" : "\n       how: ");
			ds__buf_add(b, f->hint[lang], nl ? (size_t)(nl - f->hint[lang]) : strlen(f->hint[lang]));
		}
		add(b, "\n");
	}
	return n;
}

/* The letter's text for submission s. */
static void letter_text(const ds_report *r, const submission *s, int lang, ds__buf *b)
{
	bool zh = lang == DS__ZH;
	const char *person = fact_of(r, s, "contact.person");
	char line[1024];
	snprintf(line, sizeof line, zh ? "%s%s：\n\n" : "Dear %s%s,\n\n", person ? person : s->name,
		 person ? (zh ? "同志" : "") : "");
	add(b, line);
	snprintf(line, sizeof line,
		 zh ? "感谢%s报送的材料（共 %zu 个文件）。经初步审核，情况如下。\n\n"
		    : "Thank you for the files %s sent (%zu in all). We have checked them; this is what we found.\n\n",
		 s->name, s->n_files);
	add(b, line);
	/* what the submission as a whole lacks */
	size_t n = 0;
	for (size_t k = 0; k < s->n; k++)
		if (s->findings[k].sev != DS_SEV_INFO) {
			if (!n++)
				add(b, zh ? "一、报送材料的整体问题\n" : "1. The submission as a whole\n");
			snprintf(line, sizeof line, zh ? "   %zu. " : "   %zu. ", n);
			add(b, line);
			add(b, s->findings[k].msg[lang]);
			add(b, "\n");
		}
	/* file by file: errors, then warnings */
	size_t files_to_fix = 0;
	for (size_t i = 0; i < s->n_files; i++) {
		const file *x = &r->files[s->files[i]];
		bool any = false;
		for (size_t k = 0; k < x->n && !any; k++)
			any = x->findings[k].sev != DS_SEV_INFO;
		if (!any)
			continue;
		if (!files_to_fix++)
			add(b, zh ? (n ? "\n二、需要修改的文件\n" : "一、需要修改的文件\n")
				  : (n ? "\n2. Files to correct\n" : "1. Files to correct\n"));
		const char *slash = strrchr(x->path, '/');
		snprintf(line, sizeof line, zh ? "%zu.《%s》\n" : "%zu. %s\n", files_to_fix,
			 slash ? slash + 1 : x->path);
		add(b, line);
		size_t m = list(b, x, DS_SEV_ERROR, lang, 0);
		list(b, x, DS_SEV_WARNING, lang, m);
	}
	/* what was accepted */
	size_t ok = 0;
	for (size_t i = 0; i < s->n_files; i++) {
		const file *x = &r->files[s->files[i]];
		if (x->status != 0 || !strcmp(x->format, "zip") || !strcmp(x->format, "eml"))
			continue;
		if (!ok++)
			add(b, zh ? "\n已通过审核的文件：\n" : "\nFiles accepted as they are:\n");
		const char *slash = strrchr(x->path, '/');
		add(b, zh ? "  ·《" : "  - ");
		add(b, slash ? slash + 1 : x->path);
		add(b, zh ? "》\n" : "\n");
	}
	if (!n && !files_to_fix)
		add(b, zh ? "材料齐全，未发现需要修改的问题。\n"
			  : "The submission is complete; nothing needs correcting.\n");
	else if (r->letter[L_DEADLINE] && *r->letter[L_DEADLINE]) {
		snprintf(line, sizeof line,
			 zh ? "\n请于%s前修改后重新报送。\n" : "\nPlease send the corrected files by %s.\n",
			 r->letter[L_DEADLINE]);
		add(b, line);
	} else {
		add(b, zh ? "\n请修改后重新报送。\n" : "\nPlease send the corrected files.\n");
	}
	add(b, "\n");
	add(b, r->letter[L_SIGNATURE] && *r->letter[L_SIGNATURE] ? r->letter[L_SIGNATURE] : "");
	add(b, "\n");
}

/* A file name from the submission's name: no '/', no control characters. */
static void file_name(const char *dir, size_t i, const char *name, const char *ext, char *out, size_t size)
{
	char clean[200];
	size_t o = 0;
	const char *p = name;
	for (; *p && o + 1 < sizeof clean; p++)
		clean[o++] = (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 || *p == ':') ? '_' : *p;
	if (*p) /* cut: not inside a character */
		while (o && ((unsigned char)p[0] & 0xC0) == 0x80)
			p--, o--;
	clean[o] = '\0';
	snprintf(out, size, "%s/%03zu-%s.%s", dir, i + 1, clean, ext);
}

DS_API int ds_report_write_letters(const ds_report *r, const char *dir, const char *lang)
{
	int l = ds__lang_index(lang);
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return ds__error_set(DS_ERROR, _("cannot make %s: %s"), dir, strerror(errno));
	ds__gmime_init();
	int error = 0;
	for (size_t i = 0; i < r->n_subs && !error; i++) {
		const submission *s = &r->subs[i];
		ds__buf text = {0};
		letter_text(r, s, l, &text);
		char path[4200], to[256];
		/* to the contact its files give, else its e-mail's sender */
		address_in(fact_of(r, s, "contact.email"), to, sizeof to);
		for (size_t k = 0; !*to && k < s->n_files; k++)
			address_in(r->files[s->files[k]].from, to, sizeof to);
		file_name(dir, i, s->name, "txt", path, sizeof path);
		FILE *t = fopen(path, "w");
		if (!t || fwrite(text.p ? text.p : "", 1, text.len, t) != text.len)
			error = ds__error_set(DS_ERROR, _("cannot write %s: %s"), path, strerror(errno));
		if (t && fclose(t) != 0 && !error)
			error = ds__error_set(DS_ERROR, _("cannot write %s: %s"), path, strerror(errno));
		GMimeMessage *msg = error ? NULL : g_mime_message_new(TRUE);
		if (msg) {
			const char *from = r->letter[L_FROM] && *r->letter[L_FROM] ? r->letter[L_FROM] : NULL;
			if (from)
				g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM,
							   r->letter[L_SIGNATURE] ? r->letter[L_SIGNATURE] : "", from);
			if (*to)
				g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, fact_of(r, s, "contact.person"),
							   to);
			ds__buf subject = {0};
			const char *args[2] = {"unit", s->name};
			ds__template(&subject,
				     r->letter[L_SUBJECT] && *r->letter[L_SUBJECT] ? r->letter[L_SUBJECT] : "{unit}",
				     args, 2);
			g_mime_message_set_subject(msg, subject.p ? subject.p : s->name, "UTF-8");
			ds__buf_free(&subject);
			GDateTime *now = g_date_time_new_now_local();
			g_mime_message_set_date(msg, now);
			g_date_time_unref(now);
			g_mime_object_set_header(GMIME_OBJECT(msg), "X-Unsent", "1", NULL); /* (a draft to send) */
			GMimeTextPart *body = g_mime_text_part_new_with_subtype("plain");
			g_mime_text_part_set_text(body, text.p ? text.p : "");
			g_mime_part_set_content_encoding(GMIME_PART(body), GMIME_CONTENT_ENCODING_BASE64);
			g_mime_message_set_mime_part(msg, GMIME_OBJECT(body));
			g_object_unref(body);
			file_name(dir, i, s->name, "eml", path, sizeof path);
			GMimeStream *out = g_mime_stream_fs_open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644, NULL);
			if (!out || g_mime_object_write_to_stream(GMIME_OBJECT(msg), NULL, out) < 0 ||
			    g_mime_stream_flush(out) < 0)
				error = ds__error_set(DS_ERROR, _("cannot write %s: %s"), path, strerror(errno));
			if (out)
				g_object_unref(out);
			g_object_unref(msg);
		}
		ds__buf_free(&text);
	}
	return error;
}
