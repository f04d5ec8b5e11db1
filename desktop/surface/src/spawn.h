/* Running a binding's command, through a launcher holding no device. */
#ifndef SURFACE_SPAWN_H
#define SURFACE_SPAWN_H

/*
 * Fork the launcher. Call it before anything opens a device: the
 * launcher keeps what surface holds then. -1 with errno on failure.
 */
int spawn_init(void);

/* COMMAND under /bin/sh -c, in a session of its own, not waited for. */
void spawn(const char *command);

#endif
