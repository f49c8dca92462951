#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/err.h"
#include "server/listen.h"

/* True when something accepts connections on path right now. */
static int
socket_live(const struct sockaddr_un *sa)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int live;

	if (fd < 0)
		return 0;
	live = connect(fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0;
	close(fd);
	return live;
}

int
rb_listen_open(const char *path, const char *group, struct rb_err *err)
{
	struct sockaddr_un sa;
	int fd = -1;
	mode_t old;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		rb_err_set(err, RB_INVALID,
		    "socket path is %zu bytes; unix sockets allow %zu",
		    strlen(path), sizeof(sa.sun_path) - 1);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path));
	if (socket_live(&sa)) {
		rb_err_set(err, RB_CONFLICT, "%s: another server is running", path);
		return -1;
	}
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	if (fd < 0)
		goto fail;
	/* The socket is born 0660: no window where others may connect. */
	old = umask(0117);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		umask(old);
		goto fail;
	}
	umask(old);
	if (group != NULL && group[0] != '\0') {
		struct group *g = getgrnam(group);

		if (g == NULL) {
			rb_err_set(err, RB_INVALID, "socket_group: no group \"%s\"",
			    group);
			close(fd);
			return -1;
		}
		if (chown(path, (uid_t)-1, g->gr_gid) != 0)
			goto fail;
	}
	if (chmod(path, 0660) != 0 || listen(fd, 1024) != 0)
		goto fail;
	return fd;
fail:
	rb_err_set(err, RB_ERROR, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}
