/*
 * What one message costs between two processes and between two threads on this machine: a byte
 * sent back and forth through two pipes, 100,000 times (microseconds per round trip). Built and
 * run by switch.sh; "p" for processes, "t" for threads.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { ROUND_TRIPS = 100000 };
static int there[2], back[2];

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void *echo(void *unused) {
  char c;
  for (int i = 0; i < ROUND_TRIPS; i++) {
    if (read(there[0], &c, 1) != 1 || write(back[1], &c, 1) != 1) {
      exit(1);
    }
  }
  return unused;
}

int main(int argc, char **argv) {
  int processes = argc > 1 && argv[1][0] == 'p';
  if (pipe(there) != 0 || pipe(back) != 0) {
    perror("pipe");
    return 1;
  }
  pthread_t thread;
  pid_t child = 0;
  if (processes) {
    child = fork();
    if (child == 0) {
      echo(NULL);
      _exit(0);
    }
  } else {
    pthread_create(&thread, NULL, echo, NULL);
  }
  char c = 'x';
  double t0 = now();
  for (int i = 0; i < ROUND_TRIPS; i++) {
    if (write(there[1], &c, 1) != 1 || read(back[0], &c, 1) != 1) {
      return 1;
    }
  }
  double t1 = now();
  if (processes) {
    waitpid(child, NULL, 0);
  } else {
    pthread_join(thread, NULL);
  }
  printf("%s: %.2f us per round trip\n", processes ? "processes" : "threads",
         (t1 - t0) / ROUND_TRIPS * 1e6);
  return 0;
}
