// SPDX-License-Identifier: GPL-2.0
/*
 * The pledge LSM, tested through libpledge in a booted Nexus kernel
 * (tests/pledge.t). Every case runs in a child, since a pledge cannot
 * be undone, and every operation also runs unpledged first: a row
 * passes only when the operation works without the pledge and gives
 * the table's result with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/fs.h>
#include <linux/input.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <linux/keyctl.h>
#include <sys/ioctl.h>
#include <sys/ptrace.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/shm.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <pledge.h>
/* The kernel's DRM UAPI, as libdrm-dev ships it. */
#include <drm.h>
#include <drm_mode.h>
#include <virtgpu_drm.h>

#include "kselftest_harness.h"
#include "kselftest_scaled.h"

#define DIR_	"/tmp/pledge-test"
#define CORES	DIR_ "/cores"

/* Results: the operation worked, or the process was killed. */
#define OK	0
#define KILLED	(-1)
#define NOT_PLEDGED	200	/* the child's pledge() itself failed */

static int devnull = -1, file = -1, dir = -1, fifo = -1, link_ = -1, blk = -1;
static int sv[2] = { -1, -1 }, other[2] = { -1, -1 };

/* One descriptor of each kind a process can pass: see FD_ROWS. */
static void prepare(void)
{
	devnull = open("/dev/null", O_RDWR);
	file = open(DIR_ "/f", O_RDWR);
	dir = open(DIR_, O_RDONLY | O_DIRECTORY);
	fifo = open(DIR_ "/fifo", O_RDWR);
	link_ = open(DIR_ "/l", O_PATH | O_NOFOLLOW);
	/* A block device node, by O_PATH: no driver or disk needed. */
	blk = open(DIR_ "/blk", O_PATH);
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	socketpair(AF_UNIX, SOCK_STREAM, 0, other);
}

static int send_fd(int sock, int fd)
{
	char data = 'x';
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u = { 0 };
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : errno;
}

/*
 * One message from SOCK: 1 with the descriptor it carried in *FD, 0 when
 * it carried none whole, -1 when no message came (errno).
 */
static int take_fd(int sock, int *fd)
{
	char data;
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = &data, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	if (!CMSG_FIRSTHDR(&msg) || (msg.msg_flags & MSG_CTRUNC))
		return 0;
	memcpy(fd, CMSG_DATA(CMSG_FIRSTHDR(&msg)), sizeof(*fd));
	return 1;
}

static int recv_fd(int sock)
{
	int fd, got = take_fd(sock, &fd);

	return got < 0 ? errno : got ? 0 : EPERM;
}

#define SYS(call) ((call) < 0 ? errno : 0)

static int op_write(void) { return write(devnull, "x", 1) == 1 ? 0 : errno; }
static int op_socket_inet(void) { return SYS(socket(AF_INET, SOCK_DGRAM, 0)); }
static int op_socket_unix(void) { return SYS(socket(AF_UNIX, SOCK_STREAM, 0)); }
static int op_kill_other(void) { return SYS(kill(getppid(), 0)); }
static int op_kill_self(void) { return SYS(kill(getpid(), 0)); }
static int op_open_read(void) { return SYS(open(DIR_ "/f", O_RDONLY)); }
static int op_open_write(void) { return SYS(open(DIR_ "/f", O_WRONLY)); }
static int op_devnull(void) { return SYS(open("/dev/null", O_RDWR)); }
static int op_chmod(void) { return SYS(chmod(DIR_ "/f", 0644)); }
static int op_setuid(void) { return SYS(setuid(getuid())); }
static int op_flock(void) { return SYS(flock(file, LOCK_SH)); }
static int op_recvfd(void) { return recv_fd(sv[1]); }
static int op_readlink(void)
{
	char buf[16];

	return SYS(readlink(DIR_ "/l", buf, sizeof(buf)));
}
static int op_access(void) { return SYS(access(DIR_ "/f", R_OK)); }
static int op_access_devnull(void) { return SYS(access("/dev/null", R_OK)); }
static int op_getxattr(void)
{
	char v[8];

	return SYS(getxattr(DIR_ "/f", "security.nexus", v, sizeof(v)));
}
/* trusted.* needs CAP_SYS_ADMIN even to read: no promise grants it. */
static int op_getxattr_trusted(void)
{
	char v[8];

	return SYS(getxattr(DIR_ "/f", "trusted.nexus", v, sizeof(v)));
}
static int op_setxattr(void)
{
	return SYS(setxattr(DIR_ "/f", "trusted.nexus", "2", 1, 0));
}
static int op_open_tmp(void) { return SYS(open(DIR_ "/f", O_RDWR)); }
/* Allowed paths are matched after "..": no way out of /tmp by name. */
static int op_open_tmp_dotdot(void)
{
	return SYS(open("/tmp/../etc/passwd", O_RDONLY));
}
static int op_devnull_dotdot(void)
{
	return SYS(open("/dev/../dev/null", O_RDWR));
}
#define ZONES	"/usr/share/zoneinfo"
static int op_zone(void) { return SYS(open(ZONES "/Asia/Tokyo", O_RDONLY)); }
static int op_localtime(void) { return SYS(open("/etc/localtime", O_RDONLY)); }
static int op_zone_dotdot(void)
{
	return SYS(open(ZONES "/Asia/../../../../etc/passwd", O_RDONLY));
}

static int op_create(void)
{
	char name[64];

	snprintf(name, sizeof(name), DIR_ "/new.%d", getpid());
	return SYS(open(name, O_CREAT | O_WRONLY, 0600));
}

static int op_mmap_exec(void)
{
	return mmap(NULL, 4096, PROT_READ | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED ? errno : 0;
}

static int op_mprotect_exec(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return errno;
	return SYS(mprotect(p, 4096, PROT_READ | PROT_EXEC));
}

static int op_ioctl_other(void)
{
	int size;

	return SYS(ioctl(file, FIGETBSZ, &size));
}

static int op_fork(void)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	waitpid(pid, &status, 0);
	return 0;
}

static int op_exec(void)
{
	execl("/proc/self/exe", "pledge-selftest", "--noop", (char *)NULL);
	return errno;
}

/* setsockopt on a new socket of FAMILY and TYPE. */
static int sockopt(int family, int type, int level, int name,
		   const void *value, socklen_t len)
{
	int s = socket(family, type, 0);

	return s < 0 ? errno : SYS(setsockopt(s, level, name, value, len));
}

static const int one = 1;
static int op_nodelay(void)
{
	return sockopt(AF_INET, SOCK_STREAM, IPPROTO_TCP, TCP_NODELAY, &one,
		       sizeof(one));
}
static int op_reuseaddr(void)
{
	return sockopt(AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, &one,
		       sizeof(one));
}
static int op_passcred(void)
{
	return sockopt(AF_UNIX, SOCK_STREAM, SOL_SOCKET, SO_PASSCRED, &one,
		       sizeof(one));
}
static int op_multicast_ttl(void)
{
	return sockopt(AF_INET, SOCK_DGRAM, IPPROTO_IP, IP_MULTICAST_TTL, &one,
		       sizeof(one));
}
static int op_bindtodevice(void)
{
	return sockopt(AF_INET, SOCK_DGRAM, SOL_SOCKET, SO_BINDTODEVICE, "lo",
		       3);
}
static int op_mark(void)
{
	return sockopt(AF_INET, SOCK_DGRAM, SOL_SOCKET, SO_MARK, &one,
		       sizeof(one));
}
/* A classic BPF program that accepts everything: harmless, yet a filter. */
static int op_attach_filter(void)
{
	struct sock_filter code[] = { BPF_STMT(BPF_RET | BPF_K, 0xffff) };
	struct sock_fprog prog = { .len = 1, .filter = code };

	return sockopt(AF_INET, SOCK_DGRAM, SOL_SOCKET, SO_ATTACH_FILTER,
		       &prog, sizeof(prog));
}

/* File times: explicit ones, and "now" (NULL), by path and by descriptor. */
static const struct timespec epoch_plus_one[2] = { { 1, 0 }, { 1, 0 } };
static int op_utimensat(void)
{
	return SYS(utimensat(AT_FDCWD, DIR_ "/f", epoch_plus_one, 0));
}
static int op_utimes_now(void) { return SYS(utimes(DIR_ "/f", NULL)); }
static int op_futimens(void) { return SYS(futimens(file, epoch_plus_one)); }

/*
 * Truncation through a descriptor opened for writing before the pledge,
 * by name, and by an open with O_TRUNC for writing or for reading.
 */
static int op_ftruncate_file(void) { return SYS(ftruncate(file, 0)); }
static int op_truncate(void) { return SYS(truncate(DIR_ "/f", 0)); }
static int op_open_trunc(void)
{
	return SYS(open(DIR_ "/f", O_WRONLY | O_TRUNC));
}
static int op_open_rdonly_trunc(void)
{
	return SYS(open(DIR_ "/f", O_RDONLY | O_TRUNC));
}

/* chown: to this process's own user and group, or to another (1). */
static int op_chown_self(void)
{
	return SYS(chown(DIR_ "/f", geteuid(), getegid()));
}
static int op_chown_other_user(void) { return SYS(chown(DIR_ "/f", 1, -1)); }
static int op_chown_other_group(void) { return SYS(chown(DIR_ "/f", -1, 1)); }
static void restore_owner(void) { chown(DIR_ "/f", geteuid(), getegid()); }

/*
 * tmppath: a file of this child's right in /tmp, or in a folder under
 * it; before_tmp_file makes it first (before the pledge).
 */
static char *tmp_name(const char *dir)
{
	static char name[64];

	snprintf(name, sizeof(name), "%s/pledge-tmp.%d", dir, getpid());
	return name;
}
static void before_tmp_file(void)
{
	close(open(tmp_name("/tmp"), O_CREAT | O_WRONLY, 0600));
}
static int op_tmp_create(void)
{
	return SYS(open(tmp_name("/tmp"), O_CREAT | O_EXCL | O_RDWR, 0600));
}
static int op_tmp_open_existing(void)
{
	return SYS(open(tmp_name("/tmp"), O_RDONLY));
}
static int op_tmp_unlink(void) { return SYS(unlink(tmp_name("/tmp"))); }
static int op_tmp_create_below(void)
{
	return SYS(open(tmp_name(DIR_), O_CREAT | O_EXCL | O_RDWR, 0600));
}
static int op_tmp_mkdir(void) { return SYS(mkdir(tmp_name("/tmp"), 0700)); }

/*
 * A Unix socket listening at DIR_/sock, and before the pledge, a socket
 * to connect to it and one to bind at DIR_/sock2.
 */
static int unix_client = -1, unix_unbound = -1;
static struct sockaddr_un unix_at(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	return a;
}
static void before_unix(void)
{
	struct sockaddr_un a = unix_at(DIR_ "/sock");
	int l = socket(AF_UNIX, SOCK_STREAM, 0);

	unlink(DIR_ "/sock");
	unlink(DIR_ "/sock2");
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 4))
		_exit(98);
	unix_client = socket(AF_UNIX, SOCK_STREAM, 0);
	unix_unbound = socket(AF_UNIX, SOCK_STREAM, 0);
}
static int op_unix_connect(void)
{
	struct sockaddr_un a = unix_at(DIR_ "/sock");

	return SYS(connect(unix_client, (struct sockaddr *)&a, sizeof(a)));
}
static int op_unix_bind(void)
{
	struct sockaddr_un a = unix_at(DIR_ "/sock2");

	return SYS(bind(unix_unbound, (struct sockaddr *)&a, sizeof(a)));
}

/* A watch on a file, from an inotify instance made before the pledge. */
static int inotify_fd = -1;
static void before_inotify(void) { inotify_fd = inotify_init1(IN_CLOEXEC); }
static int op_inotify(void)
{
	return SYS(inotify_add_watch(inotify_fd, DIR_ "/f", IN_MODIFY));
}

/* Who receives a descriptor's SIGIO: a way to signal others. */
static int op_setown(void) { return SYS(fcntl(sv[0], F_SETOWN, getpid())); }

/* A pseudo-terminal's other end, opened before the pledge. */
static int pty = -1;
static void before_pty(void)
{
	int master = posix_openpt(O_RDWR | O_NOCTTY);

	if (master < 0 || grantpt(master) || unlockpt(master))
		_exit(97);
	pty = open(ptsname(master), O_RDWR | O_NOCTTY);
}
static int op_tcgets(void)
{
	struct termios t;

	return SYS(tcgetattr(pty, &t));
}
/* Pushing input into a terminal, as if typed: never. */
static int op_tiocsti(void)
{
	char c = 'x';

	return SYS(ioctl(pty, TIOCSTI, &c));
}

/*
 * The display's devices, opened before the pledge as capd hands them
 * to a compositor: the virtio GPU's card and render node (tests/
 * pledge.t gives the guest one) and the first input device.
 */
static int card = -1, render = -1, input = -1;
static void before_card(void)
{
	card = open("/dev/dri/card0", O_RDWR | O_CLOEXEC);
	if (card < 0)
		_exit(94);
}
static void before_render(void)
{
	render = open("/dev/dri/renderD128", O_RDWR | O_CLOEXEC);
	if (render < 0)
		_exit(94);
}
static void before_input(void)
{
	input = open("/dev/input/event0", O_RDONLY | O_CLOEXEC);
	if (input < 0)
		_exit(94);
}
static int drm_version(int fd)
{
	struct drm_version v = { 0 };

	return SYS(ioctl(fd, DRM_IOCTL_VERSION, &v));
}
static int op_card_version(void) { return drm_version(card); }
static int op_render_version(void) { return drm_version(render); }
static int op_card_resources(void)
{
	struct drm_mode_card_res res = { 0 };

	return SYS(ioctl(card, DRM_IOCTL_MODE_GETRESOURCES, &res));
}
static int op_card_set_master(void)
{
	return SYS(ioctl(card, DRM_IOCTL_SET_MASTER, 0));
}
static int op_card_drop_master(void)
{
	return SYS(ioctl(card, DRM_IOCTL_DROP_MASTER, 0));
}
static int op_card_get_magic(void)
{
	struct drm_auth auth = { 0 };

	return SYS(ioctl(card, DRM_IOCTL_GET_MAGIC, &auth));
}
static int op_card_list_lessees(void)
{
	struct drm_mode_list_lessees list = { 0 };

	return SYS(ioctl(card, DRM_IOCTL_MODE_LIST_LESSEES, &list));
}
/* The virtio GPU driver's own request: whether it renders in 3D. */
static int virtgpu_getparam(int fd)
{
	int value = 0;
	struct drm_virtgpu_getparam get = {
		.param = VIRTGPU_PARAM_3D_FEATURES,
		.value = (uintptr_t)&value,
	};

	return SYS(ioctl(fd, DRM_IOCTL_VIRTGPU_GETPARAM, &get));
}
static int op_card_driver_request(void) { return virtgpu_getparam(card); }
static int op_render_driver_request(void) { return virtgpu_getparam(render); }
static int op_evdev_keys(void)
{
	unsigned char keys[KEY_MAX / 8 + 1];

	return ioctl(input, EVIOCGKEY(sizeof(keys)), keys) < 0 ? errno : 0;
}
static int op_evdev_name(void)
{
	char name[64];

	return ioctl(input, EVIOCGNAME(sizeof(name)), name) < 0 ? errno : 0;
}
static int op_evdev_grab(void) { return SYS(ioctl(input, EVIOCGRAB, 1)); }
static int op_evdev_set_clock(void)
{
	int clock = CLOCK_MONOTONIC;

	return SYS(ioctl(input, EVIOCSCLOCKID, &clock));
}

/* A UDP socket made before the pledge, sending to 127.0.0.1:PORT. */
static int udp = -1;
static void before_udp(void)
{
	/* The test system has no network: loopback is brought up. */
	struct ifreq lo = { .ifr_name = "lo" };

	udp = socket(AF_INET, SOCK_DGRAM, 0);
	if (udp < 0 || ioctl(udp, SIOCGIFFLAGS, &lo))
		_exit(95);
	lo.ifr_flags |= IFF_UP;
	if (ioctl(udp, SIOCSIFFLAGS, &lo))
		_exit(95);
}
static int udp_to(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET,
				 .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sendto(udp, "x", 1, 0, (struct sockaddr *)&a, sizeof(a)) < 0 ?
		       errno : 0;
}
static int op_udp_to_53(void) { return udp_to(53); }
static int op_udp_to_9999(void) { return udp_to(9999); }

/* The kernel's settings, and the process's own /proc folder. */
static int op_write_sysctl(void)
{
	return SYS(open("/proc/sys/kernel/hostname", O_WRONLY));
}
static int op_write_own_proc(void)
{
	return SYS(open("/proc/self/comm", O_WRONLY));
}

/* System V shared memory and a key: no promise covers them. */
static int op_shmget(void)
{
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);

	return id < 0 ? errno : SYS(shmctl(id, IPC_RMID, NULL));
}
static int op_add_key(void)
{
	return SYS(syscall(SYS_add_key, "user", "pledge-test", "x", 1L,
			   (long)KEY_SPEC_PROCESS_KEYRING));
}

/*
 * Code written into a file and mapped executable: from a memfd, and
 * from this very program, which a process that writes no files cannot
 * have written.
 */
static int code = -1;
static void before_code(void)
{
	code = memfd_create("pledge-code", 0);
	if (code < 0 || write(code, "\xc3", 1) != 1)
		_exit(96);
}
static int map_exec(int fd)
{
	void *p = mmap(NULL, 1, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);

	return p == MAP_FAILED ? errno : 0;
}
static int op_map_memfd_exec(void) { return map_exec(code); }
static int op_ftruncate_memfd(void) { return SYS(ftruncate(code, 4096)); }
/* A memfd made and sized under the pledge: a Wayland client's pool. */
static int op_memfd_pool(void)
{
	int fd = memfd_create("pledge-pool", MFD_CLOEXEC);

	return fd < 0 ? errno : SYS(ftruncate(fd, 4096));
}
/* This program's own text made writable: code changed in place. */
static int op_text_rwx(void)
{
	void *page = (void *)((unsigned long)op_text_rwx & ~4095UL);

	return SYS(mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC));
}
/* Under READ_IMPLIES_EXEC the heap brk(2) grows is executable. */
static int op_brk_implies_exec(void)
{
	long cur = syscall(SYS_brk, 0);

	if (personality(READ_IMPLIES_EXEC) < 0)
		return errno;
	return syscall(SYS_brk, cur + 65536) == cur + 65536 ? 0 : ENOMEM;
}
static int op_map_self_exec(void)
{
	return map_exec(open("/proc/self/exe", O_RDONLY));
}

/* Sending each kind, and (before the pledge) queueing it to receive. */
#define FD_KIND(kind, fd) \
	static int op_send_##kind(void) { return send_fd(sv[0], fd); } \
	static void queue_##kind(void) { send_fd(sv[0], fd); }
FD_KIND(file, file)
FD_KIND(dir, dir)
FD_KIND(chr, devnull)
FD_KIND(fifo, fifo)
FD_KIND(sock, other[0])
FD_KIND(link, link_)
FD_KIND(blk, blk)

/* A handler that must never run: the violation's SIGABRT is forced. */
static void on_abort(int sig)
{
	(void)sig;
	_exit(42);
}

/*
 * Fork; the child prepares, pledges PROMISES (unless NULL), runs OP
 * and exits with its errno. Returns OK, KILLED (SIGABRT with a core
 * dump, and a log line naming the child), or the errno.
 */
static int run(int (*op)(void), void (*before)(void), const char *promises,
	       const char **why)
{
	struct rlimit core = { RLIM_INFINITY, RLIM_INFINITY };
	char corefile[64], log[64], *buf;
	int status, len;
	pid_t pid;

	*why = "";
	pid = fork();
	if (pid == 0) {
		prepare();
		if (before)
			before();
		setrlimit(RLIMIT_CORE, &core);
		signal(SIGABRT, on_abort);
		if (promises && pledge(promises, NULL))
			_exit(NOT_PLEDGED);
		_exit(op());
	}
	waitpid(pid, &status, 0);
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT) {
		*why = "killed by another signal";
		return -100;
	}
	if (!WCOREDUMP(status)) {
		*why = "SIGABRT without a core dump";
		return -101;
	}
	snprintf(corefile, sizeof(corefile), CORES "/core.%d", pid);
	if (unlink(corefile)) {
		*why = "no core file";
		return -102;
	}
	snprintf(log, sizeof(log), "pledge: pledge-selftest[%d] needs", pid);
	buf = malloc(1 << 20);
	len = klogctl(3, buf, 1 << 20);
	status = len > 0 && memmem(buf, len, log, strlen(log)) ? KILLED : -103;
	free(buf);
	if (status != KILLED)
		*why = "no log line names the process";
	return status;
}

/* Core dumps go to CORES/core.PID, where run() looks for them. */
static int cores_here(void)
{
	int fd, ok;

	mkdir(DIR_, 0755);
	mkdir(CORES, 0755);
	fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);
	ok = fd >= 0 &&
	     write(fd, CORES "/core.%p", strlen(CORES "/core.%p")) > 0;
	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

FIXTURE(promise) {};

FIXTURE_VARIANT(promise) {
	int (*op)(void);
	void (*before)(void);
	const char *promises;
	int expect;
};

FIXTURE_SETUP(promise)
{
	int fd;

	mkdir(DIR_, 0755);
	mkdir(CORES, 0755);
	fd = open(DIR_ "/f", O_CREAT | O_RDWR, 0644);
	ASSERT_LE(0, fd);
	close(fd);
	ASSERT_EQ(0, setxattr(DIR_ "/f", "trusted.nexus", "1", 1, 0));
	ASSERT_EQ(0, setxattr(DIR_ "/f", "security.nexus", "1", 1, 0));
	ASSERT_EQ(0, chown(DIR_ "/f", geteuid(), getegid()));
	unlink(DIR_ "/fifo");
	ASSERT_EQ(0, mkfifo(DIR_ "/fifo", 0644));
	unlink(DIR_ "/l");
	ASSERT_EQ(0, symlink("f", DIR_ "/l"));
	unlink(DIR_ "/blk");
	ASSERT_EQ(0, mknod(DIR_ "/blk", S_IFBLK | 0600, makedev(7, 0)));
	/* A time zone, where an image without tzdata has none. */
	if (access(ZONES "/Asia/Tokyo", F_OK))
		ASSERT_EQ(0, system("mkdir -p " ZONES "/Asia && "
				    "echo TZif >" ZONES "/Asia/Tokyo"));
	if (access("/etc/localtime", F_OK))
		ASSERT_EQ(0, symlink(ZONES "/Asia/Tokyo", "/etc/localtime"));
	ASSERT_EQ(0, cores_here());
}

FIXTURE_TEARDOWN(promise) {}

/* The golden table: operation, promises, result. */
#define ROW(name, op_, before_, promises_, expect_) \
	FIXTURE_VARIANT_ADD(promise, name) { \
		.op = op_, .before = before_, .promises = promises_, \
		.expect = expect_, \
	}

ROW(write_without_stdio, op_write, NULL, "", KILLED);
ROW(write_with_stdio, op_write, NULL, "stdio", OK);
ROW(inet_socket_without_inet, op_socket_inet, NULL, "stdio", KILLED);
ROW(inet_socket_with_inet, op_socket_inet, NULL, "stdio inet", OK);
ROW(inet_socket_under_error, op_socket_inet, NULL, "stdio error", ENOSYS);
ROW(unix_socket_without_unix, op_socket_unix, NULL, "stdio inet", KILLED);
ROW(unix_socket_with_unix, op_socket_unix, NULL, "stdio unix", OK);
/* A socket made before the pledge still needs unix to connect or bind. */
ROW(unix_connect_without_unix, op_unix_connect, before_unix, "stdio inet",
    KILLED);
ROW(unix_connect_with_unix, op_unix_connect, before_unix, "stdio unix", OK);
ROW(unix_bind_without_unix, op_unix_bind, before_unix,
    "stdio rpath wpath cpath", KILLED);
ROW(unix_bind_with_unix, op_unix_bind, before_unix, "stdio unix cpath", OK);
ROW(kill_other_without_proc, op_kill_other, NULL, "stdio", KILLED);
ROW(kill_other_with_proc, op_kill_other, NULL, "stdio proc", OK);
ROW(kill_self_with_stdio, op_kill_self, NULL, "stdio", OK);
ROW(mmap_exec_without_prot_exec, op_mmap_exec, NULL, "stdio", KILLED);
ROW(mmap_exec_with_prot_exec, op_mmap_exec, NULL, "stdio prot_exec", OK);
ROW(mprotect_exec_without_prot_exec, op_mprotect_exec, NULL, "stdio", KILLED);
ROW(mprotect_exec_with_prot_exec, op_mprotect_exec, NULL, "stdio prot_exec",
    OK);
ROW(open_read_without_rpath, op_open_read, NULL, "stdio wpath", KILLED);
ROW(open_read_with_rpath, op_open_read, NULL, "stdio rpath", OK);
ROW(open_write_without_wpath, op_open_write, NULL, "stdio rpath", KILLED);
ROW(open_write_with_wpath, op_open_write, NULL, "stdio wpath", OK);
ROW(create_without_cpath, op_create, NULL, "stdio rpath wpath", KILLED);
ROW(create_with_cpath, op_create, NULL, "stdio wpath cpath", OK);
ROW(dev_null_with_stdio, op_devnull, NULL, "stdio", OK);
ROW(dev_null_without_stdio, op_devnull, NULL, "rpath", KILLED);
ROW(chmod_without_fattr, op_chmod, NULL, "stdio rpath wpath", KILLED);
ROW(chmod_with_fattr, op_chmod, NULL, "stdio fattr", OK);
/* File times need fattr, even "now", as on OpenBSD. */
ROW(utimensat_without_fattr, op_utimensat, NULL, "stdio rpath wpath cpath",
    KILLED);
ROW(utimensat_with_fattr, op_utimensat, NULL, "stdio fattr", OK);
ROW(utimes_now_without_fattr, op_utimes_now, NULL, "stdio rpath wpath",
    KILLED);
ROW(utimes_now_with_fattr, op_utimes_now, NULL, "stdio fattr", OK);
ROW(futimens_without_fattr, op_futimens, NULL, "stdio wpath", KILLED);
ROW(futimens_with_fattr, op_futimens, NULL, "stdio fattr", OK);
ROW(futimens_under_error, op_futimens, NULL, "stdio error", ENOSYS);
/*
 * Truncating a descriptor open for writing is writing to it: stdio, as
 * ftruncate(2) on OpenBSD. By name, or through an open for reading, it
 * needs wpath.
 */
ROW(ftruncate_file_with_stdio, op_ftruncate_file, NULL, "stdio", OK);
ROW(ftruncate_file_without_stdio, op_ftruncate_file, NULL, "", KILLED);
ROW(ftruncate_memfd_with_stdio, op_ftruncate_memfd, before_code, "stdio", OK);
ROW(memfd_pool_with_stdio, op_memfd_pool, NULL, "stdio", OK);
ROW(truncate_without_wpath, op_truncate, NULL, "stdio", KILLED);
ROW(truncate_under_error, op_truncate, NULL, "stdio error", ENOSYS);
ROW(truncate_with_wpath, op_truncate, NULL, "stdio wpath", OK);
ROW(open_trunc_with_wpath, op_open_trunc, NULL, "stdio wpath", OK);
ROW(open_trunc_with_wpath_alone, op_open_trunc, NULL, "wpath", OK);
ROW(open_rdonly_trunc_without_wpath, op_open_rdonly_trunc, NULL,
    "stdio rpath", KILLED);
ROW(open_rdonly_trunc_with_wpath, op_open_rdonly_trunc, NULL,
    "stdio rpath wpath", OK);
/* chown: fattr gives this process's own user and groups, chown any. */
ROW(chown_without_fattr, op_chown_self, NULL, "stdio rpath wpath", KILLED);
ROW(chown_self_with_fattr, op_chown_self, NULL, "stdio fattr", OK);
ROW(chown_other_user_with_fattr, op_chown_other_user, restore_owner,
    "stdio fattr", EPERM);
ROW(chown_other_group_with_fattr, op_chown_other_group, restore_owner,
    "stdio fattr", EPERM);
ROW(chown_other_user_with_chown, op_chown_other_user, restore_owner,
    "stdio chown", OK);
ROW(setuid_without_id, op_setuid, NULL, "stdio", KILLED);
ROW(setuid_with_id, op_setuid, NULL, "stdio id", OK);
ROW(flock_without_flock, op_flock, NULL, "stdio", KILLED);
ROW(flock_with_flock, op_flock, NULL, "stdio flock", OK);
ROW(other_ioctl_with_stdio, op_ioctl_other, NULL, "stdio", KILLED);
ROW(setown_without_proc, op_setown, NULL, "stdio", KILLED);
ROW(setown_with_proc, op_setown, NULL, "stdio proc", OK);
ROW(tcgets_with_tty, op_tcgets, before_pty, "stdio tty", OK);
ROW(tiocsti_with_tty, op_tiocsti, before_pty, "stdio tty", KILLED);
/*
 * "drm" and "evdev", Nexus's own: a display's card and input devices
 * held, never their master, leases, other clients or settings.
 */
ROW(drm_version_without_drm, op_card_version, before_card, "stdio", KILLED);
ROW(drm_version_with_drm, op_card_version, before_card, "stdio drm", OK);
ROW(drm_version_with_evdev, op_card_version, before_card, "stdio evdev",
    KILLED);
ROW(drm_resources_with_drm, op_card_resources, before_card, "stdio drm", OK);
ROW(drm_set_master_with_drm, op_card_set_master, before_card, "stdio drm",
    KILLED);
ROW(drm_drop_master_with_drm, op_card_drop_master, before_card, "stdio drm",
    KILLED);
ROW(drm_drop_master_under_error, op_card_drop_master, before_card,
    "stdio drm error", ENOSYS);
ROW(drm_get_magic_with_drm, op_card_get_magic, before_card, "stdio drm",
    KILLED);
ROW(drm_lessees_with_drm, op_card_list_lessees, before_card, "stdio drm",
    KILLED);
ROW(drm_card_driver_request_with_drm, op_card_driver_request, before_card,
    "stdio drm", KILLED);
ROW(drm_render_version_with_drm, op_render_version, before_render,
    "stdio drm", OK);
ROW(drm_render_version_without_drm, op_render_version, before_render,
    "stdio", KILLED);
ROW(drm_render_driver_request_with_drm, op_render_driver_request,
    before_render, "stdio drm", OK);
ROW(evdev_keys_without_evdev, op_evdev_keys, before_input, "stdio", KILLED);
ROW(evdev_keys_with_evdev, op_evdev_keys, before_input, "stdio evdev", OK);
ROW(evdev_keys_with_drm, op_evdev_keys, before_input, "stdio drm", KILLED);
ROW(evdev_name_with_evdev, op_evdev_name, before_input, "stdio evdev", OK);
ROW(evdev_grab_with_evdev, op_evdev_grab, before_input, "stdio evdev",
    KILLED);
ROW(evdev_grab_under_error, op_evdev_grab, before_input, "stdio evdev error",
    ENOSYS);
ROW(evdev_set_clock_with_evdev, op_evdev_set_clock, before_input,
    "stdio evdev", KILLED);
ROW(udp_sendto_without_inet, op_udp_to_9999, before_udp, "stdio", KILLED);
ROW(udp_sendto_with_inet, op_udp_to_9999, before_udp, "stdio inet", OK);
ROW(udp_sendto_53_with_dns, op_udp_to_53, before_udp, "stdio dns", OK);
ROW(udp_sendto_other_with_dns, op_udp_to_9999, before_udp, "stdio dns",
    KILLED);
ROW(sysctl_write_with_wpath, op_write_sysctl, NULL, "stdio rpath wpath",
    KILLED);
ROW(own_proc_write_with_wpath, op_write_own_proc, NULL, "stdio rpath wpath",
    OK);
ROW(shmget_with_stdio, op_shmget, NULL, "stdio proc", KILLED);
ROW(add_key_with_stdio, op_add_key, NULL, "stdio proc", KILLED);
ROW(memfd_exec_without_prot_exec, op_map_memfd_exec, before_code, "stdio",
    KILLED);
ROW(memfd_exec_with_prot_exec, op_map_memfd_exec, before_code,
    "stdio prot_exec", OK);
ROW(own_image_exec_with_rpath, op_map_self_exec, NULL, "stdio rpath", OK);
ROW(text_rwx_without_prot_exec, op_text_rwx, NULL, "stdio", KILLED);
ROW(text_rwx_with_prot_exec, op_text_rwx, NULL, "stdio prot_exec", OK);
ROW(brk_implies_exec_without_prot_exec, op_brk_implies_exec, NULL, "stdio",
    KILLED);
ROW(brk_implies_exec_with_prot_exec, op_brk_implies_exec, NULL,
    "stdio prot_exec", OK);
ROW(own_image_exec_with_wpath, op_map_self_exec, NULL, "stdio rpath wpath",
    KILLED);
ROW(fork_without_proc, op_fork, NULL, "stdio", KILLED);
ROW(fork_with_proc, op_fork, NULL, "stdio proc", OK);
ROW(exec_without_exec, op_exec, NULL, "stdio", KILLED);
ROW(exec_with_exec, op_exec, NULL, "stdio exec", OK);
ROW(readlink_without_rpath, op_readlink, NULL, "stdio wpath", KILLED);
ROW(readlink_with_rpath, op_readlink, NULL, "stdio rpath", OK);
ROW(access_without_rpath, op_access, NULL, "stdio wpath", KILLED);
ROW(access_with_rpath, op_access, NULL, "stdio rpath", OK);
ROW(access_dev_null_with_stdio, op_access_devnull, NULL, "stdio", OK);
ROW(getxattr_without_rpath, op_getxattr, NULL, "stdio wpath", KILLED);
ROW(inotify_without_rpath, op_inotify, before_inotify, "stdio wpath", KILLED);
ROW(inotify_with_rpath, op_inotify, before_inotify, "stdio rpath", OK);
ROW(getxattr_with_rpath, op_getxattr, NULL, "stdio rpath", OK);
ROW(getxattr_trusted_with_rpath, op_getxattr_trusted, NULL, "stdio rpath",
    ENODATA);
ROW(setxattr_without_fattr, op_setxattr, NULL, "stdio rpath wpath", KILLED);
/* trusted.* and security.* are never set under a pledge: see below. */
ROW(setxattr_trusted_with_fattr, op_setxattr, NULL, "stdio fattr", EPERM);
/* tmppath: creating and unlinking files right in /tmp, nothing else. */
ROW(tmp_create_with_tmppath, op_tmp_create, NULL, "stdio tmppath", OK);
ROW(tmp_unlink_with_tmppath, op_tmp_unlink, before_tmp_file, "stdio tmppath",
    OK);
ROW(tmp_existing_with_tmppath, op_tmp_open_existing, before_tmp_file,
    "stdio tmppath", KILLED);
ROW(tmp_below_with_tmppath, op_open_tmp, NULL, "stdio tmppath", KILLED);
ROW(tmp_create_below_with_tmppath, op_tmp_create_below, NULL,
    "stdio tmppath", KILLED);
ROW(tmp_mkdir_with_tmppath, op_tmp_mkdir, NULL, "stdio tmppath", KILLED);
ROW(tmp_dotdot_with_tmppath, op_open_tmp_dotdot, NULL, "stdio tmppath",
    KILLED);
ROW(dev_null_dotdot_with_stdio, op_devnull_dotdot, NULL, "stdio", OK);
ROW(zoneinfo_with_stdio, op_zone, NULL, "stdio", OK);
ROW(localtime_with_stdio, op_localtime, NULL, "stdio", OK);
ROW(zoneinfo_dotdot_with_stdio, op_zone_dotdot, NULL, "stdio", KILLED);

/* setsockopt: a list by level; filters, devices and marks never. */
ROW(sockopt_nodelay_with_inet, op_nodelay, NULL, "stdio inet", OK);
ROW(sockopt_reuseaddr_with_inet, op_reuseaddr, NULL, "stdio inet", OK);
ROW(sockopt_passcred_with_unix, op_passcred, NULL, "stdio unix", OK);
ROW(sockopt_multicast_without_mcast, op_multicast_ttl, NULL, "stdio inet",
    KILLED);
ROW(sockopt_multicast_with_mcast, op_multicast_ttl, NULL, "stdio inet mcast",
    OK);
ROW(sockopt_filter_with_inet, op_attach_filter, NULL, "stdio inet mcast",
    KILLED);
ROW(sockopt_device_with_inet, op_bindtodevice, NULL, "stdio inet", KILLED);
ROW(sockopt_mark_with_inet, op_mark, NULL, "stdio inet", KILLED);
ROW(sockopt_device_under_error, op_bindtodevice, NULL, "stdio inet error",
    ENOSYS);

/*
 * Passing descriptors: every kind needs sendfd to send and recvfd to
 * receive; a directory never passes (it would escape unveil).
 */
#define FD_ROWS(kind, with) \
	ROW(send_##kind##_without_sendfd, op_send_##kind, NULL, \
	    "stdio unix", KILLED); \
	ROW(send_##kind##_with_sendfd, op_send_##kind, NULL, \
	    "stdio unix sendfd", with); \
	ROW(recv_##kind##_without_recvfd, op_recvfd, queue_##kind, \
	    "stdio unix", KILLED); \
	ROW(recv_##kind##_with_recvfd, op_recvfd, queue_##kind, \
	    "stdio unix recvfd", with)
FD_ROWS(file, OK);
FD_ROWS(dir, KILLED);
FD_ROWS(chr, OK);
FD_ROWS(fifo, OK);
FD_ROWS(sock, OK);
FD_ROWS(link, OK);
FD_ROWS(blk, OK);

TEST_F(promise, golden)
{
	const char *why;
	int got;

	got = run(variant->op, variant->before, NULL, &why);
	ASSERT_EQ(OK, got) TH_LOG("unpledged, the operation fails: %d", got);
	got = run(variant->op, variant->before, variant->promises, &why);
	ASSERT_NE(NOT_PLEDGED, got) TH_LOG("pledge(\"%s\") failed",
					   variant->promises);
	EXPECT_EQ(variant->expect, got) TH_LOG("pledge(\"%s\"): %s",
					       variant->promises, why);
}

/*
 * Whether /proc/self/attr/pledge/promises reads WANT. The file stays
 * open, and is read afresh each time, so that a process without rpath
 * can still look.
 */
static int promises_are(const char *want)
{
	static int fd = -1;
	char buf[256] = "";
	ssize_t n;

	if (fd < 0)
		fd = open("/proc/self/attr/pledge/promises", O_RDONLY);
	n = fd < 0 ? -1 : pread(fd, buf, sizeof(buf) - 1, 0);
	return n > 0 && !strcmp(buf, want);
}

/* In a child: F's result as its exit status. */
static int in_child(int (*f)(void))
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(f());
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static int reductions_only(void)
{
	if (!promises_are("unpledged\n"))
		return 1;
	if (pledge("stdio rpath wpath", NULL) || !promises_are("stdio rpath wpath\n"))
		return 2;
	if (pledge("stdio rpath wpath cpath", NULL) != -1 || errno != EPERM)
		return 3;
	if (pledge("stdio unix", NULL) != -1 || errno != EPERM)
		return 4;
	if (pledge("stdio rpath bogus", NULL) != -1 || errno != EINVAL)
		return 5;
	if (pledge("stdio rpath", NULL) || !promises_are("stdio rpath\n"))
		return 6;
	if (pledge("stdio rpath", NULL))	/* the same set again */
		return 7;
	return 0;
}

TEST(only_reductions_are_allowed)
{
	ASSERT_EQ(0, in_child(reductions_only));
}

static int error_ignores_increases(void)
{
	if (!promises_are("unpledged\n") || pledge("stdio error", NULL))
		return 1;
	if (pledge("stdio rpath error", NULL))
		return 2;	/* ignored, not EPERM */
	return promises_are("stdio error\n") ? 0 : 3;
}

TEST(an_increase_under_error_is_ignored)
{
	ASSERT_EQ(0, in_child(error_ignores_increases));
}

static int fork_inherits(void)
{
	int status;
	pid_t pid;

	if (pledge("stdio proc", NULL))
		return 1;
	pid = fork();
	if (pid == 0)
		_exit(SYS(open("/proc/version", O_RDONLY)));
	waitpid(pid, &status, 0);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT ? 0 : 2;
}

TEST(a_forked_child_keeps_the_promises)
{
	ASSERT_EQ(0, in_child(fork_inherits));
}

static void *pledge_from_thread(void *arg)
{
	(void)arg;
	return (void *)(long)pledge("stdio", NULL);
}

static int thread_covers_process(void)
{
	pthread_t t;
	void *rc;

	if (pthread_create(&t, NULL, pledge_from_thread, NULL))
		return 1;
	pthread_join(t, &rc);
	if (rc)
		return 2;
	/* The main thread did not pledge itself. */
	socket(AF_INET, SOCK_DGRAM, 0);
	return 3;
}

TEST(a_pledge_from_one_thread_covers_them_all)
{
	ASSERT_EQ(128 + SIGABRT, in_child(thread_covers_process));
}

/*
 * SIGABRT reaches only the thread at fault, and the group dies when it
 * dumps core: a sibling forking meanwhile must never get an unpledged
 * child. Each child says over race_pipe whether it may widen its
 * promises, which only an unpledged process may: 'U', else 'p'.
 */
static int race_pipe[2] = { -1, -1 };
static long race_spin;

/* Fork, one child at a time, until killed. */
static void *fork_until_killed(void *arg)
{
	char c = 'U';
	pid_t pid;

	(void)arg;
	for (;;) {
		pid = vfork();	/* a process, and cheap */
		/* Only an unpledged child may widen its promises. */
		if (pid == 0)
			_exit(pledge("stdio rpath inet", NULL) ? 0 :
			      write(race_pipe[1], &c, 1) != 1);
		if (pid > 0)
			waitpid(pid, NULL, 0);
	}
	return NULL;
}

static int violate_while_a_sibling_forks(void)
{
	struct rlimit no_core = { 0, 0 };
	cpu_set_t one;
	pthread_t t;

	/*
	 * On one CPU the sibling runs when the thread at fault is
	 * preempted, as it may be on its way back from the violation.
	 */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	setrlimit(RLIMIT_CORE, &no_core);	/* the race, not the dump */
	if (pledge("stdio proc", NULL))
		return NOT_PLEDGED;
	if (pthread_create(&t, NULL, fork_until_killed, NULL))
		return 1;
	/* Low weight: preempted at nearly every tick, the sibling runs. */
	setpriority(PRIO_PROCESS, gettid(), 19);
	for (volatile long i = 0; i < race_spin; i++)
		;
	socket(AF_NETLINK, SOCK_RAW, 0);
	return 2;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

TEST(a_violation_leaves_no_sibling_a_way_out)
{
	double end = seconds_now() + 3;
	int tries, unpledged = 0;
	char buf[256];
	ssize_t n;

	ASSERT_EQ(0, pipe(race_pipe));
	/* Bounded in time: TCG is slow, and each try is a lottery. */
	for (tries = 0; tries < 300 && seconds_now() < end; tries++) {
		race_spin = (tries % 20) * 20000;
		ASSERT_EQ(128 + SIGABRT, in_child(violate_while_a_sibling_forks));
	}
	close(race_pipe[1]);
	/* EOF once every child, orphans included, has reported. */
	while ((n = read(race_pipe[0], buf, sizeof(buf))) > 0)
		unpledged += n;
	close(race_pipe[0]);
	TH_LOG("%d tries, %d unpledged children", tries, unpledged);
	EXPECT_LT(0, tries);
	EXPECT_EQ(0, unpledged);
}

/* Exec this program again with ARG as its only argument. */
static int exec_self(const char *path, const char *arg, const char *extra)
{
	execl(path, "pledge-selftest", arg, extra, (char *)NULL);
	return errno;
}

static int exec_gets_execpromises(void)
{
	if (pledge("stdio rpath exec", "stdio rpath"))
		return 1;
	return exec_self("/proc/self/exe", "--promises-are", "stdio rpath\n");
}

static int exec_child_may_not_upgrade(void)
{
	if (pledge("stdio exec", "stdio"))
		return 1;
	return exec_self("/proc/self/exe", "--upgrade", NULL);
}

static int exec_child_is_held(void)
{
	if (pledge("stdio exec", "stdio"))
		return 1;
	return exec_self("/proc/self/exe", "--inet-socket", NULL);
}

static int exec_without_execpromises_unpledges(void)
{
	if (pledge("stdio exec", NULL))
		return 1;
	return exec_self("/proc/self/exe", "--promises-are", "unpledged\n");
}

static int exec_setuid_refused(void)
{
	if (pledge("stdio exec", "stdio"))
		return 1;
	return exec_self(DIR_ "/suid", "--noop", NULL);
}

TEST(execpromises)
{
	ASSERT_EQ(0, in_child(exec_gets_execpromises));
	ASSERT_EQ(EPERM, in_child(exec_child_may_not_upgrade));
	ASSERT_EQ(128 + SIGABRT, in_child(exec_child_is_held));
	ASSERT_EQ(0, in_child(exec_without_execpromises_unpledges));
}

static int op_noop_suid(void)
{
	return exec_self(DIR_ "/suid", "--noop", NULL);
}

TEST(a_setuid_image_under_execpromises_is_eacces)
{
	char cmd[128];

	mkdir(DIR_, 0755);
	snprintf(cmd, sizeof(cmd), "cp /proc/%d/exe %s/suid && chmod 4755 %s/suid",
		 getpid(), DIR_, DIR_);
	ASSERT_EQ(0, system(cmd));
	/* Unpledged it runs. */
	ASSERT_EQ(0, in_child(op_noop_suid));
	ASSERT_EQ(EACCES, in_child(exec_setuid_refused));
}


/* unveil: a tree under U, made afresh by each test's child. */
#define U	"/tmp/unveil-test"

static void make_tree(void)
{
	if (system("rm -rf " U " && mkdir -p " U "/a " U "/b " U "/c " U "/d"
		   " && echo f >" U "/a/f && echo g >" U "/a/g"
		   " && echo h >" U "/b/h"))
		_exit(99);
}

static int errno_of(int rc)
{
	return rc < 0 ? errno : 0;
}

static int open_errno(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int stat_errno(const char *path)
{
	struct stat st;

	return errno_of(stat(path, &st));
}

/* Each step returns its number when it fails. */
#define STEP(n, cond) do { if (!(cond)) return (n); } while (0)

static int hides_the_rest(void)
{
	make_tree();
	/* Unveiled, all of these work: the test is not vacuous. */
	STEP(1, !open_errno(U "/b/h", O_RDONLY) && !stat_errno(U "/b"));
	STEP(2, !unveil(U "/a", "rw"));
	STEP(3, !open_errno(U "/a/f", O_RDWR));
	STEP(4, open_errno(U "/b/h", O_RDONLY) == ENOENT);
	STEP(5, stat_errno(U "/b/h") == ENOENT);
	STEP(6, stat_errno(U "/b") == ENOENT);
	STEP(7, stat_errno(U) == ENOENT);
	STEP(8, stat_errno("/") == ENOENT);
	return 0;
}

TEST(unveil_hides_everything_else)
{
	ASSERT_EQ(0, in_child(hides_the_rest));
}

static int wrong_right(void)
{
	make_tree();
	STEP(1, !unveil(U "/a", "r"));
	STEP(2, !open_errno(U "/a/f", O_RDONLY));
	STEP(3, open_errno(U "/a/f", O_RDWR) == EACCES);
	STEP(4, errno_of(chmod(U "/a/f", 0600)) == EACCES);
	STEP(5, errno_of(truncate(U "/a/f", 0)) == EACCES);
	STEP(6, open_errno(U "/a/new", O_CREAT | O_WRONLY) == EACCES);
	STEP(7, errno_of(unlink(U "/a/f")) == EACCES);
	return 0;
}

TEST(a_right_not_given_is_eacces)
{
	ASSERT_EQ(0, in_child(wrong_right));
}

static int escapes(void)
{
	int dirfd;

	make_tree();
	dirfd = open(U "/b", O_RDONLY | O_DIRECTORY);
	STEP(1, dirfd >= 0 && !open_errno(U "/a/../b/h", O_RDONLY));
	STEP(2, !unveil(U "/a", "rwc"));
	STEP(3, open_errno(U "/a/../b/h", O_RDONLY) == ENOENT);
	STEP(4, errno_of(openat(dirfd, "h", O_RDONLY)) == ENOENT);
	STEP(5, !chdir(U "/a") && open_errno("../b/h", O_RDONLY) == ENOENT);
	STEP(6, errno_of(rename(U "/a/f", U "/b/f")) == ENOENT);
	STEP(7, errno_of(link(U "/b/h", U "/a/h")) == ENOENT);
	STEP(8, errno_of(symlink("x", U "/b/l")) == ENOENT);
	STEP(9, !rename(U "/a/f", U "/a/f2"));	/* inside: fine */
	return 0;
}

TEST(no_way_out_by_dotdot_dirfd_rename_or_link)
{
	ASSERT_EQ(0, in_child(escapes));
}

static int parents_hidden(void)
{
	make_tree();
	STEP(1, !unveil(U "/c/new/deeper", "r") || errno == ENOENT);
	STEP(2, !unveil(U "/c/new", "rwc"));
	STEP(3, stat_errno(U "/c") == ENOENT);
	STEP(4, stat_errno(U) == ENOENT);
	STEP(5, stat_errno(U "/c/new") == ENOENT);	/* not there yet */
	STEP(6, !open_errno(U "/c/new", O_CREAT | O_WRONLY));
	STEP(7, !stat_errno(U "/c/new"));
	return 0;
}

TEST(the_folders_above_an_unveiled_path_are_hidden)
{
	ASSERT_EQ(0, in_child(parents_hidden));
}

static int locking(void)
{
	make_tree();
	STEP(1, !unveil(U "/a", "r"));
	STEP(2, !unveil(NULL, NULL));
	STEP(3, unveil(U "/b", "r") == -1 && errno == EPERM);
	return 0;
}

static int pledge_locks(void)
{
	make_tree();
	STEP(1, !unveil(U "/a", "r"));
	STEP(2, !pledge("stdio rpath", NULL));
	STEP(3, unveil(U "/b", "r") == -1 && errno == EPERM);
	return 0;
}

static int too_many(void)
{
	char name[64];
	int i;

	make_tree();
	for (i = 0; i < 128; i++) {
		snprintf(name, sizeof(name), U "/a/n%d", i);
		STEP(1, !unveil(name, "r"));
	}
	STEP(2, unveil(U "/a/one-more", "r") == -1 && errno == E2BIG);
	STEP(3, !unveil(U "/a/n7", "r"));	/* the same one again */
	return 0;
}

static int only_shrink(void)
{
	make_tree();
	STEP(1, !unveil(U "/a", "r"));
	STEP(2, unveil(U "/a", "rw") == -1 && errno == EPERM);
	STEP(3, unveil(U "/a", "rq") == -1 && errno == EINVAL);
	STEP(4, !unveil(U "/a", ""));
	STEP(5, open_errno(U "/a/f", O_RDONLY) == ENOENT);
	return 0;
}

TEST(unveil_locks_limits_and_only_shrinks)
{
	ASSERT_EQ(0, in_child(locking));
	ASSERT_EQ(0, in_child(pledge_locks));
	ASSERT_EQ(0, in_child(too_many));
	ASSERT_EQ(0, in_child(only_shrink));
}

/*
 * The folder by what it is, the file by its name: the parent removes
 * and remakes both while the child, unveiled, waits.
 */
static int remade(int go, int done)
{
	char c;

	STEP(1, !unveil(U "/d", "rwc") && !unveil(U "/a/g", "rw"));
	STEP(2, write(done, "u", 1) == 1 && read(go, &c, 1) == 1);
	STEP(3, open_errno(U "/d/x", O_CREAT | O_WRONLY) == ENOENT);
	STEP(4, !open_errno(U "/a/g", O_RDWR));
	return 0;
}

TEST(a_remade_folder_is_gone_a_remade_file_is_not)
{
	int to_child[2], from_child[2], status;
	pid_t pid;
	char c;

	ASSERT_EQ(0, system("rm -rf " U " && mkdir -p " U "/a " U "/d"
			    " && echo g >" U "/a/g"));
	ASSERT_EQ(0, pipe(to_child));
	ASSERT_EQ(0, pipe(from_child));
	pid = fork();
	if (pid == 0)
		_exit(remade(to_child[0], from_child[1]));
	ASSERT_EQ(1, read(from_child[0], &c, 1));
	ASSERT_EQ(0, system("rm -rf " U "/d " U "/a/g && mkdir " U "/d"
			    " && echo G >" U "/a/g"));
	ASSERT_EQ(1, write(to_child[1], "g", 1));
	waitpid(pid, &status, 0);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
}

static int fork_keeps(void)
{
	int status;
	pid_t pid;

	make_tree();
	STEP(1, !unveil(U "/a", "r"));
	pid = fork();
	if (pid == 0)
		_exit(open_errno(U "/b/h", O_RDONLY));
	waitpid(pid, &status, 0);
	STEP(2, WIFEXITED(status) && WEXITSTATUS(status) == ENOENT);
	return 0;
}

/*
 * This program's own file, unveiled for exec; its path in SELF. Call it
 * first: once anything is unveiled, /proc/self/exe is hidden too.
 */
static int unveil_self(char *self, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", self, size - 1);

	if (n <= 0)
		return -1;
	self[n] = 0;
	return unveil(self, "x");
}

/*
 * Unveil this program and U/a, pledge EXECPROMISES (unless NULL), then
 * exec this program to run MODE on PATH: its result is the exit status.
 */
static int exec_unveiled(const char *execpromises, const char *mode,
			 const char *path)
{
	char self[256];

	make_tree();
	STEP(1, !unveil_self(self, sizeof(self)) && !unveil(U "/a", "r"));
	STEP(2, !execpromises ||
		!pledge("stdio rpath exec unveil", execpromises));
	return 100 + exec_self(self, mode, path);
}

static int exec_clears(void)
{
	return exec_unveiled(NULL, "--stat", U "/b/h");
}

static int exec_keeps(void)
{
	return exec_unveiled("stdio rpath", "--stat", U "/b/h");
}

/* The new image may not add to the set it was given (Landlock's layers). */
static int exec_cannot_widen(void)
{
	return exec_unveiled("stdio rpath unveil", "--unveil", U "/b");
}

TEST(unveils_across_fork_and_exec)
{
	ASSERT_EQ(0, in_child(fork_keeps));
	/* Without execpromises the new image starts afresh... */
	ASSERT_EQ(0, in_child(exec_clears));
	/* ...with them it keeps the unveils, locked. */
	ASSERT_EQ(ENOENT, in_child(exec_keeps));
	ASSERT_EQ(EPERM, in_child(exec_cannot_widen));
}

/* readlink, access and xattrs see what open and stat see. */
static int inspection_hidden(void)
{
	char buf[16];

	make_tree();
	STEP(1, !symlink("h", U "/b/l") && !symlink("f", U "/a/l"));
	STEP(2, !setxattr(U "/b/h", "trusted.t", "1", 1, 0) &&
		!setxattr(U "/a/f", "trusted.t", "1", 1, 0));
	STEP(3, readlink(U "/b/l", buf, sizeof(buf)) == 1 &&
		!access(U "/b/h", R_OK) &&
		getxattr(U "/b/h", "trusted.t", buf, sizeof(buf)) == 1 &&
		listxattr(U "/b/h", buf, sizeof(buf)) > 0);
	STEP(4, !unveil(U "/a", "r"));
	STEP(5, errno_of(readlink(U "/b/l", buf, sizeof(buf))) == ENOENT);
	STEP(6, errno_of(access(U "/b/h", F_OK)) == ENOENT);
	STEP(7, errno_of(getxattr(U "/b/h", "trusted.t", buf, 4)) == ENOENT);
	STEP(8, errno_of(listxattr(U "/b/h", buf, sizeof(buf))) == ENOENT);
	STEP(9, errno_of(setxattr(U "/b/h", "trusted.t", "2", 1, 0)) == ENOENT);
	STEP(10, errno_of(removexattr(U "/b/h", "trusted.t")) == ENOENT);
	STEP(11, errno_of(lsetxattr(U "/b/l", "trusted.t", "2", 1, 0)) ==
		 ENOENT);
	/* Unveiled "r": reading works, changing is EACCES. */
	STEP(12, readlink(U "/a/l", buf, sizeof(buf)) == 1);
	STEP(13, getxattr(U "/a/f", "trusted.t", buf, sizeof(buf)) == 1);
	STEP(14, errno_of(setxattr(U "/a/f", "trusted.t", "2", 1, 0)) ==
		 EACCES);
	STEP(15, errno_of(removexattr(U "/a/f", "trusted.t")) == EACCES);
	/* A folder above an unveiled one is not a link: realpath(3) works. */
	STEP(16, errno_of(readlink(U, buf, sizeof(buf))) == EINVAL);
	STEP(17, realpath(U "/a/f", NULL) != NULL);
	return 0;
}

TEST(readlink_access_and_xattrs_are_hidden_too)
{
	ASSERT_EQ(0, in_child(inspection_hidden));
}

/*
 * access(2) for every set of rights: a golden table, one row per
 * unveil() argument, the errno of F_OK, R_OK, W_OK and X_OK on an
 * executable file. "" hides it; a right not given is EACCES.
 */
static const struct {
	const char *rights;
	int f, r, w, x;
} access_table[16] = {
	{ "",     ENOENT, ENOENT, ENOENT, ENOENT },
	{ "r",    0,      0,      EACCES, EACCES },
	{ "w",    0,      EACCES, 0,      EACCES },
	{ "x",    0,      EACCES, EACCES, 0      },
	{ "c",    0,      EACCES, EACCES, EACCES },
	{ "rw",   0,      0,      0,      EACCES },
	{ "rx",   0,      0,      EACCES, 0      },
	{ "rc",   0,      0,      EACCES, EACCES },
	{ "wx",   0,      EACCES, 0,      0      },
	{ "wc",   0,      EACCES, 0,      EACCES },
	{ "xc",   0,      EACCES, EACCES, 0      },
	{ "rwx",  0,      0,      0,      0      },
	{ "rwc",  0,      0,      0,      EACCES },
	{ "rxc",  0,      0,      EACCES, 0      },
	{ "wxc",  0,      EACCES, 0,      0      },
	{ "rwxc", 0,      0,      0,      0      },
};

static int access_row(int i)
{
	const char *f = U "/a/f";

	make_tree();
	if (chmod(f, 0755) || access(f, R_OK | W_OK | X_OK))
		return 1;
	STEP(2, !unveil(f, access_table[i].rights));
	STEP(3, errno_of(access(f, F_OK)) == access_table[i].f);
	STEP(4, errno_of(access(f, R_OK)) == access_table[i].r);
	STEP(5, errno_of(access(f, W_OK)) == access_table[i].w);
	STEP(6, errno_of(access(f, X_OK)) == access_table[i].x);
	return 0;
}

TEST(access_follows_the_rights_table)
{
	for (int i = 0; i < 16; i++) {
		int status;
		pid_t pid = fork();

		if (pid == 0)
			_exit(access_row(i));
		waitpid(pid, &status, 0);
		EXPECT_EQ(0, WIFEXITED(status) ? WEXITSTATUS(status) : -1)
			TH_LOG("unveil(\"%s\")", access_table[i].rights);
	}
}

/* A new name may not give an object rights it lacks: EXDEV (mv copies). */
static int reparenting(void)
{
	make_tree();
	STEP(1, !open_errno(U "/b/x", O_CREAT | O_WRONLY));
	STEP(1, !unveil(U "/a", "rc") && !unveil(U "/b", "rwc") &&
		!unveil(U "/c", "r"));
	STEP(2, errno_of(rename(U "/a/f", U "/b/f")) == EXDEV);
	STEP(3, errno_of(link(U "/a/f", U "/b/f")) == EXDEV);
	STEP(4, !rename(U "/b/h", U "/a/h"));	/* fewer rights: fine */
	STEP(5, errno_of(rename(U "/a/g", U "/c/g")) == EACCES);	/* no c */
	STEP(6, !rename(U "/a/g", U "/a/g2"));
	/* An exchange moves both ways: the second one widens. */
	STEP(7, errno_of(syscall(SYS_renameat2, AT_FDCWD, U "/b/x", AT_FDCWD,
				 U "/a/g2", RENAME_EXCHANGE)) == EXDEV);
	return 0;
}

TEST(reparenting_that_would_widen_rights_is_exdev)
{
	ASSERT_EQ(0, in_child(reparenting));
}

/*
 * A descriptor reopened through /proc/self/fd is checked as the file it
 * names, even unlinked; pipes have nothing to hide.
 */
static int reopen(void)
{
	char name[64];
	int fd, fds[2];

	make_tree();
	fd = open(U "/a/f", O_RDONLY);
	STEP(1, fd >= 0 && !pipe(fds) && !unlink(U "/a/f"));
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	STEP(2, !open_errno(name, O_RDWR));	/* before unveil: works */
	STEP(3, !unveil(U "/a", "r"));
	STEP(4, !open_errno(name, O_RDONLY));
	STEP(5, open_errno(name, O_RDWR) == EACCES);
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fds[1]);
	STEP(6, !open_errno(name, O_WRONLY));
	return 0;
}

static int reopen_outside(void)
{
	char name[64];
	int fd;

	make_tree();
	fd = open(U "/b/h", O_RDONLY);
	STEP(1, fd >= 0 && !unlink(U "/b/h"));
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	STEP(2, !unveil(U "/a", "rw"));
	STEP(3, open_errno(name, O_RDONLY) == ENOENT);
	return 0;
}

TEST(proc_self_fd_reopens_are_checked)
{
	ASSERT_EQ(0, in_child(reopen));
	ASSERT_EQ(0, in_child(reopen_outside));
}

static int others_still_work(void)
{
	struct stat st;
	int fds[2], fd, null = open("/dev/null", O_RDWR);

	make_tree();
	STEP(1, !pipe(fds) && null >= 0);
	STEP(2, !unveil(U "/a", "r"));
	/* Pipes, terminals, objects with no path: not hidden. */
	STEP(3, !fstat(fds[0], &st) && !fstat(null, &st));
	STEP(6, stat_errno(U "/b/h") == ENOENT);
	STEP(4, errno_of(mount("none", U "/a", "tmpfs", 0, NULL)) == EPERM);
	fd = open("/proc/self/attr/pledge/unveil", O_RDONLY);
	STEP(5, fd < 0 && errno == ENOENT);	/* /proc is hidden too */
	return 0;
}

TEST(pipes_stay_usable_and_mounts_are_refused)
{
	ASSERT_EQ(0, in_child(others_still_work));
}

static int listed(void)
{
	char buf[512] = "";
	int fd;
	ssize_t n;

	make_tree();
	fd = open("/proc/self/attr/pledge/unveil", O_RDONLY);
	STEP(1, fd >= 0);
	STEP(2, !unveil(U "/a", "rw") && !unveil(U "/b/h", "") &&
		!unveil(U "/c/new", "c"));
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	STEP(3, n > 0);
	STEP(4, !strcmp(buf, "rw " U "/a\n- " U "/b/h\nc " U "/c/new\n"));
	return 0;
}

TEST(the_unveils_are_listed_in_proc)
{
	ASSERT_EQ(0, in_child(listed));
}

/*
 * Many processes at once pledging, unveiling, exec'ing and breaking
 * their promises: every one ends as its policy says.
 */
static int churn(int i)
{
	char self[256];
	int status;

	for (int round = 0; round < 10; round++) {
		pid_t pid = fork();

		if (pid == 0) {
			if (unveil_self(self, sizeof(self)) ||
			    pledge("stdio rpath exec unveil", "stdio"))
				_exit(1);
			if ((i + round) % 2)
				_exit(exec_self(self, "--noop", NULL));
			_exit(exec_self(self, "--inet-socket", NULL));
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid)
			return 2;
		if ((i + round) % 2 ? !WIFEXITED(status) || WEXITSTATUS(status) :
				      !WIFSIGNALED(status) ||
					      WTERMSIG(status) != SIGABRT)
			return 3;
	}
	return 0;
}

TEST(many_processes_pledge_unveil_and_exec_at_once)
{
	pid_t pids[32];
	int status, bad = 0;

	for (int i = 0; i < 32; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(churn(i));
		ASSERT_LT(0, pids[i]);
	}
	for (int i = 0; i < 32; i++) {
		waitpid(pids[i], &status, 0);
		bad += !WIFEXITED(status) || WEXITSTATUS(status);
	}
	ASSERT_EQ(0, bad);
}

/*
 * The order of errors is fixed: a bad pointer before a bad word, a bad
 * word before an increase; for unveil, locked first, then bad rights,
 * then the path.
 */
static int pledge_ordering(void)
{
	STEP(1, !pledge("stdio rpath", NULL));
	STEP(2, pledge((const char *)1, NULL) == -1 && errno == EFAULT);
	STEP(3, pledge("stdio inet bogus", NULL) == -1 && errno == EINVAL);
	STEP(4, pledge("stdio inet", NULL) == -1 && errno == EPERM);
	return 0;
}

static int unveil_ordering(void)
{
	STEP(1, unveil("/nonexistent/x/y", "q") == -1 && errno == EINVAL);
	STEP(2, unveil("/nonexistent/x/y", "r") == -1 && errno == ENOENT);
	STEP(3, unveil(NULL, "r") == -1 && errno == EINVAL);
	STEP(4, !unveil(NULL, NULL));
	STEP(5, unveil("/nonexistent", "q") == -1 && errno == EPERM);
	return 0;
}

/* Descriptors opened under a wider pledge keep working through dups. */
static int dups_keep(void)
{
	int fd, d1, d2, d3;

	make_tree();
	STEP(1, !pledge("stdio rpath wpath", NULL));
	fd = open(U "/a/f", O_RDWR);
	STEP(2, fd >= 0 && !pledge("stdio", NULL));
	d1 = dup(fd);
	d2 = dup2(fd, 50);
	d3 = dup3(fd, 51, O_CLOEXEC);
	STEP(3, d1 >= 0 && d2 == 50 && d3 == 51);
	STEP(4, write(d1, "x", 1) == 1 && write(d2, "x", 1) == 1 &&
		write(d3, "x", 1) == 1);
	return 0;
}

TEST(errors_come_in_a_fixed_order_and_dups_keep_working)
{
	ASSERT_EQ(0, in_child(pledge_ordering));
	ASSERT_EQ(0, in_child(unveil_ordering));
	ASSERT_EQ(0, in_child(dups_keep));
}

/*
 * A descriptor swapped for a directory by dup2() while it is being
 * sent: whatever the sender's check saw, a pledged receiver never ends
 * up holding a directory.
 */
#define SWAPPED_FD	60

static void *swapper(void *arg)
{
	int *fds = arg;

	for (;;) {
		dup2(fds[0], SWAPPED_FD);
		dup2(fds[1], SWAPPED_FD);
	}
	return NULL;
}

static int swap_sender(int sock, int fds[2])
{
	pthread_t t;

	signal(SIGPIPE, SIG_IGN);	/* the receiver may be gone */
	if (pledge("stdio unix sendfd", NULL) ||
	    pthread_create(&t, NULL, swapper, fds))
		return 1;
	for (int i = 0; i < 2000; i++)
		send_fd(sock, SWAPPED_FD);
	return 0;
}

static int swap_receiver(int sock)
{
	struct stat st;

	if (pledge("stdio unix recvfd", NULL))
		return 1;
	for (;;) {
		int fd, got = take_fd(sock, &fd);

		if (got < 0)
			return 0;	/* the sender is gone */
		if (!got)
			continue;
		if (fstat(fd, &st) || S_ISDIR(st.st_mode))
			return 2;	/* escaped */
		close(fd);
	}
}

TEST(a_directory_swapped_in_by_dup2_never_arrives)
{
	int socks[2], fds[2], status, killed = 0;
	pid_t sender, receiver;

	/* Messages, and an end when the sender is gone. */
	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_SEQPACKET, 0, socks));
	fds[0] = open("/dev/null", O_RDONLY);
	fds[1] = open("/", O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fds[0]);
	ASSERT_LE(0, fds[1]);
	receiver = fork();
	if (receiver == 0) {
		close(socks[0]);
		_exit(swap_receiver(socks[1]));
	}
	sender = fork();
	if (sender == 0) {
		close(socks[1]);
		_exit(swap_sender(socks[0], fds));
	}
	close(socks[0]);
	close(socks[1]);
	waitpid(sender, &status, 0);
	killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
	ASSERT_TRUE(killed || (WIFEXITED(status) && !WEXITSTATUS(status)));
	waitpid(receiver, &status, 0);
	killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
	ASSERT_TRUE(WIFSIGNALED(status) ||
		    (WIFEXITED(status) && !WEXITSTATUS(status)))
		TH_LOG("the receiver got a directory");
	/* Someone saw the directory go by: the swaps did happen. */
	ASSERT_LT(0, killed);
}

/*
 * ptrace, Landlock's hierarchy cases: a tracer may hold no more than
 * its tracee. P pledges (before forking C, or after), C may narrow,
 * then P attaches to C, reads /proc/C/environ, or C asks P to trace
 * it (PTRACE_TRACEME).
 */
enum { ATTACH, ENVIRON, TRACEME };

static const struct {
	const char *name, *before, *child, *after;
	int op, expect;
} trace_table[] = {
	{ "no policy: attach", NULL, NULL, NULL, ATTACH, 0 },
	{ "no policy: traceme", NULL, NULL, NULL, TRACEME, 0 },
	{ "same promises: attach", "stdio proc", NULL, NULL, ATTACH, 0 },
	{ "child narrower: attach", "stdio proc rpath", "stdio proc", NULL,
	  ATTACH, 0 },
	{ "child unpledged: attach", NULL, NULL, "stdio proc", ATTACH, EPERM },
	{ "child unpledged: environ", NULL, NULL, "stdio rpath proc", ENVIRON,
	  EACCES },
	{ "child narrower: environ", "stdio rpath proc", "stdio proc", NULL,
	  ENVIRON, 0 },
	{ "disjoint: attach", NULL, "stdio proc wpath", "stdio proc rpath",
	  ATTACH, EPERM },
	{ "parent narrower: traceme", NULL, "stdio proc rpath", "stdio proc",
	  TRACEME, EPERM },
	{ "child pledged, parent not: traceme", NULL, "stdio proc", NULL,
	  TRACEME, 0 },
	{ "without proc: attach", NULL, NULL, "stdio", ATTACH,
	  128 + SIGABRT },
};

static int trace_case(int i)
{
	int ready[2], go[2], result[2], err = 0, status;
	char c = 0, path[64];
	pid_t child;

	STEP(100, !pipe(ready) && !pipe(go) && !pipe(result));
	if (trace_table[i].before && pledge(trace_table[i].before, NULL))
		return 101;
	child = fork();
	if (child == 0) {
		/* Only the parent's ends, so that its death ends the wait. */
		close(ready[0]);
		close(go[1]);
		close(result[0]);
		if (trace_table[i].child && pledge(trace_table[i].child, NULL))
			_exit(1);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(0);	/* the parent is gone */
		if (trace_table[i].op == TRACEME)
			err = ptrace(PTRACE_TRACEME, 0, 0, 0) ? errno : 0;
		if (write(result[1], &err, sizeof(err)) != sizeof(err))
			_exit(1);
		/* Held until the parent is done. */
		_exit(read(go[0], &c, 1) < 0);
	}
	STEP(102, child > 0 && read(ready[0], &c, 1) == 1);
	if (trace_table[i].after && pledge(trace_table[i].after, NULL))
		return 103;
	if (trace_table[i].op == ATTACH) {
		err = ptrace(PTRACE_ATTACH, child, 0, 0) ? errno : 0;
		if (!err)
			waitpid(child, &status, 0);	/* its stop */
		if (!err)
			ptrace(PTRACE_DETACH, child, 0, 0);
	} else if (trace_table[i].op == ENVIRON) {
		snprintf(path, sizeof(path), "/proc/%d/environ", child);
		err = open_errno(path, O_RDONLY);
	}
	STEP(104, write(go[1], "g", 1) == 1);
	STEP(105, read(result[0], &status, sizeof(status)) == sizeof(status));
	if (trace_table[i].op == TRACEME)
		err = status;
	close(go[1]);
	waitpid(child, &status, 0);
	return err;
}

TEST(a_tracer_may_hold_no_more_than_its_tracee)
{
	for (size_t i = 0; i < sizeof(trace_table) / sizeof(*trace_table);
	     i++) {
		int status, got;
		pid_t pid = fork();

		if (pid == 0)
			_exit(trace_case(i));
		waitpid(pid, &status, 0);
		got = WIFEXITED(status) ? WEXITSTATUS(status) :
					  128 + WTERMSIG(status);
		EXPECT_EQ(trace_table[i].expect, got)
			TH_LOG("%s", trace_table[i].name);
	}
}

/* The permission bits of PATH (or of FD when PATH is NULL), or -1. */
static int mode_of(const char *path, int fd)
{
	struct stat st;

	if (path ? stat(path, &st) : fstat(fd, &st))
		return -1;
	return st.st_mode & 07777;
}

/*
 * Set-user-ID and set-group-ID never survive a pledge, as on OpenBSD:
 * chmod, fchmod and fchmodat under fattr succeed without them.
 */
static int chmod_strips(void)
{
	int fd;

	make_tree();
	umask(0);
	fd = open(U "/a/f", O_RDWR);
	/* Unpledged, every call sets them: the test is not vacuous. */
	STEP(1, fd >= 0 && !chmod(U "/a/f", 04755) &&
		mode_of(U "/a/f", -1) == 04755);
	STEP(2, !fchmod(fd, 06755) && mode_of(U "/a/f", -1) == 06755);
	STEP(3, !fchmodat(AT_FDCWD, U "/a/g", 02755, 0) &&
		mode_of(U "/a/g", -1) == 02755);
	STEP(4, !chmod(U "/a/f", 0644) && !chmod(U "/a/g", 0644));
	STEP(5, !pledge("stdio rpath wpath cpath fattr", NULL));
	STEP(6, !chmod(U "/a/f", 04755) && mode_of(U "/a/f", -1) == 0755);
	STEP(7, !fchmod(fd, 06755) && mode_of(U "/a/f", -1) == 0755);
	STEP(8, !fchmodat(AT_FDCWD, U "/a/g", 02755, 0) &&
		mode_of(U "/a/g", -1) == 0755);
	/* The sticky bit is no privilege: it stays (nip sets /tmp's). */
	STEP(9, !chmod(U "/d", 01777) && mode_of(U "/d", -1) == 01777);
	return 0;
}

/* Nor does a new file get them, under cpath without fattr. */
static int create_strips(void)
{
	int fd;

	make_tree();
	umask(0);
	fd = open(U "/a/before", O_CREAT | O_WRONLY, 06755);
	STEP(1, fd >= 0 && mode_of(NULL, fd) == 06755);
	STEP(2, !pledge("stdio rpath wpath cpath", NULL));
	fd = open(U "/a/new", O_CREAT | O_WRONLY, 06755);
	STEP(3, fd >= 0 && mode_of(NULL, fd) == 0755);
	STEP(4, !mknod(U "/a/node", S_IFREG | 06755, 0) &&
		mode_of(U "/a/node", -1) == 0755);
	fd = open(U "/a", O_TMPFILE | O_WRONLY, 06755);
	STEP(5, fd >= 0 && mode_of(NULL, fd) == 0755);
	return 0;
}

TEST(setuid_and_setgid_bits_never_survive_a_pledge)
{
	ASSERT_EQ(0, in_child(chmod_strips));
	ASSERT_EQ(0, in_child(create_strips));
}

/*
 * File times need the w right, as chmod does; a hidden path is ENOENT
 * whether it exists or not, even with times the kernel would refuse.
 */
static int times_follow_unveil(void)
{
	const struct timespec invalid[2] = { { 0, 1000000000 }, { 0, 0 } };
	int ro;

	make_tree();
	ro = open(U "/a/f", O_RDONLY);
	STEP(1, ro >= 0 && !open_errno(U "/c/x", O_CREAT | O_WRONLY));
	STEP(2, !utimensat(AT_FDCWD, U "/b/h", epoch_plus_one, 0) &&
		!futimens(ro, epoch_plus_one) &&
		errno_of(utimensat(AT_FDCWD, U "/b/h", invalid, 0)) == EINVAL);
	STEP(3, !unveil(U "/a", "r") && !unveil(U "/c", "rw"));
	STEP(4, errno_of(utimensat(AT_FDCWD, U "/a/f", epoch_plus_one, 0)) ==
		EACCES);
	STEP(5, errno_of(utimes(U "/a/f", NULL)) == EACCES);
	STEP(6, errno_of(futimens(ro, epoch_plus_one)) == EACCES);
	STEP(7, errno_of(utimensat(AT_FDCWD, U "/b/h", epoch_plus_one, 0)) ==
		ENOENT);
	STEP(8, errno_of(utimensat(AT_FDCWD, U "/b/none", epoch_plus_one,
				   0)) == ENOENT);
	STEP(9, errno_of(utimes(U "/b/h", NULL)) == ENOENT);
	STEP(10, errno_of(utimensat(AT_FDCWD, U "/b/h", invalid, 0)) ==
		 ENOENT);
	STEP(11, !utimensat(AT_FDCWD, U "/c/x", epoch_plus_one, 0) &&
		 !utimes(U "/c/x", NULL));
	return 0;
}

TEST(file_times_need_the_w_right_and_hidden_paths_are_enoent)
{
	ASSERT_EQ(0, in_child(times_follow_unveil));
}

/* O_PATH opens, chdir and fchdir see what stat sees. */
static int looking_is_hidden(void)
{
	int b;

	make_tree();
	b = open(U "/b", O_RDONLY | O_DIRECTORY);
	STEP(1, b >= 0 && !open_errno(U "/b/h", O_PATH) && !chdir(U "/b") &&
		!chdir("/"));
	STEP(2, !unveil(U "/a", "r"));
	STEP(3, open_errno(U "/b/h", O_PATH) == ENOENT);
	STEP(4, open_errno(U "/b/none", O_PATH) == ENOENT);
	STEP(5, open_errno(U "/b", O_PATH | O_DIRECTORY) == ENOENT);
	STEP(6, errno_of(chdir(U "/b")) == ENOENT);
	STEP(7, errno_of(chdir(U "/none")) == ENOENT);
	STEP(8, errno_of(fchdir(b)) == ENOENT);
	/* A folder above an unveiled one is hidden, as from stat. */
	STEP(9, errno_of(chdir(U)) == ENOENT);
	/* Unveiled, even "r" only: both work, as stat does. */
	STEP(10, !open_errno(U "/a/f", O_PATH) && !chdir(U "/a") &&
		 !open_errno("f", O_PATH));
	return 0;
}

TEST(o_path_chdir_and_fchdir_do_not_reach_hidden_paths)
{
	ASSERT_EQ(0, in_child(looking_is_hidden));
}

/*
 * Reaching a Unix socket: connect(2) for SOCK_STREAM, sendto(2) for
 * SOCK_DGRAM; NAME is a path, or "@name" in the abstract namespace.
 */
/* NAME as an address in A ("@name": abstract), and the address's length. */
static socklen_t unix_name(const char *name, struct sockaddr_un *a)
{
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + strlen(name);

	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	memcpy(a->sun_path, name, strlen(name));
	if (name[0] != '@')
		return len + 1;
	a->sun_path[0] = '\0';
	return len;
}

static int reach_errno(int type, const char *name)
{
	struct sockaddr_un a;
	socklen_t len = unix_name(name, &a);
	int fd = socket(AF_UNIX, type, 0), err;

	if (type == SOCK_STREAM)
		err = errno_of(connect(fd, (struct sockaddr *)&a, len));
	else
		err = errno_of(sendto(fd, "x", 1, 0, (struct sockaddr *)&a,
				      len));
	close(fd);
	return err;
}

/* A socket of TYPE bound at NAME (as reach_errno reads it), listening. */
static int serve(int type, const char *name)
{
	struct sockaddr_un a;
	socklen_t len = unix_name(name, &a);
	int fd = socket(AF_UNIX, type, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, len))
		return -1;
	return type == SOCK_STREAM ? listen(fd, 16) : 0;
}

/*
 * A Unix socket's file needs w to be reached, as on OpenBSD: hidden is
 * ENOENT, visible without w EACCES, and a link to a hidden one is as
 * hidden. The abstract namespace has no path: once anything is
 * unveiled, it is EACCES. What was connected before stays connected.
 */
static int sockets_follow_unveil(void)
{
	static const char *const names[] = {
		U "/a/s", U "/b/s", U "/c/s", U "/c/l", "@pledge-test-s",
	};
	static const int want[] = { EACCES, ENOENT, 0, ENOENT, EACCES };
	struct sockaddr_un b = unix_at(U "/b/d");
	int i, early;

	make_tree();
	STEP(1, !serve(SOCK_STREAM, U "/a/s") && !serve(SOCK_STREAM, U "/b/s") &&
		!serve(SOCK_STREAM, U "/c/s") &&
		!serve(SOCK_STREAM, "@pledge-test-s") &&
		!symlink(U "/b/s", U "/c/l"));
	STEP(2, !serve(SOCK_DGRAM, U "/a/d") && !serve(SOCK_DGRAM, U "/b/d") &&
		!serve(SOCK_DGRAM, U "/c/d") &&
		!serve(SOCK_DGRAM, "@pledge-test-d") &&
		!symlink(U "/b/d", U "/c/k"));
	/* Unveiled, each is reached: the test is not vacuous. */
	for (i = 0; i < 5; i++)
		STEP(3, !reach_errno(SOCK_STREAM, names[i]));
	STEP(4, !reach_errno(SOCK_DGRAM, U "/a/d") &&
		!reach_errno(SOCK_DGRAM, U "/b/d") &&
		!reach_errno(SOCK_DGRAM, U "/c/d") &&
		!reach_errno(SOCK_DGRAM, U "/c/k") &&
		!reach_errno(SOCK_DGRAM, "@pledge-test-d"));
	early = socket(AF_UNIX, SOCK_DGRAM, 0);
	STEP(5, early >= 0 && !connect(early, (struct sockaddr *)&b,
				       sizeof(b)));
	STEP(6, !unveil(U "/a", "r") && !unveil(U "/c", "rw"));
	for (i = 0; i < 5; i++)
		STEP(10 + i, reach_errno(SOCK_STREAM, names[i]) == want[i]);
	STEP(20, reach_errno(SOCK_DGRAM, U "/a/d") == EACCES);
	STEP(21, reach_errno(SOCK_DGRAM, U "/b/d") == ENOENT);
	STEP(22, reach_errno(SOCK_DGRAM, U "/c/d") == 0);
	STEP(23, reach_errno(SOCK_DGRAM, U "/c/k") == ENOENT);
	STEP(24, reach_errno(SOCK_DGRAM, "@pledge-test-d") == EACCES);
	STEP(25, send(early, "x", 1, 0) == 1);
	return 0;
}

TEST(a_unix_socket_is_reached_only_through_its_unveiled_file)
{
	ASSERT_EQ(0, in_child(sockets_follow_unveil));
}

/*
 * inotify and name_to_handle_at(2) name a path as stat does: a hidden
 * one is ENOENT; a watch reads, so it needs r.
 */
static int watches_and_handles_hidden(void)
{
	struct {
		struct file_handle h;
		unsigned char bytes[MAX_HANDLE_SZ];
	} fh;
	int in, mnt;

	make_tree();
	in = inotify_init1(IN_CLOEXEC);
	fh.h.handle_bytes = MAX_HANDLE_SZ;
	STEP(1, in >= 0 && inotify_add_watch(in, U "/b/h", IN_MODIFY) >= 0 &&
		inotify_add_watch(in, U "/c", IN_MODIFY) >= 0 &&
		!name_to_handle_at(AT_FDCWD, U "/b/h", &fh.h, &mnt, 0));
	STEP(2, !unveil(U "/a", "r") && !unveil(U "/c", "w"));
	STEP(3, errno_of(inotify_add_watch(in, U "/b/h", IN_MODIFY)) == ENOENT);
	STEP(4, errno_of(inotify_add_watch(in, U "/b", IN_MODIFY)) == ENOENT);
	STEP(5, errno_of(inotify_add_watch(in, U "/c", IN_MODIFY)) == EACCES);
	fh.h.handle_bytes = MAX_HANDLE_SZ;
	STEP(6, errno_of(name_to_handle_at(AT_FDCWD, U "/b/h", &fh.h, &mnt,
					   0)) == ENOENT);
	fh.h.handle_bytes = MAX_HANDLE_SZ;
	STEP(7, errno_of(name_to_handle_at(AT_FDCWD, U "/b/none", &fh.h, &mnt,
					   0)) == ENOENT);
	fh.h.handle_bytes = MAX_HANDLE_SZ;
	STEP(8, inotify_add_watch(in, U "/a/f", IN_MODIFY) >= 0 &&
		!name_to_handle_at(AT_FDCWD, U "/a/f", &fh.h, &mnt, 0));
	return 0;
}

TEST(watches_and_file_handles_do_not_reach_hidden_paths)
{
	ASSERT_EQ(0, in_child(watches_and_handles_hidden));
}

/*
 * A memfd is on no path, so nothing unveiled "x" covers it: once
 * anything is unveiled, it is not run (without execpromises the image
 * would run unpledged, and unveil is all that holds it).
 */
static int memfd_of_self(void)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY);
	int out = memfd_create("pledge-self", MFD_CLOEXEC);
	ssize_t n;

	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			return -1;
	close(in);
	return n < 0 ? -1 : out;
}

static int run_memfd(int fd)
{
	char *argv[] = { "pledge-selftest", "--noop", NULL }, *envp[] = { NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		syscall(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
		_exit(errno);
	}
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) ?
		       WEXITSTATUS(status) : -1;
}

static int memfd_not_run(void)
{
	int fd;

	make_tree();
	fd = memfd_of_self();
	STEP(1, fd >= 0 && run_memfd(fd) == 0);
	STEP(2, !unveil(U "/a", "rx"));
	STEP(3, run_memfd(fd) == EACCES);
	return 0;
}

/*
 * A pledged process that crashes (no violation) dumps core where the
 * administrator said, and the kernel's writing of it is no violation.
 */
TEST(a_pledged_crash_dumps_core_and_logs_no_violation)
{
	struct rlimit core = { RLIM_INFINITY, RLIM_INFINITY };
	char corefile[64], log[64], *buf;
	int status, len;
	pid_t pid;

	ASSERT_EQ(0, cores_here());
	pid = fork();
	if (pid == 0) {
		setrlimit(RLIMIT_CORE, &core);
		if (pledge("stdio", NULL))
			_exit(1);
		raise(SIGSEGV);
		_exit(2);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
	EXPECT_TRUE(WCOREDUMP(status));
	snprintf(corefile, sizeof(corefile), CORES "/core.%d", pid);
	EXPECT_EQ(0, unlink(corefile));
	snprintf(log, sizeof(log), "pledge: pledge-selftest[%d] needs", pid);
	buf = malloc(1 << 20);
	len = klogctl(3, buf, 1 << 20);
	EXPECT_TRUE(len > 0 && !memmem(buf, len, log, strlen(log)));
	free(buf);
}

TEST(a_memfd_is_not_run_once_anything_is_unveiled)
{
	ASSERT_EQ(0, in_child(memfd_not_run));
}

/*
 * The walk up the tree is done without references, under RCU, and
 * trusted only when no rename moved anything meanwhile. A helper not
 * under unveil (forked before it) runs ACTION(1) and ACTION(0) in turn,
 * a rename or a mount and back, while the caller opens; told to stop
 * (its pipe closed), it leaves state 0, or state 1 with ONCE set, and
 * then exits.
 */
static pid_t start_helper(int (*action)(int state), int once, int *stop)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		int state = 0;
		char c;

		/* No other helper's pipe kept open: its close must reach it. */
		for (int fd = 3; fd < 64; fd++)
			if (fd != fds[0])
				close(fd);
		if (!once)
			fcntl(fds[0], F_SETFL, O_NONBLOCK);
		while (read(fds[0], &c, 1) < 0 && errno == EAGAIN) {
			state = !state;
			if (action(state))
				_exit(1);
		}
		_exit(state != once ? action(once) : 0);
	}
	close(fds[0]);
	*stop = fds[1];
	return pid;
}

static int stop_helper(pid_t pid, int stop)
{
	int status;

	close(stop);
	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	       !WEXITSTATUS(status);
}

/* State 0: U/b/m (hidden); 1: U/a/m (unveiled). */
static int move_folder(int state)
{
	return rename(state ? U "/b/m" : U "/a/m", state ? U "/a/m" : U "/b/m");
}

static int renames_race(void)
{
	int dirfd, stop, last, i, odd = 0;
	pid_t mover, putter;

	make_tree();
	if (system("mkdir " U "/b/m && echo x >" U "/b/m/x"))
		return 99;
	/* The folder, held open, moves under the walk's feet. */
	dirfd = open(U "/b/m", O_RDONLY | O_DIRECTORY);
	STEP(1, dirfd >= 0);
	mover = start_helper(move_folder, 0, &stop);
	putter = start_helper(move_folder, 1, &last);
	STEP(2, mover > 0 && putter > 0);
	STEP(3, !unveil(U "/a", "r"));
	for (i = 0; i < 20000; i++) {
		int fd = openat(dirfd, "x", O_RDONLY);

		/* Open where it is unveiled, hidden where not: never else. */
		if (fd >= 0)
			close(fd);
		else if (errno != ENOENT)
			odd++;
	}
	STEP(4, !odd);
	STEP(5, stop_helper(mover, stop));
	/* Left in U/b: hidden, whatever the walks saw before. */
	STEP(6, errno_of(openat(dirfd, "x", O_RDONLY)) == ENOENT);
	STEP(7, stop_helper(putter, last));
	/* Now in U/a: open. */
	STEP(8, !errno_of(close(openat(dirfd, "x", O_RDONLY))));
	return 0;
}

/* State 1: a tmpfs over U/a/m holding y; 0: none (detached at once,
 * though the opener may have y open).
 */
static int mount_over(int state)
{
	if (!state)
		return umount2(U "/a/m", MNT_DETACH);
	return mount("none", U "/a/m", "tmpfs", 0, NULL) ||
	       system("echo y >" U "/a/m/y");
}

static int mounts_race(void)
{
	int stop, last, i, odd = 0;
	pid_t mover, putter;

	make_tree();
	if (mkdir(U "/a/m", 0755))
		return 99;
	mover = start_helper(mount_over, 0, &stop);
	putter = start_helper(mount_over, 1, &last);
	STEP(1, mover > 0 && putter > 0);
	STEP(2, !unveil(U "/a", "r"));
	for (i = 0; i < 5000; i++) {
		int err = open_errno(U "/a/m/y", O_RDONLY);

		/*
		 * From inside the mount the walk crosses into U/a: readable.
		 * Or gone: not there, or its mount detached under the walk
		 * (then it is in no tree, and hidden). Never a refusal.
		 */
		if (err && err != ENOENT)
			odd++;
		err = stat_errno(U "/a/m");
		if (err && err != ENOENT)
			odd++;
	}
	STEP(3, !odd);
	STEP(4, stop_helper(mover, stop));
	STEP(5, open_errno(U "/a/m/y", O_RDONLY) == ENOENT);
	STEP(6, stop_helper(putter, last));
	STEP(7, !open_errno(U "/a/m/y", O_RDONLY));
	umount(U "/a/m");
	return 0;
}

TEST(a_rename_or_a_mount_racing_the_walk_changes_no_answer)
{
	int rc;

	ASSERT_EQ(0, in_child(renames_race));
	rc = in_child(mounts_race);
	/* Whatever failed, no mount is left for the next tests' rm -rf. */
	while (!umount2(U "/a/m", MNT_DETACH))
		;
	ASSERT_EQ(0, rc);
}

/*
 * stat by name hides every kind of object, FIFOs and devices too, and
 * fstat of a descriptor opened before unveil() still answers.
 */
static int stat_hides_every_kind(void)
{
	struct stat st;
	int h;

	make_tree();
	h = open(U "/b/h", O_RDONLY);
	STEP(1, h >= 0 && !mkfifo(U "/b/fifo", 0600) &&
		!mknod(U "/b/null", S_IFCHR | 0600, makedev(1, 3)));
	STEP(2, !stat_errno(U "/b/fifo") && !stat_errno(U "/b/null"));
	STEP(3, !unveil(U "/a", "r"));
	STEP(4, stat_errno(U "/b/fifo") == ENOENT);
	STEP(5, stat_errno(U "/b/null") == ENOENT);
	STEP(6, errno_of(lstat(U "/b/fifo", &st)) == ENOENT);
	STEP(7, !fstat(h, &st) && S_ISREG(st.st_mode));
	STEP(8, !fstatat(h, "", &st, AT_EMPTY_PATH));
	return 0;
}

TEST(stat_hides_fifos_and_devices_and_fstat_still_answers)
{
	ASSERT_EQ(0, in_child(stat_hides_every_kind));
}

/*
 * A descriptor opened for writing before unveil() is truncated as it is
 * written, wherever its file is; truncate(2) by name follows the
 * unveils, and an open for reading with O_TRUNC needs w, as it does.
 */
static int truncate_follows_unveil(void)
{
	int h, f, pool;

	make_tree();
	h = open(U "/b/h", O_RDWR);
	f = open(U "/a/f", O_RDWR);
	pool = memfd_create("unveil-pool", MFD_CLOEXEC);
	STEP(1, h >= 0 && f >= 0 && pool >= 0);
	STEP(2, !truncate(U "/b/h", 1) && !ftruncate(h, 1) &&
		!open_errno(U "/a/g", O_RDONLY | O_TRUNC));
	STEP(3, !unveil(U "/a", "r") && !unveil(U "/c", "rwc"));
	STEP(4, !ftruncate(h, 0));	/* outside every unveiled path */
	STEP(5, !ftruncate(f, 0));	/* under r alone */
	STEP(6, !ftruncate(pool, 4096));
	STEP(7, errno_of(truncate(U "/b/h", 0)) == ENOENT);
	STEP(8, errno_of(truncate(U "/a/f", 0)) == EACCES);
	STEP(9, open_errno(U "/a/g", O_RDONLY | O_TRUNC) == EACCES);
	STEP(10, !open_errno(U "/c/x", O_CREAT | O_WRONLY) &&
		 !truncate(U "/c/x", 0) &&
		 !open_errno(U "/c/x", O_WRONLY | O_TRUNC));
	return 0;
}

TEST(an_open_descriptor_is_truncated_without_w_but_not_a_name)
{
	ASSERT_EQ(0, in_child(truncate_follows_unveil));
}

/* ENOSYS: what "error" makes of a denied ioctl; no driver answers it. */
#define DENIED(call) ((call) < 0 && errno == ENOSYS)

/*
 * The edges of "drm" and "evdev", under "error" so that one child
 * walks them all: each request below is one a driver would take (or
 * refuse with another errno) but the promises must not let through.
 * DRM's core dispatches on the number alone, so an 'E' request on a
 * card would reach a DRM handler: the type is checked too.
 */
static int drm_evdev_edges(void)
{
	char buf[64] = { 0 };
	int version = 0, zero = 0, null = open("/dev/null", O_RDWR);
	struct input_keymap_entry key = { .len = 1 };

	before_card();
	before_input();
	STEP(1, null >= 0);
	STEP(2, !pledge("stdio drm evdev error", NULL));
	/* Controls: allowed requests still work. */
	STEP(3, !drm_version(card) && !op_evdev_keys());
	STEP(4, DENIED(ioctl(null, DRM_IOCTL_VERSION, buf)));
	STEP(5, DENIED(ioctl(card, EVIOCGVERSION, &version)));
	STEP(6, DENIED(ioctl(input, DRM_IOCTL_VERSION, buf)));
	/* The driver's range ends at 0x9f; the core's own at 0xcd. */
	STEP(7, DENIED(ioctl(card, DRM_IOWR(0x9f, char[16]), buf)));
	STEP(8, DENIED(ioctl(card, DRM_IOWR(0xcf, char[16]), buf)));
	STEP(9, DENIED(ioctl(card, DRM_IOCTL_GEM_FLINK, buf)));
	STEP(10, DENIED(ioctl(card, DRM_IOCTL_GEM_OPEN, buf)));
	STEP(11, DENIED(ioctl(card, DRM_IOCTL_AUTH_MAGIC, buf)));
	STEP(12, DENIED(ioctl(card, DRM_IOCTL_MODE_CREATE_LEASE, buf)));
	STEP(13, DENIED(ioctl(card, DRM_IOCTL_MODE_GETFB, buf)));
	STEP(14, DENIED(ioctl(card, DRM_IOCTL_MODE_GETFB2, buf)));
	STEP(15, DENIED(ioctl(input, EVIOCSKEYCODE_V2, &key)));
	STEP(16, DENIED(ioctl(input, EVIOCSABS(0), buf)));
	STEP(17, DENIED(ioctl(input, EVIOCREVOKE, zero)));
	STEP(18, DENIED(ioctl(input, EVIOCSCLOCKID, &zero)));
	return 0;
}

TEST(drm_and_evdev_allow_their_requests_on_their_devices_only)
{
	ASSERT_EQ(0, in_child(drm_evdev_edges));
}

/* Every promise but "error": no promise grants what follows. */
#define ALL_PROMISES	"stdio rpath wpath cpath dpath tmppath inet mcast " \
			"unix dns getpw proc exec prot_exec fattr chown " \
			"flock tty sendfd recvfd id settime unveil drm evdev"
#define M	"/tmp/pledge-mnt"

/*
 * Root, pledged, mounts nothing: killed, as OpenBSD kills any call
 * outside the promises (the hook comes before the capability check).
 */
static int mount_is_killed(void)
{
	mkdir(M, 0755);
	STEP(1, !mount("none", M, "tmpfs", 0, NULL) && !umount(M));
	STEP(2, !pledge(ALL_PROMISES, NULL));
	mount("none", M, "tmpfs", 0, NULL);
	return 3;
}

/*
 * What the capability check stops first, or what has no hook of its
 * own: EPERM, with every promise. Each works unpledged first.
 */
static int privileged_calls_are_eperm(void)
{
	char host[256], domain[256];

	mkdir(M, 0755);
	STEP(1, !gethostname(host, sizeof(host)) &&
		!getdomainname(domain, sizeof(domain)));
	STEP(2, !sethostname(host, strlen(host)) &&
		!setdomainname(domain, strlen(domain)) && !chroot("/"));
	STEP(3, !mount("none", M, "tmpfs", 0, NULL));
	STEP(4, !pledge(ALL_PROMISES, NULL));
	STEP(5, errno_of(umount(M)) == EPERM);
	STEP(6, errno_of(sethostname(host, strlen(host))) == EPERM);
	STEP(7, errno_of(setdomainname(domain, strlen(domain))) == EPERM);
	STEP(8, errno_of(chroot("/")) == EPERM);
	STEP(9, errno_of(syscall(SYS_pivot_root, "/", "/")) == EPERM);
	/* Nor in a user namespace of its own, where it would hold all. */
	STEP(10, errno_of(unshare(CLONE_NEWUSER | CLONE_NEWUTS)) ||
		 errno_of(sethostname("x", 1)) == EPERM);
	return 0;
}

/*
 * What commoncap used to decide without asking the capable hook, asked
 * of it now: with every promise, root maps nothing below
 * mmap_min_addr, sets no securebits, adds nothing to its inheritable
 * set and raises no hard limit (CAP_SYS_RAWIO, CAP_SETPCAP,
 * CAP_SYS_RESOURCE: no promise grants them). Each works unpledged.
 */
static void *map_low(void)
{
	return mmap((void *)0x1000, 4096, PROT_READ,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
}

static int commoncap_asks_the_hook(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct caps[2], more[2];
	struct rlimit low = { 0, 10 }, high = { 0, 20 };
	int bits = prctl(PR_GET_SECUREBITS, 0, 0, 0, 0);

	STEP(1, map_low() == (void *)0x1000 && !munmap((void *)0x1000, 4096));
	STEP(2, bits >= 0 && !prctl(PR_SET_SECUREBITS, bits, 0, 0, 0));
	STEP(3, !syscall(SYS_capget, &h, caps));
	memcpy(more, caps, sizeof(more));
	more[0].inheritable = more[0].permitted;
	more[1].inheritable = more[1].permitted;
	STEP(4, !syscall(SYS_capset, &h, more) &&
		!syscall(SYS_capset, &h, caps));
	STEP(5, !setrlimit(RLIMIT_NICE, &low) &&
		!setrlimit(RLIMIT_NICE, &high));
	STEP(6, !pledge(ALL_PROMISES, NULL));
	STEP(7, map_low() == MAP_FAILED && errno == EPERM);
	STEP(8, errno_of(prctl(PR_SET_SECUREBITS, bits, 0, 0, 0)) == EPERM);
	STEP(9, errno_of(syscall(SYS_capset, &h, more)) == EPERM);
	STEP(10, !setrlimit(RLIMIT_NICE, &low));
	STEP(11, errno_of(setrlimit(RLIMIT_NICE, &high)) == EPERM);
	return 0;
}

/*
 * A file's capability checks (file_ns_capable) are the pledge's too,
 * even once a prctl has replaced the credentials the file was opened
 * with: a pledged root reads /proc/iomem's ranges as zeros, as any
 * process without CAP_SYS_ADMIN does.
 */
static int iomem_first_line(char *line, size_t size)
{
	FILE *f = fopen("/proc/iomem", "r");
	int ok = f && fgets(line, size, f) != NULL;

	if (f)
		fclose(f);
	return ok;
}

static int file_caps_follow_the_pledge(void)
{
	char line[128];
	FILE *f;

	STEP(1, iomem_first_line(line, sizeof(line)) &&
		strncmp(line, "00000000-00000000", 17));
	f = fopen("/proc/iomem", "r");
	STEP(2, f && !pledge("stdio rpath", NULL));
	STEP(3, !prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
	STEP(4, fgets(line, sizeof(line), f) &&
		!strncmp(line, "00000000-00000000", 17));
	return 0;
}

/* nip's promises, as root: its file work goes on as before. */
static int nip_still_works(void)
{
	int fd;

	make_tree();
	STEP(1, !chown(U "/d", 1, 1) && !chmod(U "/d", 0755));
	STEP(2, !pledge("stdio rpath wpath cpath fattr chown flock", NULL));
	/* A folder of another user's: root writes there still. */
	fd = open(U "/d/new", O_CREAT | O_EXCL | O_RDWR, 0644);
	STEP(3, fd >= 0 && !fchown(fd, 1, 1) && !chown(U "/d/new", 0, 0));
	STEP(4, !futimens(fd, epoch_plus_one) && !flock(fd, LOCK_EX));
	STEP(5, !chmod(U "/d/new", 0600) && !rename(U "/d/new", U "/d/n2"));
	STEP(6, !mkdir(U "/d/sub", 0755) && !unlink(U "/d/n2") &&
		!rmdir(U "/d/sub"));
	return 0;
}

TEST(a_pledged_root_may_not_mount_chroot_or_set_the_hostname)
{
	EXPECT_EQ(128 + SIGABRT, in_child(mount_is_killed));
	EXPECT_EQ(0, in_child(privileged_calls_are_eperm));
	umount(M);
	EXPECT_EQ(0, in_child(nip_still_works));
	EXPECT_EQ(0, in_child(commoncap_asks_the_hook));
	EXPECT_EQ(0, in_child(file_caps_follow_the_pledge));
}

/*
 * tmppath's /tmp is the "tmp" under the process's root, by dentry:
 * in a chroot, not the real /tmp, though its name reads "/tmp" too.
 */
#define JAIL	"/tmp/pledge-jail"
static int outside;

static int enter_jail(void)
{
	if (system("rm -rf " JAIL " && mkdir -p " JAIL "/tmp"))
		return 1;
	outside = open("/tmp", O_RDONLY | O_DIRECTORY);
	if (outside < 0 || chroot(JAIL) || chdir("/"))
		return 2;
	return pledge("stdio tmppath", NULL) ? 3 : 0;
}

static int jail_tmp_works(void)
{
	STEP(1, !enter_jail());
	STEP(2, !open_errno("/tmp/made", O_CREAT | O_EXCL | O_RDWR));
	STEP(3, !unlink("/tmp/made"));
	return 0;
}

static int real_tmp_is_not_tmp(void)
{
	STEP(1, !enter_jail());
	openat(outside, "pledge-escaped", O_CREAT | O_EXCL | O_RDWR, 0600);
	return 2;
}

TEST(tmppath_is_the_tmp_under_the_process_root)
{
	EXPECT_EQ(0, in_child(jail_tmp_works));
	EXPECT_EQ(128 + SIGABRT, in_child(real_tmp_is_not_tmp));
	EXPECT_NE(0, access("/tmp/pledge-escaped", F_OK));
	unlink("/tmp/pledge-escaped");
}

/* A file capability: CAP_SETUID, permitted and effective. */
static int set_file_cap(const char *path)
{
	struct vfs_cap_data cap = {
		.magic_etc = VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE,
		.data = { { .permitted = 1u << CAP_SETUID } },
	};

	return setxattr(path, "security.capability", &cap, sizeof(cap), 0);
}

/* Never set or removed under a pledge: file capabilities, labels. */
static int no_privileged_xattrs(void)
{
	make_tree();
	STEP(1, !set_file_cap(U "/a/f") &&
		!removexattr(U "/a/f", "security.capability"));
	STEP(2, !setxattr(U "/a/f", "trusted.t", "1", 1, 0) &&
		!setxattr(U "/a/g", "trusted.t", "1", 1, 0) &&
		!set_file_cap(U "/a/g"));
	STEP(3, !pledge("stdio rpath wpath cpath fattr chown flock", NULL));
	STEP(4, errno_of(set_file_cap(U "/a/f")) == EPERM);
	STEP(5, errno_of(setxattr(U "/a/f", "trusted.t", "2", 1, 0)) == EPERM);
	STEP(6, errno_of(removexattr(U "/a/g", "trusted.t")) == EPERM);
	STEP(7, errno_of(removexattr(U "/a/g", "security.capability")) ==
		EPERM);
	/* Reading them is still rpath's. */
	STEP(8, getxattr(U "/a/g", "security.capability", NULL, 0) > 0);
	return 0;
}

/* On the root file system: /tmp may be mounted nosuid. */
#define CAPDIR	"/pledge-capt"
#define CAPEXE	CAPDIR "/capexe"

/* As uid 1000, the image CAPEXE: unpledged it gains setuid(0). */
static int cap_exec_unpledged(void)
{
	if (setgid(1000) || setuid(1000))
		return 1;
	return exec_self(CAPEXE, "--setuid0", NULL);
}

static int cap_exec_under_execpromises(void)
{
	if (setgid(1000) || setuid(1000))
		return 1;
	if (pledge("stdio exec", "stdio"))
		return 2;
	return exec_self(CAPEXE, "--noop", NULL);
}

TEST(file_capabilities_are_neither_set_nor_gained_under_a_pledge)
{
	char cmd[128];

	EXPECT_EQ(0, in_child(no_privileged_xattrs));
	mkdir(CAPDIR, 0755);
	snprintf(cmd, sizeof(cmd), "cp /proc/%d/exe %s && chmod 755 %s",
		 getpid(), CAPEXE, CAPEXE);
	ASSERT_EQ(0, system(cmd));
	ASSERT_EQ(0, set_file_cap(CAPEXE));
	/* Unpledged the image runs, and its setuid(0) works. */
	ASSERT_EQ(0, in_child(cap_exec_unpledged));
	EXPECT_EQ(EACCES, in_child(cap_exec_under_execpromises));
}

int main(int argc, char **argv)
{
	/* This program exec'd by itself, as a test's second image. */
	if (argc > 1 && !strcmp(argv[1], "--noop"))
		return 0;
	if (argc > 1 && !strcmp(argv[1], "--setuid0"))
		return setuid(0) ? errno : 0;
	if (argc > 2 && !strcmp(argv[1], "--promises-are"))
		return promises_are(argv[2]) ? 0 : 10;
	if (argc > 1 && !strcmp(argv[1], "--upgrade"))
		return pledge("stdio rpath", NULL) ? errno : 0;
	if (argc > 1 && !strcmp(argv[1], "--inet-socket"))
		return op_socket_inet();
	if (argc > 2 && !strcmp(argv[1], "--stat"))
		return stat_errno(argv[2]);
	if (argc > 2 && !strcmp(argv[1], "--unveil"))
		return unveil(argv[2], "r") ? errno : 0;
	kselftest_scale_timeouts();
	return test_harness_run(argc, argv);
}
