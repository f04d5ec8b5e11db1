// SPDX-License-Identifier: GPL-2.0-only
/*
 * pledge: sockets. Making them (inet, unix, dns), naming an address
 * to bind or connect (a Unix socket's name as it is looked up), the
 * socket options any promise takes, and descriptors sent (sendfd).
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/tcp.h>
#include <net/sock.h>

#include "pledge.h"

static int pledge_socket_create(int family, int type, int protocol, int kern)
{
	if (kern)
		return 0;
	switch (family) {
	case AF_UNIX:
		return pledge_check(PROMISE(UNIX), "a Unix socket");
	case AF_INET:
	case AF_INET6:
		return pledge_check(PROMISE(INET) | PROMISE(DNS),
				    "an inet socket");
	}
	if (!(pledge_current() & PLEDGE_ACTIVE))
		return 0;
	return pledge_fail(pledge_current(), 0, "a socket of this family");
}

static u16 port_of(struct sockaddr *address, int addrlen)
{
	if (address->sa_family == AF_INET &&
	    addrlen >= (int)sizeof(struct sockaddr_in))
		return ntohs(((struct sockaddr_in *)address)->sin_port);
	if (address->sa_family == AF_INET6 &&
	    addrlen >= (int)sizeof(struct sockaddr_in6))
		return ntohs(((struct sockaddr_in6 *)address)->sin6_port);
	return 0;
}

/* Naming a Unix socket, to connect(2) or sendto(2): OpenBSD's "unix". */
static int pledge_path_unix_connect(const struct path *path)
{
	return pledge_check(PROMISE(UNIX), "connect to a Unix socket");
}

/* An AF_UNIX connect is checked as the name is looked up, above. */
/*
 * Reaching ADDRESS from SOCK, by connect(2) or by naming it to
 * sendto(2) or sendmsg(2) (TCP Fast Open connects that way): "inet",
 * or "dns" for port 53, as OpenBSD's dns_portcheck; whenever the
 * socket was made, before the pledge too.
 */
static int address_check(struct socket *sock, struct sockaddr *address,
			 int addrlen, const char *op)
{
	u64 have = pledge_current();
	int family = sock->sk->sk_family;

	if (!(have & PLEDGE_ACTIVE) || family == AF_UNIX)
		return 0;
	if ((family == AF_INET || family == AF_INET6) &&
	    (have & PROMISE(DNS)) && port_of(address, addrlen) == 53)
		return 0;
	return pledge_check(PROMISE(INET), op);
}

static int pledge_socket_connect(struct socket *sock,
				 struct sockaddr *address, int addrlen)
{
	return address_check(sock, address, addrlen, "connect");
}

static int pledge_socket_bind(struct socket *sock, struct sockaddr *address,
			      int addrlen)
{
	if (sock->sk->sk_family == AF_UNIX)
		return pledge_check(PROMISE(UNIX), "bind");
	return pledge_check(PROMISE(INET), "bind");
}

/*
 * setsockopt, as OpenBSD's pledge: a short list, by level. What is not
 * on it (packet filters, devices, marks, raw headers) is a violation
 * under any promise; multicast needs "mcast".
 */
struct sockopt_rule {
	int level, name;
	u64 need;
};

#define PLAIN(level, name)	{ level, name, PROMISE(STDIO) }
#define MCAST(level, name)	{ level, name, PROMISE(MCAST) }
static const struct sockopt_rule sockopt_rules[] = {
	PLAIN(SOL_SOCKET, SO_REUSEADDR), PLAIN(SOL_SOCKET, SO_REUSEPORT),
	PLAIN(SOL_SOCKET, SO_KEEPALIVE), PLAIN(SOL_SOCKET, SO_LINGER),
	PLAIN(SOL_SOCKET, SO_SNDBUF), PLAIN(SOL_SOCKET, SO_RCVBUF),
	PLAIN(SOL_SOCKET, SO_RCVLOWAT), PLAIN(SOL_SOCKET, SO_BROADCAST),
	PLAIN(SOL_SOCKET, SO_OOBINLINE), PLAIN(SOL_SOCKET, SO_PASSCRED),
	PLAIN(SOL_SOCKET, SO_RCVTIMEO_OLD), PLAIN(SOL_SOCKET, SO_RCVTIMEO_NEW),
	PLAIN(SOL_SOCKET, SO_SNDTIMEO_OLD), PLAIN(SOL_SOCKET, SO_SNDTIMEO_NEW),
	PLAIN(SOL_SOCKET, SO_TIMESTAMP_OLD), PLAIN(SOL_SOCKET, SO_TIMESTAMP_NEW),
	PLAIN(SOL_SOCKET, SO_TIMESTAMPNS_OLD),
	PLAIN(SOL_SOCKET, SO_TIMESTAMPNS_NEW),
	PLAIN(SOL_TCP, TCP_NODELAY), PLAIN(SOL_TCP, TCP_KEEPIDLE),
	PLAIN(SOL_TCP, TCP_KEEPINTVL), PLAIN(SOL_TCP, TCP_KEEPCNT),
	PLAIN(SOL_TCP, TCP_USER_TIMEOUT), PLAIN(SOL_TCP, TCP_CORK),
	PLAIN(SOL_TCP, TCP_QUICKACK),
	PLAIN(SOL_IP, IP_TOS), PLAIN(SOL_IP, IP_TTL), PLAIN(SOL_IP, IP_RECVERR),
	PLAIN(SOL_IP, IP_PKTINFO), PLAIN(SOL_IP, IP_MTU_DISCOVER),
	PLAIN(SOL_IPV6, IPV6_V6ONLY), PLAIN(SOL_IPV6, IPV6_TCLASS),
	PLAIN(SOL_IPV6, IPV6_UNICAST_HOPS), PLAIN(SOL_IPV6, IPV6_RECVERR),
	MCAST(SOL_IP, IP_ADD_MEMBERSHIP), MCAST(SOL_IP, IP_DROP_MEMBERSHIP),
	MCAST(SOL_IP, IP_MULTICAST_IF), MCAST(SOL_IP, IP_MULTICAST_TTL),
	MCAST(SOL_IP, IP_MULTICAST_LOOP),
	MCAST(SOL_IPV6, IPV6_ADD_MEMBERSHIP),
	MCAST(SOL_IPV6, IPV6_DROP_MEMBERSHIP),
	MCAST(SOL_IPV6, IPV6_MULTICAST_IF), MCAST(SOL_IPV6, IPV6_MULTICAST_HOPS),
	MCAST(SOL_IPV6, IPV6_MULTICAST_LOOP),
};

static int pledge_socket_setsockopt(struct socket *sock, int level,
				    int optname)
{
	u64 have = pledge_current();
	const struct sockopt_rule *r;
	char op[48];

	if (!(have & PLEDGE_ACTIVE))
		return 0;
	for (r = sockopt_rules; r < sockopt_rules + ARRAY_SIZE(sockopt_rules);
	     r++)
		if (r->level == level && r->name == optname)
			return pledge_check(r->need, "setsockopt");
	snprintf(op, sizeof(op), "setsockopt level %d option %d", level,
		 optname);
	return pledge_fail(have, 0, op);
}

/*
 * Whether an SCM_RIGHTS message carries a directory. The table may
 * change before the descriptors are taken; file_receive, which sees
 * the files themselves, is what a pledged receiver relies on.
 */
static bool passes_directory(struct cmsghdr *cmsg)
{
	int *fds = (int *)CMSG_DATA(cmsg);
	int i, n = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);

	for (i = 0; i < n; i++) {
		struct file *f = fget_raw(fds[i]);
		bool dir = f && S_ISDIR(file_inode(f)->i_mode);

		if (f)
			fput(f);
		if (dir)
			return true;
	}
	return false;
}

static int pledge_socket_sendmsg(struct socket *sock, struct msghdr *msg,
				 int size)
{
	struct cmsghdr *cmsg;
	u64 have = pledge_current();
	int err;

	if (!(have & PLEDGE_ACTIVE))
		return 0;
	/* The kernel's copy of the address (move_addr_to_kernel). */
	if (msg->msg_name && msg->msg_namelen) {
		err = address_check(sock, msg->msg_name, msg->msg_namelen,
				    "sending to an address");
		if (err)
			return err;
	}
	if (!msg->msg_controllen || msg->msg_control_is_user)
		return 0;
	for_each_cmsghdr(cmsg, msg) {
		if (cmsg->cmsg_level != SOL_SOCKET ||
		    cmsg->cmsg_type != SCM_RIGHTS)
			continue;
		if (passes_directory(cmsg))
			return pledge_fail(have, PROMISE(SENDFD),
					   "sending a directory");
		return pledge_check(PROMISE(SENDFD), "sending a descriptor");
	}
	return 0;
}

static struct security_hook_list net_hooks[] __lsm_ro_after_init = {
	LSM_HOOK_INIT(path_unix_connect, pledge_path_unix_connect),
	LSM_HOOK_INIT(socket_create, pledge_socket_create),
	LSM_HOOK_INIT(socket_connect, pledge_socket_connect),
	LSM_HOOK_INIT(socket_bind, pledge_socket_bind),
	LSM_HOOK_INIT(socket_sendmsg, pledge_socket_sendmsg),
	LSM_HOOK_INIT(socket_setsockopt, pledge_socket_setsockopt),
};

void __init pledge_net_add_hooks(void)
{
	security_add_hooks(net_hooks, ARRAY_SIZE(net_hooks), "pledge");
}
