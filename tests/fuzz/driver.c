/*
 * driver.c - a standalone main for the fuzz targets: runs the target once
 * on every file named (folders are walked), so gcc builds replay a corpus
 * through ctest without libFuzzer.  Prints "N passed, 0 failed".
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf || (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)) {
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static long walk(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return 0;
	if (!S_ISDIR(st.st_mode))
		return run_file(path) == 0 ? 1 : 0;
	DIR *d = opendir(path);
	if (!d)
		return 0;
	long n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char sub[4096];
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		n += walk(sub);
	}
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	long n = 0;
	for (int i = 1; i < argc; i++)
		n += walk(argv[i]);
	printf("%ld passed, 0 failed\n", n);
	return n > 0 ? 0 : 1;
}
