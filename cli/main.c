/*
 * main.c - the docscreen command: argument parsing and the subcommands
 * (count and dump are in inspect.c, serve's server in serve.c).
 *
 * Uses only the public API.  Messages go through gettext; the language comes
 * from --lang or the locale (zh* -> Chinese, anything else -> English), and
 * catalogs are found relative to the executable (bin/../share/locale), so
 * the build tree and any install prefix work alike.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "json.h"
#ifdef DS_SERVE
#include "serve.h"
#endif
#include "walk.h"

#define DEFAULT_PROFILE "citec-2023-national"

static char prefix[PATH_MAX];
const char *lang_code = "en"; /* the language messages are shown in */

/* ------------------------------------------------------------- language */

static bool env_is_zh(void)
{
	const char *vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 4; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return !strncmp(v, "zh", 2);
	}
	return false;
}

static void setup_lang(const char *lang)
{
	bool zh = lang ? !strcmp(lang, "zh") : env_is_zh();
	lang_code = zh ? "zh" : "en";
	/* a Chinese locale may not be generated on the machine: C.UTF-8 plus
	 * LANGUAGE still selects the catalog */
	if (!setlocale(LC_ALL, "") || !strcmp(setlocale(LC_MESSAGES, NULL), "C") ||
	    !strcmp(setlocale(LC_MESSAGES, NULL), "POSIX"))
		setlocale(LC_ALL, "C.UTF-8");
	setenv("LANGUAGE", zh ? "zh_CN" : "en", 1);
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof dir, "%s/share/locale", prefix);
	bindtextdomain("docscreen", dir);
	bind_textdomain_codeset("docscreen", "UTF-8");
	textdomain("docscreen");
}

static void find_prefix(const char *argv0)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0) {
		if (!realpath(argv0, exe))
			snprintf(exe, sizeof exe, "%s", argv0);
	} else {
		exe[n] = '\0';
	}
	/* PREFIX/bin/docscreen, PREFIX/DS_SERVE_SUBDIR/docscreen-serve -> PREFIX */
	char *d = dirname(exe);
#ifdef DS_SERVE
	snprintf(prefix, sizeof prefix, "%s/" DS_SERVE_UP, d);
#else
	snprintf(prefix, sizeof prefix, "%s/..", d);
#endif
	char real[PATH_MAX];
	if (realpath(prefix, real))
		snprintf(prefix, sizeof prefix, "%s", real);
}

/* ---------------------------------------------------------------- usage */

/* The usage, in parts: a command's --help shows its own. */
static const char *usage_command(const char *cmd)
{
	if (!strcmp(cmd, "count"))
		return _(
			"  count [--json] [--compat word|libreoffice] [--hint|--no-hint] [--no-textboxes] [--headers]\n"
			"        [--no-labels] [--timeout S] [--max-memory SIZE] FILE...\n"
			"        字数 and the other figures of Word's word-count dialog\n");
	if (!strcmp(cmd, "check"))
		return _(
			"  check [--profile ID|FILE] [--format F] [-o FILE] [--report F:PATH]... [--fail-on error|warning]\n"
			"        [--show info] [-j N] [--timeout S] [--max-memory SIZE] [--exclude GLOB]... [--quiet]\n"
			"        [--csv-per-file] [--config FILE|--no-config] FILE|DIR...\n"
			"        check files (folders are walked, archives and e-mails opened) against a profile\n");
	if (!strcmp(cmd, "serve"))
		return _(
			"  serve [--listen ADDR:PORT] [--profile P] [--max-upload SIZE] [--workers N] [--max-requests N]\n"
			"        [--timeout S] [--max-memory SIZE]\n"
			"        the self-check web page and JSON API (default 127.0.0.1:8080, 50M, 32 requests)\n");
	if (!strcmp(cmd, "dump"))
		return _("  dump [--json] [--timeout S] [--max-memory SIZE] FILE...\n"
			 "        every paragraph, table cell and sheet cell as the rules see it\n");
	if (!strcmp(cmd, "plugins"))
		return _("  plugins      the rule plugins found, and the files rejected with the reason\n");
	if (!strcmp(cmd, "profiles"))
		return _("  profiles     the profiles found\n");
	if (!strcmp(cmd, "rules"))
		return _(
			"  rules [ID|FILE]  what a profile runs, with its parameters\n"
			"  rules --kinds    the kinds of rule a profile can declare rules of, with their parameters\n");
	if (!strcmp(cmd, "config"))
		return _("  config [--config FILE|--no-config] [PATH]\n"
			 "        the configuration a check of PATH uses (.docscreen.ini there or above), each value\n"
			 "        with where it comes from, and its waivers\n");
	if (!strcmp(cmd, "version"))
		return "  version\n";
	return NULL;
}

static void usage_check(FILE *out)
{
	fprintf(out,
		_("\ncheck options:\n"
		  "  --profile ID|FILE     the profile (default: %s; `docscreen profiles` lists them)\n"
		  "  --format F            text (default), json, html, csv, junit, sarif or github (Actions\n"
		  "                        annotations), to standard output\n"
		  "  -o, --output FILE     write it to FILE instead\n"
		  "  --report F:PATH       one more report, repeatable: the formats above, and register,\n"
		  "                        submissions, statistics (.xlsx or .csv by PATH), letters (a folder)\n"
		  "  --fail-on error|warning  what makes the exit status 1 (default error)\n"
		  "  --show info           add the facts (字数 within the band, category) to the findings\n"
		  "  --csv-per-file        csv: one row per file instead of one per finding\n"
		  "  -j, --jobs N          worker processes (default: the processors)\n"
		  "  --timeout S           seconds a file may take (default 60)\n"
		  "  --max-memory SIZE     memory a worker may use (default 2G)\n"
		  "  --exclude GLOB        skip files and folders whose name matches, repeatable\n"
		  "  -q, --quiet           no progress line\n"),
		DEFAULT_PROFILE);
}

static void usage_limits(FILE *out)
{
	fputs(_("\nlimits (any command): --limit NAME=VALUE, values may end in K, M or G\n"
		"  max-parts=1000 max-part-bytes=256M max-total-bytes=1G max-ratio=100 max-depth=256\n"
		"  max-part-reads=2000 max-attributes=256 max-namespaces=1024 max-text=64M\n"
		"  max-paragraphs=1000000 max-cells=4000000 max-sheets=1000 max-model=192M\n"
		"  archives: max-nesting=3 max-members=1000 max-unpacked=1G; max-convert-time=30\n"),
	      out);
}

static void usage_paths(FILE *out)
{
	fputs(_("\nsearch paths (any command): --plugin-dir DIR, --profile-path DIR (repeatable),\n"
		"  then DOCSCREEN_PLUGIN_PATH / DOCSCREEN_PROFILE_PATH, then the install folders\n"),
	      out);
}

static void usage_count(FILE *out)
{
	fputs(_("\ncount options (defaults as Word):\n"
		"  --json                the figures as JSON\n"
		"  --compat word         honour w:hint, headers and footers apart (default)\n"
		"  --compat libreoffice  ignore w:hint, count headers and footers\n"
		"  --hint / --no-hint    treat “ ” — … etc. as East Asian under w:hint=\"eastAsia\"\n"
		"  --no-textboxes        leave out text boxes, footnotes and endnotes\n"
		"  --headers             count headers and footers in the total\n"
		"  --no-labels           leave out list labels (一、 1. •)\n"),
	      out);
}

static void usage_exit(FILE *out)
{
	fputs(_("\nexit status: 0 nothing reached --fail-on (default error) and every file was read,\n"
		"  1 a finding reached it or a file could not be read, 2 usage, profile or plugin error\n"),
	      out);
}

/* The whole usage (cmd NULL), or one command's. */
static void usage(FILE *out, const char *cmd)
{
	static const char *const all[] = {"count",    "check", "serve",  "dump",   "plugins",
					  "profiles", "rules", "config", "version"};
	fputs(_("usage: docscreen [--lang zh|en] COMMAND [OPTIONS] FILE...\n"), out);
	if (cmd) {
		fputs(usage_command(cmd), out);
	} else {
		fputs(_("\ncommands:\n"), out);
		for (size_t k = 0; k < sizeof all / sizeof *all; k++)
			fputs(usage_command(all[k]), out);
		fputs(_("  help [COMMAND]  this, or one command's options (also COMMAND --help)\n"), out);
	}
	if (!cmd || !strcmp(cmd, "check"))
		usage_check(out);
	if (!cmd || !strcmp(cmd, "count"))
		usage_count(out);
	if (!cmd || strcmp(cmd, "version"))
		usage_limits(out);
	if (!cmd || strcmp(cmd, "version"))
		usage_paths(out);
	if (!cmd || !strcmp(cmd, "check"))
		usage_exit(out);
}

/* --------------------------------------------------------------- shared */

int parse_opts(int argc, char **argv, int i, struct opts *o, int which)
{
	bool count = which == OPT_COUNT, check = which == OPT_CHECK, serve = which == OPT_SERVE;
	bool work = check || serve;                        /* the options of the commands that check */
	bool guarded = work || count || which == OPT_DUMP; /* --timeout, --max-memory */
	o->files = calloc((size_t)argc + 1, sizeof *o->files);
	if (!o->files)
		return -1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			while (++i < argc)
				o->files[o->n_files++] = argv[i];
			break;
		} else if (a[0] != '-' || !a[1]) {
			o->files[o->n_files++] = argv[i];
		} else if (!strcmp(a, "--json")) {
			o->json = true;
			o->format = "json";
		} else if (!strcmp(a, "--plugin-dir") && i + 1 < argc && o->n_plugin_dirs < 15) {
			o->plugin_dirs[o->n_plugin_dirs++] = argv[++i];
		} else if (!strcmp(a, "--profile-path") && i + 1 < argc && o->n_profile_dirs < 15) {
			o->profile_dirs[o->n_profile_dirs++] = argv[++i];
		} else if (work && !strcmp(a, "--profile") && i + 1 < argc) {
			o->profile = argv[++i];
		} else if (check && !strcmp(a, "--format") && i + 1 < argc) {
			o->format = argv[++i];
			if (strcmp(o->format, "text") && strcmp(o->format, "json") && strcmp(o->format, "html") &&
			    strcmp(o->format, "csv") && strcmp(o->format, "junit") && strcmp(o->format, "sarif") &&
			    strcmp(o->format, "github")) {
				fprintf(stderr,
					_("docscreen: --format takes text, json, html, csv, junit, sarif or github, not "
					  "'%s'\n"),
					o->format);
				return -1;
			}
		} else if (check && (!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) {
			o->output = argv[++i];
		} else if (check && !strcmp(a, "--report") && i + 1 < argc && o->n_reports < 16) {
			char *spec = argv[++i], *colon = strchr(spec, ':');
			static const char *known[] = {"text",        "json",       "html",   "csv",
						      "junit",       "sarif",      "github", "register",
						      "submissions", "statistics", "letters"};
			bool ok = false;
			for (size_t k = 0; colon && k < sizeof known / sizeof *known; k++)
				ok = ok || ((size_t)(colon - spec) == strlen(known[k]) &&
					    !strncmp(spec, known[k], strlen(known[k])));
			if (!ok || !colon[1]) {
				fprintf(stderr,
					_("docscreen: --report takes FORMAT:PATH with FORMAT one of text, json, "
					  "html, csv, junit, sarif, github, register, submissions, statistics, letters; not "
					  "'%s'\n"),
					spec);
				return -1;
			}
			*colon = '\0';
			o->reports[o->n_reports].format = spec;
			o->reports[o->n_reports++].path = colon + 1;
		} else if (check && !strcmp(a, "--config") && i + 1 < argc) {
			o->config = argv[++i];
		} else if (check && !strcmp(a, "--no-config")) {
			o->no_config = true;
		} else if (check && !strcmp(a, "--csv-per-file")) {
			o->csv_per_file = true;
		} else if (check && !strcmp(a, "--show") && i + 1 < argc) {
			if (strcmp(argv[++i], "info")) {
				fprintf(stderr, _("docscreen: --show takes info, not '%s'\n"), argv[i]);
				return -1;
			}
			o->show_info = true;
		} else if (check && (!strcmp(a, "-q") || !strcmp(a, "--quiet"))) {
			o->quiet = true;
		} else if (check && !strcmp(a, "--exclude") && i + 1 < argc && o->n_excludes < 32) {
			o->excludes[o->n_excludes++] = argv[++i];
		} else if (work && (!strcmp(a, "-j") || !strcmp(a, "--jobs") || !strcmp(a, "--workers")) &&
			   i + 1 < argc) {
			char *end;
			long j = strtol(argv[++i], &end, 10);
			if (*end || j < 1 || j > 256) {
				fprintf(stderr, _("docscreen: -j takes a number of workers from 1 to 256, not '%s'\n"),
					argv[i]);
				return -1;
			}
			o->batch.jobs = (unsigned)j;
		} else if (guarded && !strcmp(a, "--timeout") && i + 1 < argc) {
			char *end;
			double t = strtod(argv[++i], &end);
			if (*end || t <= 0) {
				fprintf(stderr, _("docscreen: --timeout takes seconds, not '%s'\n"), argv[i]);
				return -1;
			}
			o->batch.timeout = t;
		} else if (serve && !strcmp(a, "--listen") && i + 1 < argc) {
			o->listen = argv[++i];
		} else if (serve && !strcmp(a, "--max-upload") && i + 1 < argc) {
			ds_limits tmp = DS_LIMITS_INIT;
			if (ds_limits_set(&tmp, "max-text", argv[++i]) < 0 || tmp.max_text_bytes < 1024) {
				fprintf(stderr, _("docscreen: --max-upload takes a size such as 50M, not '%s'\n"),
					argv[i]);
				return -1;
			}
			o->max_upload = (size_t)tmp.max_text_bytes;
		} else if (serve && !strcmp(a, "--max-requests") && i + 1 < argc) {
			char *end;
			long n = strtol(argv[++i], &end, 10);
			if (*end || n < 1 || n > 4096) {
				fprintf(stderr,
					_("docscreen: --max-requests takes a number from 1 to 4096, not '%s'\n"),
					argv[i]);
				return -1;
			}
			o->max_requests = (size_t)n;
		} else if (guarded && !strcmp(a, "--max-memory") && i + 1 < argc) {
			ds_limits tmp = DS_LIMITS_INIT;
			if (ds_limits_set(&tmp, "max-text", argv[++i]) < 0) {
				fprintf(stderr,
					_("docscreen: --max-memory takes a size such as 2G or 512M, not '%s'\n"),
					argv[i]);
				return -1;
			}
			o->batch.max_memory = tmp.max_text_bytes;
		} else if (check && !strcmp(a, "--fail-on") && i + 1 < argc) {
			o->fail_on = argv[++i];
			if (strcmp(o->fail_on, "error") && strcmp(o->fail_on, "warning")) {
				fprintf(stderr, _("docscreen: --fail-on takes error or warning, not '%s'\n"),
					o->fail_on);
				return -1;
			}
		} else if (!strcmp(a, "--limit") && i + 1 < argc) {
			char name[64];
			const char *eq = strchr(argv[++i], '=');
			if (!eq || (size_t)(eq - argv[i]) >= sizeof name) {
				fprintf(stderr, _("docscreen: --limit takes NAME=VALUE, not '%s'\n"), argv[i]);
				return -1;
			}
			snprintf(name, sizeof name, "%.*s", (int)(eq - argv[i]), argv[i]);
			if (ds_limits_set(&o->open.limits, name, eq + 1) < 0) {
				fprintf(stderr, "docscreen: %s\n", ds_error_last());
				return -1;
			}
		} else if (count && !strcmp(a, "--compat") && i + 1 < argc) {
			const char *v = argv[++i];
			if (!strcmp(v, "word")) {
				o->count.ignore_hint = false;
				o->count.include_headers_footers = false;
				o->count.lo_breaks = false;
			} else if (!strcmp(v, "libreoffice")) {
				o->count.ignore_hint = true;
				o->count.include_headers_footers = true;
				o->count.lo_breaks = true;
			} else {
				fprintf(stderr, _("docscreen: --compat takes word or libreoffice, not '%s'\n"), v);
				return -1;
			}
		} else if (count && !strcmp(a, "--hint")) {
			o->count.ignore_hint = false;
		} else if (count && !strcmp(a, "--no-hint")) {
			o->count.ignore_hint = true;
		} else if (count && !strcmp(a, "--no-textboxes")) {
			o->count.exclude_textboxes_notes = true;
		} else if (count && !strcmp(a, "--headers")) {
			o->count.include_headers_footers = true;
		} else if (count && !strcmp(a, "--no-labels")) {
			o->count.exclude_labels = true;
		} else {
			fprintf(stderr, _("docscreen: unknown option '%s'\n"), a);
			return -1;
		}
	}
	return 0;
}

void vput(FILE *o, const char *s)
{
	ds_fput_visible(s, strlen(s), o);
}

void report_open_error(const char *path, bool json)
{
	if (json) {
		fputs("{", stdout);
		json_key_str(stdout, "path", path, 0);
		json_key_str(stdout, "error", ds_error_name(ds_error_code()), 1);
		if (*ds_error_limit())
			json_key_str(stdout, "limit", ds_error_limit(), 1);
		if (*ds_error_part())
			json_key_str(stdout, "part", ds_error_part(), 1);
		json_key_str(stdout, "message", ds_error_last(), 1);
		fputs("}\n", stdout);
	} else {
		fputs("docscreen: ", stderr);
		vput(stderr, path);
		fputs(": ", stderr);
		vput(stderr, ds_error_last());
		fputs("\n", stderr);
	}
}

const char *format_name(ds_format f)
{
	return f == DS_FORMAT_XLSX ? "xlsx" : "docx";
}

/* ------------------------------------------------------- engine commands */

static int make_engine(ds_engine **e, struct opts *o)
{
	ds_engine_options eo = DS_ENGINE_OPTIONS_INIT;
	eo.plugin_dirs = o->plugin_dirs;
	eo.profile_dirs = o->profile_dirs;
	eo.prefix = prefix;
	eo.open = o->open;
	if (ds_engine_new(e, &eo) < 0) {
		fprintf(stderr, "docscreen: %s\n", ds_error_last());
		return -1;
	}
	return 0;
}

static volatile int stop_signal;

static void on_stop_signal(int sig)
{
	stop_signal = sig;
}

struct progress {
	double start;
	bool shown;
};

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "  37/120  12.3 files/s  ETA 7 s  failing 5" on one line of the terminal */
static void show_progress(void *ud, size_t done, size_t total, size_t failing)
{
	struct progress *p = ud;
	double t = seconds() - p->start;
	double rate = t > 0 ? (double)done / t : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;
	fputc('\r', stderr);
	fprintf(stderr, _("%6zu/%zu  %.1f files/s  ETA %.0f s  failing %zu "), done, total, rate, eta, failing);
	p->shown = true;
}

static int write_report(const ds_report *r, const char *format, const char *path, bool csv_files)
{
	size_t plen = path ? strlen(path) : 0;
	if (!strcmp(format, "letters")) { /* a folder of drafts */
		int rc = ds_report_write_letters(r, path, lang_code);
		if (rc < 0)
			fprintf(stderr, "docscreen: %s\n", ds_error_last());
		return rc;
	}
	if ((!strcmp(format, "register") || !strcmp(format, "submissions") || !strcmp(format, "statistics")) &&
	    plen > 5 && !strcasecmp(path + plen - 5, ".xlsx")) { /* a workbook, by its name */
		int rc = ds_report_write_xlsx(r, path, format, lang_code);
		if (rc < 0)
			fprintf(stderr, "docscreen: %s\n", ds_error_last());
		return rc;
	}
	FILE *out = stdout;
	if (path && strcmp(path, "-") && !(out = fopen(path, "w"))) {
		fprintf(stderr, _("docscreen: cannot write %s: %s\n"), path, strerror(errno));
		return -1;
	}
	if (!strcmp(format, "csv") && csv_files)
		format = "csv-files";
	bool color = !strcmp(format, "text") && out == stdout && isatty(fileno(out)) && !getenv("NO_COLOR");
	int rc = ds_report_write(r, out, format, lang_code, color);
	if (rc < 0)
		fprintf(stderr, "docscreen: %s\n", ds_error_last());
	if (out != stdout && fclose(out) != 0 && rc == 0) {
		fprintf(stderr, _("docscreen: cannot write %s: %s\n"), path, strerror(errno));
		rc = -1;
	}
	return rc;
}

static int check_with(struct opts *op, const config *cfg)
{
	struct opts o = *op;
	int i;
	ds_engine *e;
	if (make_engine(&e, &o) < 0)
		return EXIT_USAGE;
	for (size_t k = 0; k < ds_engine_rejected_count(e); k++)
		fprintf(stderr, _("docscreen: plugin %s rejected: %s\n"), ds_engine_rejected_path(e, k),
			ds_engine_rejected_reason(e, k));
	if (ds_engine_use_profile(e, o.profile ? o.profile : DEFAULT_PROFILE) < 0) {
		fprintf(stderr, "docscreen: %s\n", ds_error_last());
		ds_engine_free(e);
		return EXIT_USAGE;
	}
	ds_report *r;
	if (ds_report_new(&r, e) < 0) {
		ds_engine_free(e);
		return EXIT_USAGE;
	}
	int status = EXIT_OK;
	/* a path that is not there is a mistake on the command line, not a file's finding */
	for (i = 0; i < o.n_files; i++) {
		struct stat st;
		bool url = !strncmp(o.files[i], "imap://", 7) || !strncmp(o.files[i], "imaps://", 8);
		if (!url && stat(o.files[i], &st) < 0) {
			fprintf(stderr, "docscreen: %s: %s\n", o.files[i], strerror(errno));
			status = EXIT_USAGE;
		}
	}
	if (status != EXIT_OK) {
		ds_report_free(r);
		ds_engine_free(e);
		return status;
	}
	filelist files = {0};
	for (i = 0; i < o.n_files; i++)
		if (walk_add(&files, o.files[i], o.excludes, o.n_excludes) < 0) {
			fprintf(stderr, "docscreen: %s\n", strerror(ENOMEM));
			status = EXIT_USAGE;
		}
	walk_sort(&files);
	/* Ctrl-C, a closed terminal, kill: the workers stopped and what they
	 * left removed (LibreOffice, temporary folders), then the signal's
	 * exit status */
	struct sigaction sa = {.sa_handler = on_stop_signal}, old[3];
	static const int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
	for (int k = 0; k < 3; k++)
		sigaction(sigs[k], &sa, &old[k]);
	o.batch.stop = &stop_signal;
	struct progress pr = {seconds(), false};
	if (!o.quiet && isatty(STDERR_FILENO)) {
		o.batch.progress = show_progress;
		o.batch.progress_ud = &pr;
	}
	if (status == EXIT_OK && ds_engine_check_batch(e, r, (const char *const *)files.v, files.n, &o.batch) < 0) {
		fprintf(stderr, "docscreen: %s\n", ds_error_last());
		status = EXIT_USAGE;
	}
	/* a folder, an archive, an e-mail: what each unit sent, as a whole */
	if (status == EXIT_OK && !stop_signal && ds_report_collect(r, e, (const char *const *)o.files, o.n_files) < 0) {
		fprintf(stderr, "docscreen: %s\n", ds_error_last());
		status = EXIT_USAGE;
	}
	if (!o.show_info) /* facts on demand: problems are the findings */
		ds_report_drop_info(r);
	char today[16];
	if (status == EXIT_OK && cfg->n_waivers &&
	    ds_report_waive(r, cfg->waivers, cfg->n_waivers, config_today(today, sizeof today)) < 0) {
		fprintf(stderr, "docscreen: %s\n", ds_error_last());
		status = EXIT_USAGE;
	}
	ds_report_set_fail_on(r, o.fail_on);
	if (pr.shown)
		fputc('\n', stderr);
	walk_free(&files);
	for (int k = 0; k < 3; k++)
		sigaction(sigs[k], &old[k], NULL);
	if (stop_signal) { /* (the report is not written) */
		ds_report_free(r);
		ds_engine_free(e);
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
		return 128 + stop_signal;
	}
	if (status == EXIT_OK && write_report(r, o.format, o.output, o.csv_per_file) < 0)
		status = EXIT_USAGE;
	for (size_t k = 0; k < o.n_reports && status == EXIT_OK; k++)
		if (write_report(r, o.reports[k].format, o.reports[k].path, o.csv_per_file) < 0)
			status = EXIT_USAGE;
	if (status == EXIT_OK)
		status = ds_report_exit_status(r, o.fail_on);
	ds_report_free(r);
	ds_engine_free(e);
	return status;
}

static int cmd_check(int argc, char **argv, int i)
{
	struct opts o = {.open = DS_OPEN_OPTIONS_INIT, .format = "text", .batch = DS_BATCH_OPTIONS_INIT};
	if (parse_opts(argc, argv, i, &o, OPT_CHECK) < 0)
		return EXIT_USAGE;
	if (!o.n_files) {
		fprintf(stderr, "%s", _("docscreen check: name at least one file\n"));
		free(o.files);
		return EXIT_USAGE;
	}
	/* the project's configuration: what the command line leaves unset, and the waivers */
	config cfg;
	if (config_load(&cfg, o.config, o.no_config, o.files[0]) < 0) {
		config_free(&cfg);
		free(o.files);
		return EXIT_USAGE;
	}
	config_apply(&cfg, &o);
	if (!o.fail_on)
		o.fail_on = "error";
	int status = check_with(&o, &cfg);
	config_free(&cfg);
	free(o.files);
	return status;
}

#ifdef DS_SERVE
static int cmd_serve(int argc, char **argv, int i)
{
	struct opts o = {.open = DS_OPEN_OPTIONS_INIT,
			 .batch = DS_BATCH_OPTIONS_INIT,
			 .listen = "127.0.0.1:8080",
			 .max_upload = 50u << 20,
			 .max_requests = 32};
	if (parse_opts(argc, argv, i, &o, OPT_SERVE) < 0 || o.n_files) {
		if (o.n_files)
			fprintf(stderr, "%s", _("docscreen serve: takes no files\n"));
		free(o.files);
		return EXIT_USAGE;
	}
	free(o.files);
	/* an engine per profile offered: every one on the search path, and
	 * --profile (the default choice) if it names a file */
	ds_engine *probe;
	if (make_engine(&probe, &o) < 0)
		return EXIT_USAGE;
	const char *def = o.profile ? o.profile : DEFAULT_PROFILE;
	size_t n = ds_engine_profile_count(probe), k = 0;
	ds_engine **engines = calloc(n + 1, sizeof *engines);
	char **ids = calloc(n + 1, sizeof *ids);
	serve_options so = {.listen = o.listen,
			    .max_upload = o.max_upload,
			    .max_requests = o.max_requests,
			    .batch = o.batch,
			    .engines = engines,
			    .ids = ids,
			    .version = ds_version()};
	int status = EXIT_OK;
	bool have_def = false;
	for (size_t p = 0; p <= n && engines && ids; p++) {
		const char *id = p < n ? ds_engine_profile_id(probe, p) : def;
		if (p == n && have_def)
			break;
		ds_engine *e;
		if (make_engine(&e, &o) < 0) {
			status = EXIT_USAGE;
			break;
		}
		if (ds_engine_use_profile(e, id) < 0) {
			fprintf(stderr, "docscreen serve: %s\n", ds_error_last());
			ds_engine_free(e);
			if (!strcmp(id, def)) {
				status = EXIT_USAGE;
				break;
			}
			continue;
		}
		if (!strcmp(id, def) || !strcmp(ds_engine_active_profile(e), def)) {
			so.default_engine = k;
			have_def = true;
		}
		engines[k] = e;
		ids[k++] = strdup(ds_engine_active_profile(e));
	}
	ds_engine_free(probe);
	so.n_engines = k;
	if (status == EXIT_OK && !have_def) {
		fprintf(stderr, _("docscreen serve: profile '%s' not found\n"), def);
		status = EXIT_USAGE;
	}
	if (status == EXIT_OK)
		status = serve_run(&so);
	for (size_t p = 0; p < k; p++) {
		ds_engine_free(engines[p]);
		free(ids[p]);
	}
	free(engines);
	free(ids);
	return status;
}
#endif

/* The engine for a command that takes search-path options and no files. */
static int engine_only(int argc, char **argv, int i, ds_engine **e)
{
	struct opts o = {.open = DS_OPEN_OPTIONS_INIT};
	int bad = parse_opts(argc, argv, i, &o, 0) < 0 || o.n_files;
	free(o.files);
	return bad || make_engine(e, &o) < 0 ? -1 : 0;
}

static int cmd_plugins(int argc, char **argv, int i)
{
	ds_engine *e;
	if (engine_only(argc, argv, i, &e) < 0)
		return EXIT_USAGE;
	for (size_t p = 0; p < ds_engine_plugin_count(e); p++) {
		printf("%s %s  (%s)\n", ds_engine_plugin_name(e, p), ds_engine_plugin_version(e, p),
		       ds_engine_plugin_path(e, p));
		for (size_t k = 0; k < ds_engine_plugin_rule_count(e, p); k++)
			printf("  %s\n", ds_engine_plugin_rule(e, p, k));
	}
	if (!ds_engine_plugin_count(e))
		printf("%s\n", _("no plugins found"));
	for (size_t k = 0; k < ds_engine_rejected_count(e); k++)
		printf(_("rejected %s: %s\n"), ds_engine_rejected_path(e, k), ds_engine_rejected_reason(e, k));
	int status = ds_engine_rejected_count(e) ? EXIT_FINDINGS : EXIT_OK;
	ds_engine_free(e);
	return status;
}

static int cmd_profiles(int argc, char **argv, int i)
{
	ds_engine *e;
	if (engine_only(argc, argv, i, &e) < 0)
		return EXIT_USAGE;
	for (size_t p = 0; p < ds_engine_profile_count(e); p++)
		printf("%-28s %s%s\n    %s\n", ds_engine_profile_id(e, p), ds_engine_profile_title(e, p, lang_code),
		       strcmp(ds_engine_profile_id(e, p), DEFAULT_PROFILE) ? "" : _(" (default)"),
		       ds_engine_profile_path(e, p));
	if (!ds_engine_profile_count(e))
		printf("%s\n", _("no profiles found"));
	ds_engine_free(e);
	return EXIT_OK;
}

static int cmd_rules(int argc, char **argv, int i)
{
	struct opts o = {.open = DS_OPEN_OPTIONS_INIT};
	bool kinds = false;
	for (int k = i; k < argc; k++)
		if (!strcmp(argv[k], "--kinds")) {
			kinds = true;
			memmove(&argv[k], &argv[k + 1], (size_t)(argc - k) * sizeof *argv);
			argc--;
			break;
		}
	int bad = parse_opts(argc, argv, i, &o, 0) < 0 || o.n_files > (kinds ? 0 : 1);
	const char *profile = o.n_files ? o.files[0] : DEFAULT_PROFILE;
	free(o.files);
	ds_engine *e;
	if (bad || make_engine(&e, &o) < 0)
		return EXIT_USAGE;
	int status = EXIT_OK;
	if (kinds)
		ds_engine_write_kinds(e, stdout, lang_code);
	else if (ds_engine_use_profile(e, profile) < 0 || ds_engine_write_rules(e, stdout, lang_code) < 0) {
		fprintf(stderr, "docscreen: %s\n", ds_error_last());
		status = EXIT_USAGE;
	}
	ds_engine_free(e);
	return status;
}

/* docscreen config [PATH]: the configuration a check of PATH would use. */
static int cmd_config(int argc, char **argv, int i)
{
	struct opts o = {.open = DS_OPEN_OPTIONS_INIT};
	if (parse_opts(argc, argv, i, &o, OPT_CHECK) < 0 || o.n_files > 1) {
		free(o.files);
		return EXIT_USAGE;
	}
	config cfg;
	int status = config_load(&cfg, o.config, o.no_config, o.n_files ? o.files[0] : NULL) < 0 ? EXIT_USAGE : EXIT_OK;
	if (status == EXIT_OK)
		config_print(&cfg, stdout);
	config_free(&cfg);
	free(o.files);
	return status;
}

/* ----------------------------------------------------------------- main */

#ifndef DS_SERVE
/* `serve` is PREFIX/DS_SERVE_SUBDIR/docscreen-serve (libexec/docscreen), given
 * the same arguments. */
static int exec_serve(char **argv)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/" DS_SERVE_SUBDIR "/docscreen-serve", prefix);
	execv(path, argv);
	setup_lang(NULL);
	fprintf(stderr, _("docscreen: cannot run %s: %s\n"), path, strerror(errno));
	return EXIT_USAGE;
}
#endif

int main(int argc, char **argv)
{
	/* With TZ unset glibc looks at /etc/localtime again on every mktime,
	 * and libzip calls it for each entry of each file: name the system's
	 * zone once (the same zone; a TZ the user set stands). */
	setenv("TZ", ":/etc/localtime", 0);
	find_prefix(argv[0]);
#ifndef DS_SERVE
	for (int k = 1; k < argc; k++) {
		if (!strcmp(argv[k], "--lang")) {
			k++;
			continue;
		}
		if (!strcmp(argv[k], "serve"))
			return exec_serve(argv);
		break;
	}
#endif
	const char *lang = NULL;
	int i = 1;
	/* --lang may stand anywhere: take it out before the command runs */
	for (int k = 1; k < argc; k++)
		if (!strcmp(argv[k], "--lang") && k + 1 < argc) {
			lang = argv[k + 1];
			if (strcmp(lang, "zh") && strcmp(lang, "en")) {
				setup_lang(NULL);
				fprintf(stderr, _("docscreen: --lang takes zh or en, not '%s'\n"), lang);
				return EXIT_USAGE;
			}
			memmove(argv + k, argv + k + 2, (size_t)(argc - k - 2) * sizeof *argv);
			argc -= 2;
			k--;
		}
	setup_lang(lang);
	if (i >= argc) {
		usage(stderr, NULL);
		return EXIT_USAGE;
	}
	const char *cmd = argv[i++];
	/* COMMAND --help, help COMMAND: that command's usage */
	const char *help = !strcmp(cmd, "help") ? (i < argc ? argv[i] : "") : NULL;
	for (int k = i; k < argc && !help; k++) {
		if (!strcmp(argv[k], "--"))
			break;
		if (!strcmp(argv[k], "--help") || !strcmp(argv[k], "-h"))
			help = cmd;
	}
	if (help || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		if (help && *help && !usage_command(help)) {
			fprintf(stderr, _("docscreen: unknown command '%s'\n"), help);
			usage(stderr, NULL);
			return EXIT_USAGE;
		}
		usage(stdout, help && *help ? help : NULL);
		return EXIT_OK;
	}
	if (!strcmp(cmd, "count"))
		return cmd_count(argc, argv, i);
	if (!strcmp(cmd, "dump"))
		return cmd_dump(argc, argv, i);
	if (!strcmp(cmd, "check"))
		return cmd_check(argc, argv, i);
#ifdef DS_SERVE
	if (!strcmp(cmd, "serve"))
		return cmd_serve(argc, argv, i);
#endif
	if (!strcmp(cmd, "plugins"))
		return cmd_plugins(argc, argv, i);
	if (!strcmp(cmd, "profiles"))
		return cmd_profiles(argc, argv, i);
	if (!strcmp(cmd, "rules"))
		return cmd_rules(argc, argv, i);
	if (!strcmp(cmd, "config"))
		return cmd_config(argc, argv, i);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("docscreen %s\n", ds_version());
		return EXIT_OK;
	}
	fprintf(stderr, _("docscreen: unknown command '%s'\n"), cmd);
	usage(stderr, NULL);
	return EXIT_USAGE;
}
