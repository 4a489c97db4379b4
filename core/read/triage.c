/*
 * triage.c - what bytes are by their signature (zip, compound file and the
 * streams it holds, PDF, RTF, HTML, archives), and which files are taken
 * for submissions (by name, or renamed, by content).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

static bool has_utf16(const unsigned char *d, size_t len, const char *ascii)
{
	size_t n = strlen(ascii);
	if (len < 2 * n)
		return false;
	for (size_t i = 0; i + 2 * n <= len; i++) {
		size_t k = 0;
		while (k < n && d[i + 2 * k] == (unsigned char)ascii[k] && d[i + 2 * k + 1] == 0)
			k++;
		if (k == n)
			return true;
	}
	return false;
}

DS_API bool ds_is_submission(const char *name, const void *head, size_t len)
{
	static const char *const ext[] = {".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".xltx",
					  ".xltm", ".doc",  ".xls",  ".wps",  ".et",   ".pdf",  ".rtf",
					  ".odt",  ".ods",  ".zip",  ".rar",  ".7z",   ".tar",  ".tgz",
					  ".gz",   ".bz2",  ".xz",   ".eml",  ".mbox", ".msg"};
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash + 1 : name, '.');
	for (size_t i = 0; dot && i < sizeof ext / sizeof ext[0]; i++)
		if (!strcasecmp(dot, ext[i]))
			return true;
	switch (ds_kind_detect(head, len)) {
	case DS_KIND_ZIP:
	case DS_KIND_CFB_ENCRYPTED:
	case DS_KIND_CFB_DOC:
	case DS_KIND_CFB_XLS:
	case DS_KIND_CFB_OTHER: /* .ppt, .msg, old WPS: said what they are */
	case DS_KIND_PDF:
	case DS_KIND_ARCHIVE:
	case DS_KIND_MAIL:
	case DS_KIND_MBOX:
	case DS_KIND_OUTLOOK: return true;
	default: return false;
	}
}

DS_API ds_kind ds_kind_detect(const void *data, size_t len)
{
	const unsigned char *d = data;
	if (!len)
		return DS_KIND_EMPTY;
	if (len >= 4 && d[0] == 'P' && d[1] == 'K' &&
	    ((d[2] == 3 && d[3] == 4) || (d[2] == 5 && d[3] == 6) || (d[2] == 7 && d[3] == 8)))
		return DS_KIND_ZIP;
	if (ds__archive_format(d, len)) /* before the PDF scan: a tar of PDFs holds "%PDF-" */
		return DS_KIND_ARCHIVE;
	int mail = ds__mail_kind(d, len);
	if (mail)
		return mail == 2 ? DS_KIND_MBOX : DS_KIND_MAIL;
	static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (len >= 8 && !memcmp(d, cfb, 8)) {
		/* directory entries hold UTF-16LE stream names; an Outlook message
		 * first: the documents attached hold theirs */
		if (has_utf16(d, len, "__substg1.0_"))
			return DS_KIND_OUTLOOK;
		if (has_utf16(d, len, "EncryptedPackage"))
			return DS_KIND_CFB_ENCRYPTED;
		if (has_utf16(d, len, "WordDocument"))
			return DS_KIND_CFB_DOC;
		if (has_utf16(d, len, "Workbook") || has_utf16(d, len, "Book"))
			return DS_KIND_CFB_XLS;

		return DS_KIND_CFB_OTHER;
	}
	size_t i = 0;
	if (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF)
		i = 3;
	while (i < len && i < 1024 && isspace(d[i]))
		i++;
	if (len - i >= 5 && !memcmp(d + i, "%PDF-", 5))
		return DS_KIND_PDF;
	/* a PDF may start after some junk within its first 1024 bytes */
	for (size_t k = 0; k + 5 <= len && k < 1024; k++)
		if (!memcmp(d + k, "%PDF-", 5))
			return DS_KIND_PDF;
	if (len - i >= 5 && !memcmp(d + i, "{\\rtf", 5))
		return DS_KIND_RTF;
	if (len - i >= 5 && (d[i] == '<' || !strncasecmp((const char *)d + i, "MIME-", 5))) {
		size_t n = len - i < 512 ? len - i : 512;
		char head[513];
		memcpy(head, d + i, n);
		head[n] = '\0';
		for (size_t k = 0; k < n; k++)
			head[k] = (char)tolower((unsigned char)head[k]);
		if (strstr(head, "<html") || strstr(head, "<!doctype html") || strstr(head, "mime-version") ||
		    strstr(head, "urn:schemas-microsoft-com:office"))
			return DS_KIND_HTML;
	}
	return DS_KIND_OTHER;
}

DS_API const char *ds_kind_name(ds_kind kind)
{
	switch (kind) {
	case DS_KIND_EMPTY: return "empty";
	case DS_KIND_ZIP: return "zip";
	case DS_KIND_CFB_ENCRYPTED: return "cfb-encrypted";
	case DS_KIND_CFB_DOC: return "cfb-doc";
	case DS_KIND_CFB_XLS: return "cfb-xls";
	case DS_KIND_CFB_OTHER: return "cfb-other";
	case DS_KIND_PDF: return "pdf";
	case DS_KIND_RTF: return "rtf";
	case DS_KIND_HTML: return "html";
	case DS_KIND_ARCHIVE: return "archive";
	case DS_KIND_MAIL: return "mail";
	case DS_KIND_MBOX: return "mbox";
	case DS_KIND_OUTLOOK: return "outlook";
	default: return "other";
	}
}
