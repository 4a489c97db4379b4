/*
 * package.c - the package plugin: the package.* rules of the CITEC spec,
 * from what the reader found out about the file itself.
 *
 * Files that could not be opened get exactly one finding saying what they
 * are and how to fix that (format, encrypted, corrupt, limits); files that
 * opened are checked for macros, editing restrictions, unaccepted tracked
 * changes and comments.
 */
#include <stdio.h>
#include <string.h>

#include "docscreen/plugin.h"

/* ------------------------------------------------------------ unread files */

static const ds_message_def format_msgs[] = {
	{"legacy-doc", DS_SEV_ERROR, "This is a legacy Word 97-2003 (.doc) or WPS (.wps) document, not DOCX.",
	 "这是旧版 Word 97-2003（.doc）或 WPS（.wps）格式的文档，不是 DOCX。",
	 "Open it in Word or WPS and use Save As → Word document (*.docx).\n"
	 "With LibreOffice installed, docscreen checks it as converted: scripts/install-deps --convert.",
	 "请用 Word 或 WPS 打开，另存为“Word 文档（*.docx）”后重新提交。\n"
	 "安装 LibreOffice 后 docscreen 可转换后检查：scripts/install-deps --convert。"},
	{"legacy-xls", DS_SEV_ERROR, "This is a legacy Excel 97-2003 (.xls) or WPS (.et) workbook, not XLSX.",
	 "这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的表格，不是 XLSX。",
	 "Open it in Excel or WPS and use Save As → Excel workbook (*.xlsx).\n"
	 "With LibreOffice installed, docscreen checks it as converted: scripts/install-deps --convert.",
	 "请用 Excel 或 WPS 打开，另存为“Excel 工作簿（*.xlsx）”后重新提交。\n"
	 "安装 LibreOffice 后 docscreen 可转换后检查：scripts/install-deps --convert。"},
	{"legacy-other", DS_SEV_ERROR, "This is an old Office compound file, not a DOCX or XLSX file.",
	 "这是旧版 Office 复合文档，不是 DOCX 或 XLSX 文件。",
	 "Save the case document as .docx or the statistics table as .xlsx.",
	 "请将案例另存为 .docx，或将统计表另存为 .xlsx。"},
	{"pdf", DS_SEV_ERROR, "This is a PDF; the notice asks for editable files.",
	 "这是 PDF 文件；通知要求提交可编辑的电子文件。",
	 "Send the original Word/WPS document (.docx) or Excel workbook (.xlsx) instead of the PDF.",
	 "请提交原始的 Word/WPS 文档（.docx）或 Excel 表格（.xlsx），不要提交 PDF。"},
	{"rtf", DS_SEV_ERROR, "This is an RTF file, not DOCX.", "这是 RTF 文件，不是 DOCX。",
	 "Open it in Word or WPS and save it as .docx.", "请用 Word 或 WPS 打开后另存为 .docx。"},
	{"html", DS_SEV_ERROR, "This is a web page (HTML/MHT) with an Office file name, not DOCX.",
	 "这是网页文件（HTML/MHT），只是用了 Office 的文件名，不是 DOCX。",
	 "Open it in Word or WPS and save it as .docx.", "请用 Word 或 WPS 打开后另存为 .docx。"},
	{"unsupported", DS_SEV_ERROR, "This file is not a case document or a statistics table: {detail}",
	 "该文件不是案例文档或统计表：{detail}", "Send a .docx case document or an .xlsx workbook.",
	 "请提交 .docx 格式的案例或 .xlsx 格式的统计表。"},
	{"other", DS_SEV_ERROR, "This is not a DOCX or XLSX file (its content is not recognised).",
	 "这不是 DOCX 或 XLSX 文件（无法识别其内容）。",
	 "Check that the right file was attached; save documents as .docx and tables as .xlsx.",
	 "请确认附件是否正确；文档请保存为 .docx，表格请保存为 .xlsx。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static const ds_message_def encrypted_msgs[] = {
	{"encrypted", DS_SEV_ERROR, "The file is password-protected and cannot be opened.",
	 "文件设置了打开密码，无法打开检查。",
	 "Remove the password (File → Info → Protect Document → Encrypt with Password, clear it) and save again.",
	 "请取消密码（文件 → 信息 → 保护文档 → 用密码进行加密，清空密码）后重新保存提交。"},
	{"archive", DS_SEV_ERROR, "The archive is password-protected and cannot be unpacked: {detail}",
	 "压缩包设置了密码，无法解压检查：{detail}",
	 "Send the archive again without a password, or attach the documents themselves.",
	 "请重新打包（不设密码）后发送，或直接发送文档本身。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static const ds_message_def corrupt_msgs[] = {
	{"empty", DS_SEV_ERROR, "The file is empty (0 bytes).", "文件是空的（0 字节）。",
	 "The copy or the e-mail attachment was cut off: attach the file again.",
	 "复制或邮件附件不完整，请重新附上该文件。"},
	{"damaged", DS_SEV_ERROR, "The file is damaged and cannot be read: {detail}", "文件已损坏，无法读取：{detail}",
	 "Open it in Word/WPS/Excel; if it opens, save it again under a new name, otherwise send it again.",
	 "请用 Word/WPS/Excel 打开；能打开就另存为新文件再提交，打不开请重新发送原文件。"},
	{"unreadable", DS_SEV_ERROR, "The file cannot be read: {detail}", "无法读取文件：{detail}",
	 "Check that the file exists and can be read.", "请确认文件存在且可以读取。"},
	{"mailbox", DS_SEV_ERROR, "The mailbox cannot be read: {detail}", "无法读取邮箱：{detail}",
	 "Check the address (imaps://user@host/FOLDER), the user name and the password (DOCSCREEN_IMAP_PASSWORD or a "
	 "netrc file), and that the server can be reached.",
	 "请检查邮箱地址（imaps://用户名@服务器/文件夹）、用户名和密码（DOCSCREEN_IMAP_PASSWORD 或 netrc "
	 "文件），以及能否连上邮件服务器。"},
	{"archive", DS_SEV_ERROR, "The archive is damaged and cannot be unpacked: {detail}",
	 "压缩包已损坏，无法解压：{detail}",
	 "The copy or the e-mail attachment was cut off, or the archive is broken: send it again.",
	 "压缩包在复制或作为邮件附件时不完整或已损坏，请重新发送。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static const ds_message_def limits_msgs[] = {
	{"limit", DS_SEV_ERROR, "The file was not read: it exceeds the safety limit {limit}. {detail}",
	 "未读取该文件：超过了安全上限 {limit}。{detail}",
	 "A normal document never does this: open the file in Word, WPS or Excel, save it as a new file and "
	 "check that one.\n"
	 "Committee: ask the sender for the original file; if it is genuine, raise the limit with --limit "
	 "{limit}=VALUE.",
	 "正常文档不会出现这种情况：请用 Word、WPS 或 Excel 打开该文件，另存为新文件后再检查。\n"
	 "组委会：请向报送单位索取原始文件；确属正常文件时，可用 --limit {limit}=值 放宽上限。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_format(ds_rule_ctx *c)
{
	const char *key = NULL;
	switch (ds_ctx_open_error(c)) {
	case DS_ELEGACY:
		key = ds_ctx_kind(c) == DS_KIND_CFB_DOC   ? "legacy-doc"
		      : ds_ctx_kind(c) == DS_KIND_CFB_XLS ? "legacy-xls"
							  : "legacy-other";
		break;
	case DS_EPDF: key = "pdf"; break;
	case DS_EUNSUPPORTED: key = "unsupported"; break;
	case DS_EUNKNOWN:
		key = ds_ctx_kind(c) == DS_KIND_RTF ? "rtf" : ds_ctx_kind(c) == DS_KIND_HTML ? "html" : "other";
		break;
	default: return 0;
	}
	return ds_ctx_emit(c, key, NULL, "detail", ds_ctx_open_message(c), NULL);
}

static int check_encrypted(ds_rule_ctx *c)
{
	if (ds_ctx_open_error(c) != DS_EENCRYPTED)
		return 0;
	if (ds_ctx_kind(c) == DS_KIND_ARCHIVE) /* an archive, or a member it could not unpack */
		return ds_ctx_emit(c, "archive", NULL, "detail", ds_ctx_open_message(c), NULL);
	return ds_ctx_emit(c, "encrypted", NULL, NULL);
}

static int check_corrupt(ds_rule_ctx *c)
{
	int e = ds_ctx_open_error(c);
	const char *key = e == DS_EEMPTY                                          ? "empty"
			  : e == DS_ECORRUPT && ds_ctx_kind(c) == DS_KIND_ARCHIVE ? "archive"
			  : e == DS_ECORRUPT || e == DS_EZIPCRYPT                 ? "damaged"
			  : e == DS_ERROR && ds_ctx_kind(c) == DS_KIND_MBOX       ? "mailbox"
			  : e == DS_ERROR                                         ? "unreadable"
										  : NULL;
	return key ? ds_ctx_emit(c, key, NULL, "detail", ds_ctx_open_message(c), "part", ds_ctx_open_part(c), NULL) : 0;
}

static int check_limits(ds_rule_ctx *c)
{
	if (ds_ctx_open_error(c) != DS_ELIMIT)
		return 0;
	return ds_ctx_emit(c, "limit", NULL, "limit", ds_ctx_open_limit(c), "detail", ds_ctx_open_message(c), "part",
			   ds_ctx_open_part(c), NULL);
}

/* -------------------------------------------------------------- read files */

static const ds_message_def macros_msgs[] = {
	{"macros", DS_SEV_WARNING, "The file contains macros (VBA), which the committee cannot accept.",
	 "文件含有宏（VBA），组委会不便接收含宏的文件。",
	 "Save it as a plain .docx/.xlsx (not .docm/.xlsm), which removes the macros.",
	 "请另存为普通的 .docx/.xlsx（不要用 .docm/.xlsm），保存时宏会被去掉。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static const ds_message_def protected_msgs[] = {
	{"restricted", DS_SEV_ERROR, "Editing is restricted ({edit}); the notice asks for editable files.",
	 "文档设置了限制编辑（{edit}）；通知要求提交可编辑的文件。",
	 "In Word: Review → Restrict Editing → Stop Protection; in WPS: Review → Restrict Editing → "
	 "Stop Protection; then save again.",
	 "Word：审阅 → 限制编辑 → 停止保护；WPS：审阅 → 限制编辑 → 停止保护；然后重新保存。"},
	{"tracked-only", DS_SEV_WARNING, "Editing is restricted to tracked changes.",
	 "文档被限制为只能以修订方式编辑。", "Review → Restrict Editing → Stop Protection, then save again.",
	 "请在“审阅 → 限制编辑”中停止保护后重新保存。"},
	{"workbook-locked", DS_SEV_WARNING, "The workbook structure is locked (sheets cannot be added or renamed).",
	 "工作簿结构已被保护（无法增删或重命名工作表）。", "Review → Protect Workbook: switch it off and save again.",
	 "请在“审阅 → 保护工作簿”中取消保护后重新保存。"},
	{"sheet-protected", DS_SEV_WARNING, "Sheet \"{sheet}\" is protected: its cells cannot be edited.",
	 "工作表“{sheet}”设置了保护，单元格不能编辑。", "Review → Unprotect Sheet, then save again.",
	 "请在“审阅 → 撤销工作表保护”后重新保存。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static const ds_message_def revisions_msgs[] = {
	{"revisions", DS_SEV_WARNING, "The document contains tracked changes that were never accepted.",
	 "文档中有尚未接受的修订。", "Review → Accept All Changes (and switch off Track Changes), then save again.",
	 "请在“审阅 → 接受所有修订”并关闭修订模式后重新保存。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static const ds_message_def comments_msgs[] = {
	{"comments", DS_SEV_WARNING, "The document still contains {count} comment(s).", "文档中仍有 {count} 条批注。",
	 "Review → Delete All Comments in Document, then save again.", "请在“审阅 → 删除文档中的所有批注”后重新保存。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_macros(ds_rule_ctx *c)
{
	return ds_doc_facts(ds_ctx_doc(c))->macros ? ds_ctx_emit(c, "macros", NULL, NULL) : 0;
}

static int check_protected(ds_rule_ctx *c)
{
	const ds_doc *doc = ds_ctx_doc(c);
	const ds_facts *f = ds_doc_facts(doc);
	int error = 0;
	if (f->protection && f->protection_edit) {
		if (!strcmp(f->protection_edit, "trackedChanges"))
			error = ds_ctx_emit(c, "tracked-only", NULL, NULL);
		else if (strcmp(f->protection_edit, "none"))
			error = ds_ctx_emit(c, "restricted", NULL, "edit", f->protection_edit, NULL);
	}
	if (!error && f->workbook_locked)
		error = ds_ctx_emit(c, "workbook-locked", NULL, NULL);
	for (size_t i = 0; !error && i < ds_doc_sheet_count(doc); i++) {
		const ds_sheet *sh = ds_doc_sheet(doc, i);
		if (sh->is_protected) {
			ds_location loc = DS_LOCATION_INIT;
			loc.sheet = sh->name;
			error = ds_ctx_emit(c, "sheet-protected", &loc, "sheet", sh->name, NULL);
		}
	}
	return error;
}

static int check_revisions(ds_rule_ctx *c)
{
	return ds_doc_facts(ds_ctx_doc(c))->tracked_changes ? ds_ctx_emit(c, "revisions", NULL, NULL) : 0;
}

static int check_comments(ds_rule_ctx *c)
{
	size_t n = ds_doc_facts(ds_ctx_doc(c))->comments;
	if (!n)
		return 0;
	char count[32];
	snprintf(count, sizeof count, "%zu", n);
	return ds_ctx_emit(c, "comments", NULL, "count", count, NULL);
}

static const ds_rule_def rules[] = {
	{"package.format", "Not a DOCX/XLSX file: legacy, PDF, RTF, HTML or unknown",
	 "不是 DOCX/XLSX 文件：旧版格式、PDF、RTF、网页或无法识别", DS_APPLIES_UNREAD, NULL, format_msgs, check_format},
	{"package.encrypted", "Password-protected (encrypted) Office file", "设置了打开密码（加密）的文件",
	 DS_APPLIES_UNREAD, NULL, encrypted_msgs, check_encrypted},
	{"package.corrupt", "Empty, broken or truncated file, malformed XML, DOCTYPE, duplicate parts",
	 "空文件、损坏或不完整的文件、XML 格式错误、DOCTYPE、重复部件", DS_APPLIES_UNREAD, NULL, corrupt_msgs,
	 check_corrupt},
	{"package.limits", "A safety limit was hit (zip bomb, too many parts, nesting)",
	 "超过安全上限（压缩炸弹、部件过多、嵌套过深）", DS_APPLIES_UNREAD, NULL, limits_msgs, check_limits},
	{"package.macros", "Macro-enabled content (VBA)", "含宏（VBA）", DS_APPLIES_DOCX | DS_APPLIES_XLSX, NULL,
	 macros_msgs, check_macros},
	{"package.protected", "Editing restricted, workbook or sheet protected", "限制编辑、工作簿或工作表保护",
	 DS_APPLIES_DOCX | DS_APPLIES_XLSX, NULL, protected_msgs, check_protected},
	{"package.revisions", "Unaccepted tracked changes", "未接受的修订", DS_APPLIES_DOCX, NULL, revisions_msgs,
	 check_revisions},
	{"package.comments", "Comments left in the document", "文档中遗留的批注", DS_APPLIES_DOCX, NULL, comments_msgs,
	 check_comments},
};

DS_PLUGIN_DEFINE(.name = "package", .version = "1.0.0", .rules = rules, .n_rules = sizeof rules / sizeof rules[0])
