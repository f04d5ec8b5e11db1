/* The VT a seat session owns: graphics mode, keyboard off, switches acked by capd. */
#ifndef CAPD_VT_H
#define CAPD_VT_H

struct vt {
	int fd;		/* -1: no VT (capd -T) */
	int num;
	int kbmode;	/* to restore */
};

/* The number of the VT in front, or -1. */
int vt_active(void);
/* Take VT NUM for a session: relsig SIGUSR1, acqsig SIGUSR2. */
int vt_take(struct vt *vt, int num);
/* Give it back to the console as it was. */
void vt_restore(struct vt *vt);
/* Let a switch away go on (release) or finish one back (acquire). */
int vt_ack_release(struct vt *vt);
int vt_ack_acquire(struct vt *vt);
int vt_switch(struct vt *vt, int num);

#endif
