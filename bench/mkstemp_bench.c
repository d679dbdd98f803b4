/*
 * glibc's side of bench/run: mkstemp(3) and its raw-open floor.
 *
 * Usage: mkstemp_bench DIR N
 *
 * Prints "glibc-mkstemp NS" and "glibc-floor NS": nanoseconds per create +
 * close + unlink in DIR, over N operations. The floor is open(2) with the
 * flags glibc's mkstemp uses (O_RDWR|O_CREAT|O_EXCL, mode 0600) on names
 * made in advance, outside the timed loop.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char *what, const char *path)
{
	perror(path ? path : what);
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s DIR N\n", argv[0]);
		return 2;
	}
	const char *dir = argv[1];
	long n = atol(argv[2]);
	size_t len = strlen(dir) + sizeof "/tmpXXXXXXXX.dat";
	char *path = malloc(len);

	double start = now_ns();
	for (long i = 0; i < n; i++) {
		snprintf(path, len, "%s/tmpXXXXXX", dir); /* mkstemp takes exactly 6 X */
		int fd = mkstemp(path);
		if (fd < 0)
			die("mkstemp", path);
		close(fd);
		if (unlink(path) < 0)
			die("unlink", path);
	}
	double mkstemp_ns = (now_ns() - start) / n;

	/* Names shaped as the others'; they need only be distinct. */
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789_";
	char **paths = malloc(n * sizeof *paths);
	for (long i = 0; i < n; i++) {
		unsigned char r[8];
		char name[9];
		if (getrandom(r, sizeof r, 0) != sizeof r)
			die("getrandom", NULL);
		for (int j = 0; j < 8; j++)
			name[j] = alphabet[r[j] % 37];
		name[8] = 0;
		paths[i] = malloc(len);
		snprintf(paths[i], len, "%s/tmp%s.dat", dir, name);
	}
	start = now_ns();
	for (long i = 0; i < n; i++) {
		int fd = open(paths[i], O_RDWR | O_CREAT | O_EXCL, 0600);
		if (fd < 0)
			die("open", paths[i]);
		close(fd);
		if (unlink(paths[i]) < 0)
			die("unlink", paths[i]);
	}
	double floor_ns = (now_ns() - start) / n;

	printf("glibc-mkstemp %.0f\n", mkstemp_ns);
	printf("glibc-floor %.0f\n", floor_ns);
	return 0;
}
