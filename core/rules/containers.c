/*
 * containers.c - files that hold files: an archive (zip that is no Office
 * package, rar, 7z, tar, compressed tar: intake/archive.c) and an e-mail,
 * mailbox (intake/mail.c) or Outlook message (intake/outlook.c).  The container has an entry of its own (what it
 * is, an e-mail's sender, subject and date, what stopped its reading, what
 * else it holds), then each document in it one of its own, named
 * CONTAINER!/MEMBER, checked as any file is (check.c), nested containers
 * opened up to max-nesting.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"
#include "intake/intake.h"
#include "report/report.h"

/* A container being checked member by member. */
typedef struct archive_walk {
	ds_engine *e;
	ds_report *r;
	const char *path;
	ds__nest *n;
	size_t documents;     /* members checked */
	size_t others;        /* members that are no documents, listed */
	size_t others_unread; /* of them, those that could not be unpacked */
	ds__buf listed;       /* their names, the first few */
} archive_walk;

#define LISTED 10 /* names of other members listed per archive */

static int on_member(void *ud, const ds__member *m)
{
	archive_walk *w = ud;
	ds__buf p = {0};
	if (ds__buf_add(&p, w->path, strlen(w->path)) < 0 || ds__buf_add(&p, "!/", 2) < 0 ||
	    ds__buf_add(&p, m->name, strlen(m->name)) < 0 || ds__buf_addc(&p, '\0') < 0) {
		ds__buf_free(&p);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	int error = 0;
	/* what could not be unpacked is a document unless its name says otherwise */
	if (m->error && (ds_is_submission(m->name, "", 0) || !strchr(m->name, '.'))) {
		w->documents++; /* encrypted, damaged or too big: an entry that says so */
		if (m->why)
			ds__error_set_at(m->error, m->limit, m->name, "%s", m->why);
		error = ds__check(w->e, w->r, p.p, NULL, 0, DS_KIND_ARCHIVE, w->n, false);
	} else if (!m->error && ds_is_submission(m->name, m->data, m->len)) {
		w->documents++;
		error = w->r->defer && ds__is_document(p.p, m->data, m->len) /* to another worker */
				? w->r->defer(w->r->defer_ud, w->r, p.p, m->data, m->len)
				: 1;
		if (error > 0)
			error = ds__check(w->e, w->r, p.p, m->data, m->len, ds_kind_detect(m->data, m->len), w->n,
					  true);
	} else {
		w->others_unread += m->error != 0;
		if (w->others++ < LISTED && ((w->listed.len && ds__buf_add(&w->listed, ", ", 2) < 0) ||
					     ds__buf_add(&w->listed, m->name, strlen(m->name)) < 0))
			error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	ds__buf_free(&p);
	return error;
}

/* What the container holds besides documents, and whether it holds any
 * (an archive: intake.no-documents; a message: intake.no-attachment). */
static int say_contents(ds_report *r, size_t idx, const archive_walk *w, bool read_whole, bool mail)
{
	char en[1024], zh[1024];
	const char *msg[2] = {en, zh};
	int error = 0;
	if (w->others) {
		const char *hint[2] = {"Only documents are checked; make sure nothing that belongs to the submission "
				       "was sent in another format.",
				       "只检查文档；请确认没有以其他格式报送的材料。"};
		char more[2][128] = {"", ""};
		if (w->others > LISTED) {
			snprintf(more[0], sizeof more[0], " and %zu more", w->others - LISTED);
			snprintf(more[1], sizeof more[1], " 等 %zu 个", w->others);
		}
		char unread[2][128] = {"", ""};
		if (w->others_unread) {
			snprintf(unread[0], sizeof unread[0], " (%zu could not be unpacked: password or damage)",
				 w->others_unread);
			snprintf(unread[1], sizeof unread[1], "（其中 %zu 个因密码或损坏无法解压）", w->others_unread);
		}
		ds__buf names = w->listed;
		snprintf(en, sizeof en, "Not checked (not documents): %.*s%s%s.", (int)names.len,
			 names.p ? names.p : "", more[0], unread[0]);
		snprintf(zh, sizeof zh, "以下文件不是文档，未检查：%.*s%s%s。", (int)names.len, names.p ? names.p : "",
			 more[1], unread[1]);
		error = ds__report_emit(r, idx, "intake.not-documents", DS_SEV_INFO, msg, hint, NULL);
	}
	if (!error && !w->documents && read_whole) {
		const char *hint[2] = {"Send the case documents (.docx) and the statistics table (.xlsx).",
				       "请报送案例文档（.docx）和统计表（.xlsx）。"};
		snprintf(en, sizeof en,
			 mail ? "The message has no document attached." : "The archive holds no document to check.");
		snprintf(zh, sizeof zh, mail ? "邮件没有附上可检查的文档。" : "压缩包中没有可检查的文档。");
		error = ds__report_emit(r, idx, mail ? "intake.no-attachment" : "intake.no-documents", DS_SEV_WARNING,
					msg, hint, NULL);
	}
	return error;
}

/* A container that could not be read to its end: its members read so far
 * are in; its entry says what stopped it (the package.* rules, as for an
 * unreadable file, from the error set) and its status is error. */
static int stopped_as(ds_engine *e, ds_report *r, size_t idx, const char *path, int code, ds_kind kind)
{
	char msg[1024], limit[32], part[256];
	snprintf(msg, sizeof msg, "%s", ds_error_last());
	snprintf(limit, sizeof limit, "%s", ds_error_limit());
	snprintf(part, sizeof part, "%s", ds_error_part());
	ds_rule_ctx c = {.engine = e,
			 .report = r,
			 .path = path,
			 .file = idx,
			 .kind = kind,
			 .open_error = code,
			 .open_message = msg,
			 .open_limit = limit,
			 .open_part = part};
	r->files[idx].unread = true;
	return ds__run_rules(e, r, &c, DS_APPLIES_UNREAD);
}

static int stopped(ds_engine *e, ds_report *r, size_t idx, const char *path, int code)
{
	return stopped_as(e, r, idx, path, code, DS_KIND_ARCHIVE);
}

/* An entry's last word: abandoned when memory ran out, then finished. */
static int finish(ds_report *r, size_t idx, int error)
{
	if (error)
		ds__report_abandon(r, idx);
	if (ds__report_finish_file(r, idx) < 0 && !error)
		error = DS_ENOMEM;
	return error;
}

/* An archive: an entry of its own (what it is, what went wrong reading it,
 * what else it holds), then one entry per document in it, nested archives
 * opened up to max-nesting. */
int ds__check_archive(ds_engine *e, ds_report *r, const char *path, const void *data, size_t len, const char *format,
		      ds__nest *n)
{
	int idx = ds__report_add_file(r, path, format, false);
	if (idx < 0)
		return idx;
	archive_walk w = {.e = e, .r = r, .path = path, .n = n};
	ds_limits lim;
	ds__limits_copy(&lim, &e->open.limits);
	int code;
	if (n->depth >= lim.max_nesting) {
		code = ds__error_set_at(DS_ELIMIT, "max-nesting", NULL,
					_("the archive lies inside %u others (limit max-nesting)"), n->depth);
	} else {
		char shown[16];
		snprintf(shown, sizeof shown, "%s", format);
		n->depth++;
		code = ds__archive_each(data, len, path, &e->open.limits, &n->unpacked, shown, on_member, &w);
		n->depth--;
		if (strcmp(shown, format) && ds__report_set_format(r, (size_t)idx, shown) < 0 && !code)
			code = DS_ENOMEM;
	}
	int error = code == DS_ENOMEM ? code : code < 0 ? stopped(e, r, (size_t)idx, path, code) : 0;
	if (!error)
		error = say_contents(r, (size_t)idx, &w, code == 0, false);
	ds__buf_free(&w.listed);
	return finish(r, (size_t)idx, error);
}

/* ------------------------------------------------------------------ e-mail */

typedef struct mail_walk {
	ds_engine *e;
	ds_report *r;
	const char *path;
	ds__nest *n;
	bool mbox;
	size_t count;
	int idx; /* an .eml: the message is the file's own entry */
} mail_walk;

/* A message: its envelope on its entry, then its attachments. */
static int on_message(void *ud, const ds__message *m)
{
	mail_walk *mw = ud;
	if (!mw->mbox && mw->count) /* an .eml is one message */
		return 0;
	ds__buf path = {0};
	char num[32];
	snprintf(num, sizeof num, "!/%zu", ++mw->count);
	if (ds__buf_add(&path, mw->path, strlen(mw->path)) < 0 ||
	    (mw->mbox && ds__buf_add(&path, num, strlen(num)) < 0) || ds__buf_addc(&path, '\0') < 0) {
		ds__buf_free(&path);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	int idx = mw->mbox ? ds__report_add_file(mw->r, path.p, "eml", false) : mw->idx;
	int error = idx < 0 ? idx : ds__report_set_message(mw->r, (size_t)idx, m->from, m->subject, m->date);
	archive_walk w = {.e = mw->e, .r = mw->r, .path = path.p, .n = mw->n};
	mw->n->depth++;
	for (size_t i = 0; i < m->n && !error; i++)
		error = on_member(&w, &m->attachments[i]);
	mw->n->depth--;
	if (!error && m->error) { /* more attachments than max-members: the limit's message is set */
		ds__error_set_at(DS_ELIMIT, "max-members", NULL,
				 _("the message has more than %llu attachments (limit max-members)"),
				 (unsigned long long)mw->e->open.limits.max_members);
		error = stopped(mw->e, mw->r, (size_t)idx, path.p, DS_ELIMIT);
	}
	if (!error)
		error = say_contents(mw->r, (size_t)idx, &w, !m->error, true);
	ds__buf_free(&w.listed);
	ds__buf_free(&path);
	if (mw->mbox && idx >= 0)
		error = finish(mw->r, (size_t)idx, error);
	return error;
}

/* An .eml or an Outlook .msg: an entry for the message (its sender, subject
 * and date) and one per document attached; an mbox: an entry of its own,
 * then each message's (path box.mbox!/N) and their attachments'. */
int ds__check_mail(ds_engine *e, ds_report *r, const char *path, const void *data, size_t len, ds_kind kind,
		   ds__nest *n)
{
	bool mbox = kind == DS_KIND_MBOX;
	/* an .eml that starts with an mbox's "From " line is still one message */
	size_t plen = strlen(path);
	bool box = mbox && !(plen > 4 && !strcasecmp(path + plen - 4, ".eml"));
	int idx = ds__report_add_file(r, path, box ? "mbox" : kind == DS_KIND_OUTLOOK ? "msg" : "eml", false);
	if (idx < 0)
		return idx;
	mail_walk mw = {.e = e, .r = r, .path = path, .n = n, .mbox = box, .idx = idx};
	ds_limits lim;
	ds__limits_copy(&lim, &e->open.limits);
	int code = n->depth >= lim.max_nesting
			   ? ds__error_set_at(DS_ELIMIT, "max-nesting", NULL,
					      _("the message lies inside %u archives or messages (limit max-nesting)"),
					      n->depth)
		   : kind == DS_KIND_OUTLOOK ? ds__msg_each(data, len, &lim, on_message, &mw)
					     : ds__mail_each(data, len, path, mbox, &lim, on_message, &mw);
	int error = code == DS_ENOMEM ? code : code < 0 ? stopped(e, r, (size_t)idx, path, code) : 0;
	return finish(r, (size_t)idx, error);
}

/* ------------------------------------------------------------ mailbox */

typedef struct imap_walk {
	ds_engine *e;
	ds_report *r;
	const char *url;
	ds__nest *n;
	size_t count;
} imap_walk;

static int on_imap_message(void *ud, unsigned long uid, const void *data, size_t len)
{
	imap_walk *iw = ud;
	ds__buf path = {0};
	char num[32];
	size_t ulen = strlen(iw->url);
	while (ulen && iw->url[ulen - 1] == '/')
		ulen--;
	snprintf(num, sizeof num, ";UID=%lu", uid);
	if (ds__buf_add(&path, iw->url, ulen) < 0 || ds__buf_add(&path, num, strlen(num)) < 0 ||
	    ds__buf_addc(&path, '\0') < 0) {
		ds__buf_free(&path);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	iw->count++;
	/* (the folder is no nesting: its messages are as .eml files in a folder) */
	int error = ds__check(iw->e, iw->r, path.p, data, len, DS_KIND_MAIL, iw->n, true);
	ds__buf_free(&path);
	return error;
}

/* A folder of an IMAP mailbox: an entry of its own (format imap), then
 * each message as an .eml's (path URL;UID=N) and its attachments'. */
int ds__check_imap(ds_engine *e, ds_report *r, const char *url, ds__nest *n)
{
	int idx = ds__report_add_file(r, url, "imap", false);
	if (idx < 0)
		return idx;
	imap_walk iw = {e, r, url, n, 0};
	int code = ds__imap_each(url, &e->open.limits, &n->unpacked, on_imap_message, &iw);
	int error = code == DS_ENOMEM ? code : code < 0 ? stopped_as(e, r, (size_t)idx, url, code, DS_KIND_MBOX) : 0;
	if (!error && !code && !iw.count) {
		const char *msg[2] = {"The mailbox folder holds no message.", "邮箱文件夹中没有邮件。"};
		const char *hint[2] = {"Check the folder's name in the address (INBOX by default).",
				       "请检查地址中的文件夹名称（默认为 INBOX）。"};
		error = ds__report_emit(r, (size_t)idx, "intake.no-documents", DS_SEV_WARNING, msg, hint, NULL);
	}
	return finish(r, (size_t)idx, error);
}
