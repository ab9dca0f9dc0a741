/*
 * The sums of the experiments' CPU job (getSum(i) for i = 1 .. 19999) in C, as a yardstick for
 * the JIT: the same arithmetic in the same order, the platform's libm for sqrt, sin and cos.
 * Compiled as it is (cc -O2), the compiler turns sin(x) and cos(x) of the same x into one call of
 * glibc's sincos, which shares the argument reduction between the two; sums.sh also builds it with
 * -fno-builtin-sin -fno-builtin-cos, which keeps the two calls apart as Java's Math.sin and
 * Math.cos are.
 *
 *   bash bench/peers/c/sums.sh
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef SEPARATE
#define SEPARATE ""
#endif

static double get_sum(int num) {
  double total = 0.0;
  for (int x = 1; x < num; x++) {
    total += 1.0 / x + sqrt(x) + sin(x) + cos(x);
  }
  return total;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20000;
  int rounds = argc > 2 ? atoi(argv[2]) : 3;
  for (int r = 0; r < rounds; r++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    double checksum = 0.0;
    for (int i = 1; i < n; i++) {
      checksum += get_sum(i);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double s = (double) (b.tv_sec - a.tv_sec) + (double) (b.tv_nsec - a.tv_nsec) / 1e9;
    printf("C (cc -O2%s, libm): getSum(1 .. %d) in %.3f s, checksum %.6f\n", SEPARATE, n - 1, s, checksum);
  }
  return 0;
}
