#include <errno.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "core/log.h"
#include "server/spawn.h"

pid_t
rb_spawn_worker(const char *self, const char *config_path,
    const struct rb_spawn_fds *fds)
{
	sigset_t none;
	pid_t pid = fork();

	if (pid < 0) {
		rb_log_error("master: fork: %s", strerror(errno));
		return -1;
	}
	if (pid > 0)
		return pid;
	/* Child: only async-signal-safe calls until exec. Park the fds high
	 * first so placing one cannot clobber another; dup2 also clears
	 * close-on-exec on the copies. */
	if (dup2(fds->listen, 110) < 0 || dup2(fds->metrics, 111) < 0 ||
	    dup2(fds->ready, 112) < 0 || dup2(110, RB_FD_LISTEN) < 0 ||
	    dup2(111, RB_FD_METRICS) < 0 || dup2(112, RB_FD_READY) < 0)
		_exit(71);
	closefrom(RB_FD_READY + 1);
	/* A worker outliving its master would hold the socket forever. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() == 1)
		_exit(0);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (config_path != NULL)
		execl(self, "rebound", "worker", "--config", config_path,
		    (char *)NULL);
	else
		execl(self, "rebound", "worker", (char *)NULL);
	_exit(127);
}

int
rb_spawn_check(const char *self, const char *config_path)
{
	sigset_t none;
	int status;
	pid_t pid = fork();

	if (pid < 0) {
		rb_log_error("master: fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		/* Its report of the effective values is not for the log. */
		if (null >= 0)
			dup2(null, 1);
		closefrom(3);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (config_path != NULL)
			execl(self, "rebound", "check-config", "--config",
			    config_path, (char *)NULL);
		else
			execl(self, "rebound", "check-config", (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
