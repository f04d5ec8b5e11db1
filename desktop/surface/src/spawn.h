/* Running a binding's command. */
#ifndef SURFACE_SPAWN_H
#define SURFACE_SPAWN_H

/* COMMAND under /bin/sh -c, in a session of its own, not waited for. */
void spawn(const char *command);

#endif
