/*
 * fuzz_mail.c - fuzz target: bytes as an e-mail, as a mailbox and as an
 * Outlook message, every
 * message's envelope and attachments walked as check walks them.  Built with
 * libFuzzer under clang, or with driver.c to replay a corpus in every test
 * run.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "docscreen/docscreen.h"
#include "intake/intake.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int message(void *ud, const ds__message *m)
{
	size_t *sum = ud;
	*sum += strlen(m->from) + strlen(m->subject) + strlen(m->date);
	for (size_t i = 0; i < m->n; i++)
		*sum += strlen(m->attachments[i].name) + m->attachments[i].len +
			(size_t)ds_kind_detect(m->attachments[i].data, m->attachments[i].len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds_limits l = DS_LIMITS_INIT;
	l.max_members = 200;
	size_t sum = 0;
	ds__mail_each(data, size, "fuzz.eml", false, &l, message, &sum);
	ds__mail_each(data, size, "fuzz.mbox", true, &l, message, &sum);
	ds__msg_each(data, size, &l, message, &sum); /* as an Outlook message */
	(void)ds__mail_kind(data, size);
	return 0;
}
